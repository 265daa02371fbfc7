import { ChainDisconnectedError, UnauthorizedError } from '@chainless/protocol'
import { MAX_TX_DATA_BYTES } from '@chainless/protocol/schemas'
import { Transaction } from 'ethers'
import type { Eip1193Handler, WalletCallContext } from './call-context.js'
import { invalidParams, prepareTransaction, type TransactionRequestInput } from './prepare.js'
import { broadcastSigned, withAccountQueue } from './send-broadcast.js'
import { getCallsStatus, sendCalls } from './send-calls.js'
import { audited } from './sign-common.js'
import { confirmAndSignTransaction } from './sign-transaction.js'
import { isSponsored, sponsoredSend } from './sponsor.js'

/** `eth_sendTransaction` `[request]` → hash: confirm, sign, broadcast (relay for a sponsored app). */
const sendTransaction: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'eth_sendTransaction', async (note) => {
    const request = params[0] as TransactionRequestInput
    if (isSponsored(ctx)) return withAccountQueue(ctx, () => sponsoredSend(ctx, request, note))
    return withAccountQueue(ctx, async () => {
      const prepared = await prepareTransaction(request, ctx)
      const signed = await confirmAndSignTransaction(ctx, prepared, note)
      return broadcastSigned(ctx, signed, note)
    })
  })

/**
 * Decodes a raw transaction an app wants broadcast and checks it may be: canonical EIP-2718 bytes of
 * type 0, 1 or 2 (no blob or EIP-7702 authorisation transactions), at most {@link MAX_TX_DATA_BYTES},
 * signed by the connected account (else 4100) for the current chain (else 4901).
 */
export function checkRawTransaction(ctx: WalletCallContext, raw: string): Transaction {
  if ((raw.length - 2) / 2 > MAX_TX_DATA_BYTES)
    throw invalidParams('Transaction too large', `At most ${MAX_TX_DATA_BYTES} bytes`)
  let tx: Transaction
  try {
    tx = Transaction.from(raw)
  } catch (error) {
    throw invalidParams('Malformed transaction', (error as Error).message?.slice(0, 200))
  }
  if (tx.type !== 0 && tx.type !== 1 && tx.type !== 2)
    throw invalidParams('Unsupported transaction type', `type ${tx.type}`)
  if (!tx.isSigned()) throw invalidParams('Unsigned transaction')
  if (tx.serialized !== raw.toLowerCase())
    throw invalidParams('Malformed transaction', 'Not canonically encoded')
  if (tx.from !== ctx.account) {
    throw new UnauthorizedError('Unauthorized', undefined, {
      details: 'The transaction is not signed by the connected account',
    })
  }
  if (tx.chainId !== BigInt(ctx.chain.chainId)) {
    throw new ChainDisconnectedError('Chain not available', undefined, {
      details: `The transaction is for chain ${tx.chainId}; the wallet is on ${ctx.chain.chainId}`,
    })
  }
  return tx
}

/** `eth_sendRawTransaction` `[raw]` → hash. No sheet: the bytes were confirmed when they were signed. */
const sendRawTransaction: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'eth_sendRawTransaction', async (note) => {
    const tx = checkRawTransaction(ctx, params[0] as string)
    return broadcastSigned(ctx, tx, note)
  })

/**
 * The sending methods: `eth_sendTransaction` (confirm, sign, broadcast; sponsored apps relay an
 * ERC-2771 request and the platform pays the fee), `eth_sendRawTransaction` (the account's own signed
 * bytes, broadcast), EIP-5792 `wallet_sendCalls` / `wallet_getCallsStatus`. `params` were validated
 * by `eip1193ParamSchemas`; every call is audited.
 *
 * @example
 * ```ts
 * const hash = await sendHandlers.eth_sendTransaction([{ to, value: '0x1' }], ctx)
 * ```
 */
export const sendHandlers: Readonly<
  Record<
    'eth_sendTransaction' | 'eth_sendRawTransaction' | 'wallet_sendCalls' | 'wallet_getCallsStatus',
    Eip1193Handler
  >
> = Object.freeze({
  eth_sendTransaction: sendTransaction,
  eth_sendRawTransaction: sendRawTransaction,
  wallet_sendCalls: sendCalls,
  wallet_getCallsStatus: getCallsStatus,
})
