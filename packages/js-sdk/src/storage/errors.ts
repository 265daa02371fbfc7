import { ChainlessError, LimitExceededError } from '@chainless/protocol'

/** What a {@link QuotaExceededError} carries from the host. */
export interface StorageQuotaData {
  /** The app's quota, in bytes (UTF-8 of each key plus the JSON of its value). */
  quotaBytes: number
  /** Bytes the app uses now. */
  usedBytes: number
  /** Bytes the app would have used after the write. */
  neededBytes: number
}

/**
 * -32005: the write would pass the app's storage quota; nothing was written. `data` says by how much
 * (from the host; `undefined` outside a host, where the browser's own quota was hit). Free space with
 * `remove` or `clear` and try again.
 *
 * @example
 * ```ts
 * try { await storage.set('cache', big) }
 * catch (e) { if (e instanceof QuotaExceededError) await storage.remove('cache') }
 * ```
 */
export class QuotaExceededError extends LimitExceededError {
  override name = 'QuotaExceededError'
  declare readonly data: StorageQuotaData | undefined
  constructor(data?: StorageQuotaData, cause?: unknown) {
    super('Storage quota exceeded', data, cause === undefined ? {} : { cause })
  }
}

/**
 * Outside a host, the browser refused the app's own IndexedDB (`SecurityError` in a third-party or
 * private context) or has none: nothing was read or written. Not a bridge error (no `code`); the
 * browser's error is the `cause`.
 *
 * @example
 * ```ts
 * try { await storage.get('theme') }
 * catch (e) { if (e instanceof StorageUnavailableError) useDefaults() }
 * ```
 */
export class StorageUnavailableError extends ChainlessError {
  override name = 'StorageUnavailableError'
  constructor(cause?: unknown) {
    super('Storage unavailable', {
      details: 'The browser refused IndexedDB to this page and no Chainless host serves storage.',
      ...(cause === undefined ? {} : { cause }),
    })
  }
}
