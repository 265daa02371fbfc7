import { ChainlessError, type ChainlessErrorOptions } from '@chainless/protocol'

/**
 * A signer failed for a reason other than the user saying no (4001) or no answer in time (4080):
 * an address it does not hold, an already-signed transaction, a signing service's error, a malformed
 * reply. The host maps it to -32603 InternalError and keeps `shortMessage`/`details` on its side only.
 *
 * @example
 * ```ts
 * try { await signer.signMessage({ address, message }) }
 * catch (e) { if (e instanceof SignerError) console.warn(e.shortMessage, e.reason) }
 * ```
 */
export class SignerError extends ChainlessError {
  override name = 'SignerError'
  /** A stable machine-readable reason (e.g. `unknown_address`, `already_signed`, `service_error`). */
  declare readonly reason: string
  constructor(reason: string, message: string, options?: ChainlessErrorOptions) {
    super(message, { docsPath: 'packages/runtime-host/docs/SIGNERS.md', ...options })
    this.reason = reason
  }
}
