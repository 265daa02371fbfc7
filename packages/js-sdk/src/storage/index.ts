/**
 * `@chainless/js-sdk/storage`: a key-value store for the app. Inside a host the wallet keeps it in its
 * own IndexedDB, per app, under a quota (the browser may refuse a third-party frame its own storage);
 * outside one it is the app's own IndexedDB. Values are JSON data. Apps that only call `ready` do not
 * pay for it; nothing runs at import.
 *
 * @example
 * ```ts
 * import * as storage from '@chainless/js-sdk/storage'
 * await storage.set('theme', 'dark')
 * await storage.get('theme') // 'dark'
 * await storage.delete('theme')
 * ```
 */
export type { StorageValue } from '@chainless/protocol'
export {
  BridgeError,
  ChainlessError,
  DisconnectedError,
  InvalidParamsError,
  LimitExceededError,
  TimeoutError,
  UnsupportedMethodError,
} from '@chainless/protocol'
export { QuotaExceededError, type StorageQuotaData, StorageUnavailableError } from './errors.js'
export {
  clear,
  get,
  type KeysOptions,
  keys,
  remove,
  remove as delete,
  type StorageOptions,
  set,
} from './store.js'
