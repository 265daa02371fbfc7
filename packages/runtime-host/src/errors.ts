/** Why {@link RuntimeHost.mount} refused a manifest. */
export type MountErrorCode =
  | 'SAME_ORIGIN'
  | 'INVALID_MANIFEST'
  | 'INVALID_CONTEXT'
  | 'MANIFEST_UNAVAILABLE'
  | 'DELISTED'
  | 'HOST_DESTROYED'

/**
 * Thrown by `host.mount()` when a mini-program must not be mounted.
 *
 * @example
 * ```ts
 * try { host.mount(manifest, el) } catch (e) { if (e instanceof MountError && e.code === 'SAME_ORIGIN') ... }
 * ```
 */
export class MountError extends Error {
  override name = 'MountError'
  /** Machine-readable reason. */
  readonly code: MountErrorCode
  /** Details, e.g. the schema issues of an invalid manifest (named like `BridgeError.data`). */
  readonly data: unknown
  constructor(code: MountErrorCode, message: string, data?: unknown) {
    super(message)
    this.code = code
    this.data = data
  }
}
