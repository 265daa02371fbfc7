/**
 * Where the host keeps the apps' storage: per app, keys mapped to the JSON text of their values.
 * {@link idbStorageBackend} (the default, IndexedDB through idb-keyval) and
 * {@link MemoryStorageBackend} (tests, hosts without IndexedDB) implement it; a wallet may bring its
 * own (e.g. a native store). The host counts the quota and serialises writes; a backend only stores.
 */
export interface StorageBackend {
  /** The JSON text under `key` of `appId`, or `undefined`. */
  get(appId: string, key: string): Promise<string | undefined>
  /** Stores `json` under `key` of `appId`, in one write (all or nothing). */
  set(appId: string, key: string, json: string): Promise<void>
  /** Removes `key` of `appId`; no error when absent. */
  delete(appId: string, key: string): Promise<void>
  /** Keys of `appId` that start with `prefix` (every key when empty), in any order. */
  keys(appId: string, prefix: string): Promise<string[]>
  /** Every `[key, json]` of `appId`, in any order. */
  entries(appId: string): Promise<Array<readonly [string, string]>>
  /** Removes every key of `appId`. */
  clear(appId: string): Promise<void>
}
