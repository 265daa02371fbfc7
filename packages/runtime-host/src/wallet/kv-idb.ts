import { createStore, del, get, promisifyRequest, set, type UseStore } from 'idb-keyval'
import type { KeyValueStore } from './kv.js'

/**
 * The wallet's default {@link KeyValueStore}: IndexedDB through idb-keyval, object store `kv` of the
 * database `dbName`. Records survive a reload of the wallet (pending transactions, audit log, spend
 * counters). The database is opened on first use, so creating the store never throws.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ manifestKeys, wallet: { signer, apiUrl, chains, store: idbKeyValueStore('my-wallet') } })
 * ```
 */
export function idbKeyValueStore(dbName = 'chainless-wallet'): KeyValueStore {
  let store: UseStore | undefined
  // Lazily: `createStore` opens the database at once, and a host may never touch its records.
  const use = (): UseStore => {
    store ??= createStore(dbName, 'kv')
    return store
  }
  return {
    get: <T>(key: string) => get<T>(key, use()),
    set: (key, value) => set(key, value, use()),
    delete: (key) => del(key, use()),
    keys: (prefix = '') =>
      use()('readonly', (s) =>
        // A key range instead of reading every key: '\uffff' sorts after any character a key uses.
        promisifyRequest(
          prefix === '' ? s.getAllKeys() : s.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`)),
        ),
      ).then((keys) => keys.filter((k): k is string => typeof k === 'string')),
  }
}
