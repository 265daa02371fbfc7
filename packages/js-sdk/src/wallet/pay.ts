import type { RpcTransactionReceipt } from '@chainless/protocol'
import { call } from '../call.js'
import { expectHex, type WaitOptions, waitForTransaction } from './transactions.js'
import type { TransactionDroppedError } from './tx-dropped-error.js'
import { ADDRESS, HASH, invalid, isRecord, matches } from './validate.js'

/** What to pay: `amount` base units (a decimal string) of the native currency, or of the CRC20 at `token`. */
export interface PayRequest {
  to: string
  amount: string
  token?: string
}

/** Options of {@link pay}. */
export interface PayOptions extends WaitOptions {
  /** Wait for the final status (default). `false` resolves once broadcast, with status `pending`. */
  wait?: boolean
}

/** The outcome of {@link pay}. */
export interface PayResult {
  hash: string
  status: 'pending' | 'confirmed' | 'failed'
  receipt?: RpcTransactionReceipt
}

// Base units: no sign, no leading zero, no decimals, at most 78 digits (2²⁵⁶ has 78).
const AMOUNT = /^(?:0|[1-9][0-9]{0,77})$/

/**
 * Pays in one call (`walletPay`; scope `asset:transfer`): the user confirms once, the wallet signs and
 * broadcasts a native or CRC20 transfer. Resolves with the hash and the final status (or `pending`
 * with `wait: false`). Bad input rejects with -32602 before anything is sent; a transfer the chain
 * lost rejects with {@link TransactionDroppedError} (as {@link waitForTransaction} does).
 *
 * @example
 * ```ts
 * import { pay } from '@chainless/js-sdk/wallet'
 * const { hash, status } = await pay({ to: '0x…', amount: '1000000000000000000' }) // 1 DW20
 * ```
 */
export async function pay(request: PayRequest, options: PayOptions = {}): Promise<PayResult> {
  if (!isRecord(request)) throw invalid('', 'Expected an object')
  const { to, amount, token } = request
  if (!matches(ADDRESS, to)) throw invalid('to', 'Expected an address')
  // The shape only: the wallet checks that the value fits in 256 bits.
  if (!matches(AMOUNT, amount)) throw invalid('amount', 'Expected a decimal string')
  if (token !== undefined && !matches(ADDRESS, token)) throw invalid('token', 'Expected an address')
  const params = token === undefined ? { to, amount } : { to, amount, token }
  const reply: unknown = await call('walletPay', params, { signal: options.signal })
  const hash = expectHex(HASH)(isRecord(reply) && reply.hash)
  // `options` also carries the wait options (timeoutMs, pollIntervalMs, signal).
  return options.wait === false ? { hash, status: 'pending' } : waitForTransaction(hash, options)
}
