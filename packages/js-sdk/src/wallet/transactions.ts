import { InternalError, type RpcTransactionReceipt, TimeoutError, type TxStatus } from '@chainless/protocol'
import type { CallOptions } from '../call.js'
import { on } from '../events.js'
import { checkTimeout, startTimer } from '../timer.js'
import { walletRequest } from './rpc.js'
import { TransactionDroppedError } from './tx-dropped-error.js'
import { parseTxStatus, receiptStatus } from './tx-status.js'
import { HASH, invalid, isRecord, matches } from './validate.js'

/**
 * A transaction request as `eth_signTransaction` / `eth_sendTransaction` take it (EIP-1474: hex
 * quantities, `0x` data). The wallet fills what is missing (nonce, gas, fees, chain id).
 */
export interface RpcTransactionRequest {
  from?: string
  to?: string | null
  value?: string
  data?: string
  gas?: string
  maxFeePerGas?: string
  maxPriorityFeePerGas?: string
  gasPrice?: string
  nonce?: string
  chainId?: string
  type?: string
  accessList?: readonly { address: string; storageKeys: readonly string[] }[]
}

/** A transaction's final state: the receipt says `confirmed` (status `0x1`) or `failed` (reverted). */
export interface TransactionResult {
  hash: string
  status: 'confirmed' | 'failed'
  /** The receipt (JSON-RPC form); absent only when the wallet's event carried none. */
  receipt?: RpcTransactionReceipt
}

/** Options of {@link waitForTransaction}. */
export interface WaitOptions {
  /** Give up after this many ms: rejects with 4080 `TimeoutError`. Default 120,000; `Infinity`: never. */
  timeoutMs?: number
  /** Ask for the receipt every this many ms (after each answer). Default 1000. */
  pollIntervalMs?: number
  /** Stop waiting: rejects with `signal.reason`. */
  signal?: AbortSignal
}

const HEX = /^0x[0-9a-fA-F]*$/

/** @internal Rejects a reply that is not the hex the method promises (a buggy host), as the bridge does. */
export const expectHex = (pattern: RegExp) => (value: unknown) => {
  if (matches(pattern, value)) return value
  throw new InternalError('Malformed reply')
}

/**
 * Signs a transaction without sending it (`eth_signTransaction`; scope `tx:sign`): the user confirms
 * in the wallet, which fills nonce, gas and fees. Resolves with the raw signed transaction.
 *
 * @example
 * ```ts
 * const raw = await signTransaction({ to: '0x…', value: '0x2386f26fc10000' })
 * const hash = await broadcast(raw)
 * ```
 */
export function signTransaction(tx: RpcTransactionRequest, options?: CallOptions): Promise<string> {
  if (!isRecord(tx)) return Promise.reject(invalid('0', 'Expected a transaction object'))
  return walletRequest('eth_signTransaction', [tx], options).then(expectHex(HEX))
}

/**
 * Broadcasts a signed raw transaction through the platform (`eth_sendRawTransaction`; scope
 * `tx:broadcast`). Resolves with its hash; `txStatus` events follow.
 */
export function broadcast(raw: string, options?: CallOptions): Promise<string> {
  if (!matches(HEX, raw) || raw.length % 2) {
    return Promise.reject(invalid('0', 'Expected 0x-prefixed hex bytes'))
  }
  return walletRequest('eth_sendRawTransaction', [raw], options).then(expectHex(HASH))
}

/**
 * Listens to the status of transactions the wallet sent for this app (`pending`, then `confirmed` or
 * `failed` with the receipt, or `dropped`: the chain lost it, see {@link TransactionDroppedError}).
 * Malformed events are ignored. Returns the unsubscribe function.
 *
 * @example
 * ```ts
 * const stop = onTxStatus(({ hash, status }) => render(hash, status))
 * ```
 */
export function onTxStatus(listener: (status: TxStatus) => void): () => void {
  return on('txStatus', (data) => {
    const status = parseTxStatus(data)
    if (status) listener(status)
  })
}

/**
 * Resolves once `hash` is mined: from the wallet's first final `txStatus` event for it, or from its
 * receipt (`eth_getTransactionReceipt`, asked at once and every `pollIntervalMs`), whichever comes
 * first, so a page reloaded after the event still learns the outcome. A failed poll is retried.
 * Rejects with {@link TransactionDroppedError} when the wallet reports it `dropped` (the chain lost
 * it: it will never be mined), with 4080 `TimeoutError` after `timeoutMs`.
 *
 * @example
 * ```ts
 * const { status, receipt } = await waitForTransaction(hash, { timeoutMs: 60_000 })
 * ```
 */
export function waitForTransaction(
  hash: string,
  { timeoutMs = 120_000, pollIntervalMs = 1000, signal }: WaitOptions = {},
): Promise<TransactionResult> {
  if (!matches(HASH, hash)) return Promise.reject(invalid('hash', 'Expected a hash'))
  const bad = checkTimeout(timeoutMs) ?? checkTimeout(pollIntervalMs)
  if (bad) return Promise.reject(bad)
  if (signal?.aborted) return Promise.reject(signal.reason)
  const done = new AbortController()
  let stop: (() => void) | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let poll: ReturnType<typeof setTimeout> | undefined
  // resolve/reject settle once; whichever comes first wins, then everything stops.
  return new Promise<TransactionResult>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { signal: done.signal })
    stop = onTxStatus((event) => {
      if (event.hash.toLowerCase() !== hash.toLowerCase() || event.status === 'pending') return
      if (event.status === 'dropped') reject(new TransactionDroppedError(hash))
      else resolve(event as TransactionResult)
    })
    timer = startTimer(() => reject(new TimeoutError(undefined, { hash, timeoutMs })), timeoutMs)
    const check = () => {
      walletRequest('eth_getTransactionReceipt', [hash], { signal: done.signal, timeout: 30_000 })
        .then((receipt) => {
          const status = receiptStatus(receipt)
          if (status) resolve({ hash, status, receipt: receipt as RpcTransactionReceipt })
        })
        .catch(() => {})
        .then(() => {
          if (!done.signal.aborted) poll = startTimer(check, pollIntervalMs)
        })
    }
    check()
  }).finally(() => {
    done.abort()
    stop?.()
    clearTimeout(timer)
    clearTimeout(poll)
  })
}
