import type { RpcTransactionReceipt } from '@chainless/protocol'
import { call } from '../call.js'
import { type WaitOptions, waitForTransaction } from './transactions.js'
import { ADDRESS, invalid, isRecord } from './validate.js'

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
 * with `wait: false`). Bad input rejects with -32602 before anything is sent.
 *
 * @example
 * ```ts
 * import { pay } from '@chainless/js-sdk/wallet'
 * const { hash, status } = await pay({ to: '0x…', amount: '1000000000000000000' }) // 1 DW20
 * ```
 */
export async function pay(
  request: PayRequest,
  { wait = true, signal, ...waitOptions }: PayOptions = {},
): Promise<PayResult> {
  if (!isRecord(request)) throw invalid('', 'Expected an object')
  const { to, amount, token } = request
  if (typeof to !== 'string' || !ADDRESS.test(to)) throw invalid('to', 'Expected an address')
  // The shape only: the wallet checks the value fits in 256 bits.
  if (typeof amount !== 'string' || !AMOUNT.test(amount)) throw invalid('amount', 'Expected a decimal string')
  if (token !== undefined && (typeof token !== 'string' || !ADDRESS.test(token))) {
    throw invalid('token', 'Expected an address')
  }
  const { hash } = await call('walletPay', token === undefined ? { to, amount } : { to, amount, token }, {
    signal,
  })
  return wait ? waitForTransaction(hash, { ...waitOptions, signal }) : { hash, status: 'pending' }
}
