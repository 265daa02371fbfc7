/**
 * Where the wallet keeps its records (pending transactions, audit log, spend counters, connections):
 * an async key-value store. The default is IndexedDB through idb-keyval; {@link MemoryKeyValueStore}
 * serves tests and non-browser hosts. Values are structured-clone data; never secrets.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<void>
  /** Keys that start with `prefix` (all keys when empty). */
  keys(prefix?: string): Promise<string[]>
}
