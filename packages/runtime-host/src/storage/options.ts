import { InvalidOptionError } from '../invalid-option-error.js'
import { numberOption } from '../options.js'
import { AppStorage, DEFAULT_STORAGE_QUOTA_BYTES } from './app-storage.js'
import type { StorageBackend } from './backend.js'
import { idbStorageBackend } from './idb-backend.js'

/** The `storage` option of `createRuntimeHost`: how the host keeps the apps' key-value data. */
export interface StorageOptions {
  /** Per-app quota in bytes (UTF-8 of each key plus the JSON of its value). Default 5 MiB. */
  quotaBytes?: number
  /** Where the data lives. Default {@link idbStorageBackend} (the host page's IndexedDB). */
  store?: StorageBackend
}

/**
 * @internal The host's storage for the `storage` option, or `undefined` when it is not served:
 * `false`, or no `store` given where the page has no IndexedDB (a method that fails on every call
 * would be worse than one not advertised).
 * @throws {InvalidOptionError} for a quota that is not a positive safe integer, or a malformed store
 */
export function resolveStorage(option: StorageOptions | false | undefined): AppStorage | undefined {
  if (option === false) return undefined
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    throw new InvalidOptionError('storage', 'false or { quotaBytes?, store? }')
  }
  const quotaBytes = numberOption('storage.quotaBytes', option?.quotaBytes, DEFAULT_STORAGE_QUOTA_BYTES, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  })
  if (!Number.isInteger(quotaBytes))
    throw new InvalidOptionError('storage.quotaBytes', 'a whole number of bytes')
  const store = option?.store
  if (store !== undefined) {
    const methods = ['get', 'set', 'delete', 'keys', 'entries', 'clear'] as const
    if (methods.some((m) => typeof store?.[m] !== 'function')) {
      throw new InvalidOptionError('storage.store', `a StorageBackend (${methods.join(', ')})`)
    }
    return new AppStorage(store, quotaBytes)
  }
  if (typeof globalThis.indexedDB === 'undefined') return undefined
  return new AppStorage(idbStorageBackend(), quotaBytes)
}
