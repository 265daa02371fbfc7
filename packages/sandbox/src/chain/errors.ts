import { ChainlessError } from '@chainless/protocol'

/** Why the local chain could not start. */
export type ChainErrorCode = 'EADDRINUSE' | 'INVALID_OPTIONS' | 'DEPLOY_FAILED' | 'START_FAILED'

/**
 * Error thrown by {@link startChain}: short message, a stable `code` and structured `data`. A
 * {@link ChainlessError}: the `cause` stays local.
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
export class ChainError extends ChainlessError {
  override name = 'ChainError'
  /** Stable code: `EADDRINUSE`, `INVALID_OPTIONS`, `DEPLOY_FAILED` or `START_FAILED`. */
  readonly code: ChainErrorCode
  /** Structured data (host, port, option name, ...). */
  readonly data: Readonly<Record<string, unknown>>
  constructor(
    code: ChainErrorCode,
    message: string,
    data: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, { docsPath: 'packages/sandbox#local-chain', cause: options?.cause })
    this.code = code
    this.data = data
  }
}
