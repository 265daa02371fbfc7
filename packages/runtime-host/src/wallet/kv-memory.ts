import type { KeyValueStore } from './kv.js'

/**
 * A {@link KeyValueStore} in memory: for tests and hosts without IndexedDB. Values are stored as
 * structured clones, as IndexedDB does, so a caller that mutates an object after `set` (or the
 * result of `get`) does not change what is stored.
 *
 * @example
 * ```ts
 * const store = new MemoryKeyValueStore()
 * await store.set('tx:0xabc', { state: 'signed' })
 * await store.keys('tx:') // ['tx:0xabc']
 * ```
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #map = new Map<string, unknown>()

  /** The value under `key`, a fresh copy, or `undefined`. */
  async get<T>(key: string): Promise<T | undefined> {
    return this.#map.has(key) ? (structuredClone(this.#map.get(key)) as T) : undefined
  }

  /** Stores a structured clone of `value` (throws `DataCloneError` for functions, like IndexedDB). */
  async set(key: string, value: unknown): Promise<void> {
    this.#map.set(key, structuredClone(value))
  }

  /** Removes `key`; no error when absent. */
  async delete(key: string): Promise<void> {
    this.#map.delete(key)
  }

  /** Keys starting with `prefix`, sorted (IndexedDB's order for string keys). */
  async keys(prefix = ''): Promise<string[]> {
    return [...this.#map.keys()].filter((k) => k.startsWith(prefix)).sort()
  }
}
