import { QuotaExceededError, StorageUnavailableError } from './errors.js'

/** The app's own database outside a host: one object store of string keys. */
const DB = 'chainless-storage'
const STORE = 'kv'

let opening: Promise<IDBDatabase> | undefined

/** Opens the database once; a refusal (SecurityError, no IndexedDB) is {@link StorageUnavailableError}. */
function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    // Reading `indexedDB` itself may throw SecurityError (sandboxed or opaque-origin frames).
    const request = globalThis.indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => {
      const db = request.result
      // Another tab upgrading: let it, and open again on next use.
      db.onversionchange = () => {
        db.close()
        opening = undefined
      }
      resolve(db)
    }
    request.onerror = () => reject(request.error)
    request.onblocked = () => reject(new DOMException('Blocked', 'AbortError'))
  }).catch((error: unknown) => {
    opening = undefined
    throw new StorageUnavailableError(error)
  })
  return opening
}

/**
 * @internal Runs `work` in one transaction of the app's own IndexedDB and resolves with its request's
 * result once the transaction committed (so a resolved `set` is durable). `signal` aborts the
 * transaction: nothing is written and the call rejects with `signal.reason`.
 */
export async function local<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted()
  let db: IDBDatabase
  try {
    db = await open()
  } catch (error) {
    // Also a synchronous SecurityError from `indexedDB` or `open`.
    throw error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error)
  }
  signal?.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const request = work(tx.objectStore(STORE))
    const onAbort = () => tx.abort()
    signal?.addEventListener('abort', onAbort)
    const done = () => signal?.removeEventListener('abort', onAbort)
    tx.oncomplete = () => {
      done()
      resolve(request.result)
    }
    tx.onerror = tx.onabort = () => {
      done()
      const error = tx.error ?? request.error
      if (signal?.aborted) reject(signal.reason)
      else if (error?.name === 'QuotaExceededError') reject(new QuotaExceededError(undefined, error))
      else reject(error ?? new DOMException('Aborted', 'AbortError'))
    }
  })
}
