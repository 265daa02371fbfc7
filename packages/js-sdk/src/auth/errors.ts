import { ChainlessError, DisconnectedError } from '@chainless/protocol'

/**
 * The `state` the wallet echoed is not the one `authorize` sent (RFC 6749 §10.12: the reply belongs to
 * another request, a CSRF or a confused host). The code is dropped: never redeem it. Not a bridge
 * error (no `code`): check `reason === 'state_mismatch'` or `instanceof StateMismatchError`.
 *
 * @example
 * ```ts
 * try { await authorize({ scope: 'user:basic' }) }
 * catch (e) { if (e instanceof StateMismatchError) location.reload() }
 * ```
 */
export class StateMismatchError extends ChainlessError {
  override name = 'StateMismatchError'
  /** Always `'state_mismatch'`. */
  declare readonly reason: 'state_mismatch'
  constructor() {
    super('State mismatch')
    this.reason = 'state_mismatch'
  }
}

/**
 * @internal 4900 at once outside a host: a plain tab has no wallet, hence no signer to log in with.
 * (Inside a host the bridge's own 4900 applies when it goes away.)
 */
export const noWallet = () =>
  new DisconnectedError('Login needs the wallet: not running inside a Chainless host')
