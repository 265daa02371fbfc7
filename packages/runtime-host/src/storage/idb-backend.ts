import { createStore, del, get, promisifyRequest, set, type UseStore } from 'idb-keyval'
import type { StorageBackend } from './backend.js'

/**
 * The smallest string above every string that starts with `prefix` (IndexedDB compares strings by
 * UTF-16 code units), or `undefined` when there is none (empty prefix, or only U+FFFF units).
 */
export function prefixEnd(prefix: string): string | undefined {
  let end = prefix
  while (end.length > 0 && end.charCodeAt(end.length - 1) === 0xffff) end = end.slice(0, -1)
  if (end.length === 0) return undefined
  return end.slice(0, -1) + String.fromCharCode(end.charCodeAt(end.length - 1) + 1)
}

/**
 * The default {@link StorageBackend}: IndexedDB of the host page through idb-keyval, object store
 * `kv` of the database `dbName`, one record per app and key under the array key `[appId, key]`, so no
 * appId or key can reach another app's records (no separator to forge). Opened on first use.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ storage: { store: idbStorageBackend('my-wallet-apps') } })
 * ```
 */
export function idbStorageBackend(dbName = 'chainless-app-storage'): StorageBackend {
  let store: UseStore | undefined
  const use = (): UseStore => {
    store ??= createStore(dbName, 'kv')
    return store
  }
  // Arrays sort after strings in IndexedDB: `[appId, []]` is above every `[appId, <string>]`.
  const range = (appId: string, prefix = '') =>
    IDBKeyRange.bound([appId, prefix], [appId, prefixEnd(prefix) ?? []], false, true)
  const keysOf = (raw: IDBValidKey[]) =>
    raw.flatMap((k) => (Array.isArray(k) && typeof k[1] === 'string' ? [k[1]] : []))
  return {
    get: (appId, key) => get<string>([appId, key], use()),
    set: (appId, key, json) => set([appId, key], json, use()),
    delete: (appId, key) => del([appId, key], use()),
    keys: (appId, prefix) =>
      use()('readonly', (s) => promisifyRequest(s.getAllKeys(range(appId, prefix)))).then(keysOf),
    entries: (appId) =>
      use()('readonly', (s) =>
        Promise.all([promisifyRequest(s.getAllKeys(range(appId))), promisifyRequest(s.getAll(range(appId)))]),
      ).then(([keys, values]) =>
        // Zipped before filtering, so a foreign record cannot shift keys against values.
        keys.flatMap((k, i) =>
          Array.isArray(k) && typeof k[1] === 'string' && typeof values[i] === 'string'
            ? [[k[1], values[i] as string] as const]
            : [],
        ),
      ),
    clear: (appId) =>
      use()('readwrite', (s) => {
        s.delete(range(appId))
        return promisifyRequest(s.transaction)
      }),
  }
}
