import type { TransactionRequest } from '@chainless/protocol'
import { AbiCoder, Interface } from 'ethers'
import { CRC20_ABI } from './abis.js'
import type { WalletCallContext } from './call-context.js'
import {
  checksumAddress,
  hex,
  invalidParams,
  prepareTransaction,
  type TransactionRequestInput,
} from './prepare.js'
import { broadcastSigned, withAccountQueue } from './send-broadcast.js'
import { audited } from './sign-common.js'
import { confirmAndSignTransaction, isContract } from './sign-transaction.js'
import { isSponsored, sponsoredSend } from './sponsor.js'

/** `walletPay`'s params, as `walletSchemas.walletPay` validated them. */
export interface PayParams {
  /** The payee. */
  to: string
  /** Base units (wei, or the token's smallest unit), decimal. */
  amount: string
  /** A CRC20 (ERC-20) contract; absent: the chain's native currency (DW20). */
  token?: string
}

const erc20 = new Interface(CRC20_ABI)
/** Longest token symbol shown (a hostile token may return a novel). */
const MAX_SYMBOL_CHARS = 32

/** A token's `symbol()` and `decimals()`, read through the RPC proxy; a contract without them is not a token: -32602. */
export async function tokenInfo(
  ctx: WalletCallContext,
  token: string,
): Promise<{ symbol: string; decimals: number }> {
  if (!(await isContract(ctx, token)))
    throw invalidParams('Not a token', `${token} has no code on this chain`)
  const read = async (name: 'symbol' | 'decimals'): Promise<unknown> => {
    const out = await ctx.rpc.request<string>('eth_call', [
      { to: token, data: erc20.encodeFunctionData(name, []) },
      'latest',
    ])
    return erc20.decodeFunctionResult(name, out)[0]
  }
  try {
    const [symbol, decimals] = await Promise.all([read('symbol'), read('decimals')])
    return { symbol: String(symbol).slice(0, MAX_SYMBOL_CHARS), decimals: Number(decimals) }
  } catch (error) {
    throw invalidParams(
      'Not a token',
      `${token} does not answer symbol() and decimals(): ${(error as Error).message?.slice(0, 120)}`,
    )
  }
}

/**
 * `walletPay({ to, amount, token? })`: pays `amount` of the native currency, or of the CRC20 `token`
 * (`transfer(to, amount)`), after one `payment` sheet; signs and broadcasts like `eth_sendTransaction`
 * (a sponsored app's token payment is relayed, the platform paying the fee; a native payment carries
 * value, which the platform never pays: -32003). Resolves with the hash once broadcast.
 *
 * @example
 * ```ts
 * const { hash } = await payHandler({ to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: '1000000000000000000' }, ctx)
 * ```
 */
export function payHandler(params: PayParams, ctx: WalletCallContext): Promise<{ hash: string }> {
  return audited(ctx, 'walletPay', async (note) => {
    const payee = checksumAddress(params.to, 'to')
    const amount = BigInt(params.amount)
    let request: TransactionRequestInput
    let token: TransactionRequest['token']
    if (params.token === undefined) {
      request = { to: payee, value: hex(amount) }
    } else {
      const address = checksumAddress(params.token, 'token')
      const info = await tokenInfo(ctx, address)
      token = { address, ...info, amount: amount.toString(10) }
      request = { to: address, data: erc20.encodeFunctionData('transfer', [payee, amount]) }
    }
    // The sheet's payee and amount come from the bytes to be signed, not from `params`.
    const sheet = (target: {
      to: string | undefined
      value: bigint
      data: string
    }): Partial<TransactionRequest> => {
      if (!token) return { kind: 'payment' }
      const [to, value] = AbiCoder.defaultAbiCoder().decode(
        ['address', 'uint256'],
        `0x${target.data.slice(10)}`,
      )
      return { kind: 'payment', to: String(to), token: { ...token, amount: (value as bigint).toString(10) } }
    }
    if (isSponsored(ctx)) {
      const hash = await withAccountQueue(ctx, () =>
        sponsoredSend(ctx, request, note, (forward) =>
          sheet({ to: forward.request.to, value: 0n, data: forward.request.data }),
        ),
      )
      return { hash }
    }
    return withAccountQueue(ctx, async () => {
      const prepared = await prepareTransaction(request, ctx)
      const signed = await confirmAndSignTransaction(ctx, prepared, note, (reviewed) =>
        sheet({ to: reviewed.shown.to ?? undefined, value: reviewed.shown.value, data: reviewed.shown.data }),
      )
      return { hash: await broadcastSigned(ctx, signed, note) }
    })
  })
}
