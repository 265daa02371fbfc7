import { ChainlessError } from '@chainless/protocol'

/**
 * The wallet reported the transaction `dropped`: the platform's chain no longer knows it (a dev chain
 * restarted fresh), so it never ran and never will by itself. Nothing was spent; ask the user to send
 * it again. Not a bridge error (no `code`): the wallet answered normally, the transaction is what
 * failed to land.
 *
 * @example
 * ```ts
 * try { await waitForTransaction(hash) }
 * catch (e) { if (e instanceof TransactionDroppedError) showRetry(e.hash) }
 * ```
 */
export class TransactionDroppedError extends ChainlessError {
  override name = 'TransactionDroppedError'
  /** The dropped transaction's hash, as the wallet sent it. */
  declare readonly hash: string
  constructor(hash: string) {
    super('Transaction dropped', {
      details: 'The chain lost it (restarted fresh): it never ran. Send it again.',
    })
    this.hash = hash
  }
}
