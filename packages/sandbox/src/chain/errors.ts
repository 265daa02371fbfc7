/** Why the local chain could not start. */
export type ChainErrorCode = 'EADDRINUSE' | 'INVALID_OPTIONS' | 'DEPLOY_FAILED' | 'START_FAILED'

/**
 * Error thrown by {@link startChain}: short message, a stable `code` and structured `details`.
 *
 * @example
 * ```ts
 * try {
 *   await startChain({ port: 8545 })
 * } catch (e) {
 *   if (e instanceof ChainError && e.code === 'EADDRINUSE') console.error(e.message)
 * }
 * ```
 */
export class ChainError extends Error {
  override name = 'ChainError'
  /** Stable code: `EADDRINUSE`, `INVALID_OPTIONS`, `DEPLOY_FAILED` or `START_FAILED`. */
  readonly code: ChainErrorCode
  /** Structured details (host, port, option name, ...). */
  readonly details: Readonly<Record<string, unknown>>
  constructor(
    code: ChainErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.code = code
    this.details = details
  }
}
