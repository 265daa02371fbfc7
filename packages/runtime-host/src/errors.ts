import { ChainlessError, type ChainlessErrorOptions } from '@chainless/protocol'

/** Why {@link RuntimeHost.mount} (or `loadManifest`) refused a manifest. */
export type MountErrorCode =
  | 'SAME_ORIGIN'
  | 'INVALID_MANIFEST'
  | 'UNVERIFIED_MANIFEST'
  | 'INVALID_CONTEXT'
  | 'MANIFEST_UNAVAILABLE'
  | 'DELISTED'
  | 'HOST_DESTROYED'

/**
 * Thrown by `host.mount()`, `host.open()` and `loadManifest()` when a mini-program must not be mounted.
 * `MANIFEST_UNAVAILABLE` (the platform API could not be reached or answered 5xx/429) is worth retrying;
 * every other code is not.
 *
 * @example
 * ```ts
 * try { host.mount(manifest, el) } catch (e) { if (e instanceof MountError && e.code === 'SAME_ORIGIN') ... }
 * ```
 */
export class MountError extends ChainlessError {
  override name = 'MountError'
  /** Machine-readable reason. */
  readonly code: MountErrorCode
  /** Details, e.g. the schema issues of an invalid manifest (named like `BridgeError.data`). */
  readonly data: unknown
  constructor(code: MountErrorCode, message: string, data?: unknown, options?: ChainlessErrorOptions) {
    super(message, { docsPath: 'packages/runtime-host#errors', ...options })
    this.code = code
    this.data = data
  }
  /** Whether trying again later may succeed (only `MANIFEST_UNAVAILABLE`). */
  get retryable(): boolean {
    return this.code === 'MANIFEST_UNAVAILABLE'
  }
}
