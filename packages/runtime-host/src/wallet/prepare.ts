import {
  BridgeError,
  ChainDisconnectedError,
  InvalidParamsError,
  UnauthorizedError,
} from '@chainless/protocol'
import { MAX_TX_DATA_BYTES, type transactionRequestSchema } from '@chainless/protocol/schemas'
import { getAddress, Transaction, type TransactionLike } from 'ethers'
import type * as v from 'valibot'
import type { WalletCallContext } from './call-context.js'

/** A transaction request as `transactionRequestSchema` validated it (EIP-1474 hex quantities). */
export type TransactionRequestInput = v.InferOutput<typeof transactionRequestSchema>

/** What {@link prepareTransaction} needs from the call context. */
export type PrepareContext = Pick<WalletCallContext, 'account' | 'chain' | 'rpc'>

/** Options of {@link prepareTransaction}. */
export interface PrepareOptions {
  /** Nonce to use when the request has none (a batch's next call); default: the chain's pending count. */
  nonce?: number
}

/** Largest uint256. */
const MAX_UINT256 = (1n << 256n) - 1n
/** EIP-2681: a nonce is below 2^64 − 1; ethers keeps nonces as numbers, so they must also be safe integers. */
const MAX_NONCE = BigInt(Number.MAX_SAFE_INTEGER)
/** The estimate is padded by 20 %: state may change between estimation and inclusion. */
const GAS_MARGIN_PERCENT = 120n
/** Tip when the node cannot suggest one (`eth_maxPriorityFeePerGas` is not in every node): 1 gwei. */
const FALLBACK_PRIORITY_FEE = 1_000_000_000n

/** The parts of a block `prepareTransaction` reads. */
interface RpcBlock {
  gasLimit: string
  baseFeePerGas?: string | null
}

/** `-32602` with a short message and the details for the developer's console. */
export function invalidParams(message: string, details?: string): InvalidParamsError {
  return new InvalidParamsError(message, undefined, details === undefined ? undefined : { details })
}

/**
 * `address` EIP-55 checksummed. All-lower or all-upper case is accepted as is (no checksum to check);
 * mixed case with a wrong checksum is a typo or a forgery: -32602.
 * @see https://eips.ethereum.org/EIPS/eip-55
 */
export function checksumAddress(address: string, field = 'address'): string {
  try {
    return getAddress(address)
  } catch {
    throw invalidParams(
      `Bad ${field}`,
      `${field} ${address.slice(0, 42)} is not an address or fails its EIP-55 checksum`,
    )
  }
}

const quantity = (hex: string): bigint => BigInt(hex)

/**
 * Turns a validated EIP-1474 transaction request into the unsigned transaction the user will be shown
 * and the signer will sign: EIP-1559 (type 2) unless `gasPrice` or a legacy `type` is given. Every
 * field is set here, from the request or the chain (nonce `eth_getTransactionCount(from, 'pending')`,
 * gas `eth_estimateGas` + 20 %, fees from the latest block's base fee × 2 + `eth_maxPriorityFeePerGas`),
 * so nothing is left for a signer or node to fill in after the user confirmed.
 *
 * Rejects with `UnauthorizedError` (4100) for a `from` that is not the account, `ChainDisconnectedError`
 * (4901) for another chain id, `InvalidParamsError` (-32602) for conflicting, malformed or overflowing
 * fields; RPC failures pass through (e.g. a reverting estimate).
 *
 * @example
 * ```ts
 * const tx = await prepareTransaction({ to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', value: '0x1' }, ctx)
 * tx.unsignedSerialized // the bytes to show and sign
 * ```
 */
export async function prepareTransaction(
  input: TransactionRequestInput,
  ctx: PrepareContext,
  options: PrepareOptions = {},
): Promise<Transaction> {
  // A snapshot: whoever holds `input` cannot change a field between the awaits below.
  const request: TransactionRequestInput = structuredClone(input)
  const account = ctx.account
  const { to, data, value } = checkRequest(request, ctx)

  const type = typeOf(request)
  let nonce: number
  if (request.nonce !== undefined) {
    const n = quantity(request.nonce)
    if (n > MAX_NONCE) throw invalidParams('Nonce too large')
    nonce = Number(n)
  } else if (options.nonce !== undefined) {
    nonce = options.nonce
  } else {
    const n = quantity(await ctx.rpc.request<string>('eth_getTransactionCount', [account, 'pending']))
    if (n > MAX_NONCE)
      throw new BridgeError(-32603, 'Internal error', undefined, { details: 'Chain nonce too large' })
    nonce = Number(n)
  }

  const block = await ctx.rpc.request<RpcBlock>('eth_getBlockByNumber', ['latest', false])
  const blockGasLimit = quantity(block.gasLimit)
  let gasLimit: bigint
  if (request.gas !== undefined) {
    gasLimit = quantity(request.gas)
    if (gasLimit > blockGasLimit)
      throw invalidParams('Gas too high', `gas ${gasLimit} exceeds the block gas limit ${blockGasLimit}`)
  } else {
    const call: Record<string, string> = { from: account, value: hex(value), data }
    if (to !== null) call.to = to
    const estimate = quantity(await ctx.rpc.request<string>('eth_estimateGas', [call]))
    gasLimit = (estimate * GAS_MARGIN_PERCENT + 99n) / 100n
    if (gasLimit > blockGasLimit) gasLimit = blockGasLimit
  }

  const tx: TransactionLike<string> = {
    type,
    chainId: BigInt(ctx.chain.chainId),
    nonce,
    gasLimit,
    to,
    value,
    data,
  }
  let maxFee: bigint
  if (type === 2) {
    const baseFee = block.baseFeePerGas == null ? 0n : quantity(block.baseFeePerGas)
    const tip =
      request.maxPriorityFeePerGas !== undefined
        ? quantity(request.maxPriorityFeePerGas)
        : await priorityFee(ctx)
    maxFee = request.maxFeePerGas !== undefined ? quantity(request.maxFeePerGas) : baseFee * 2n + tip
    if (tip > maxFee)
      throw invalidParams('Priority fee above max fee', 'maxPriorityFeePerGas exceeds maxFeePerGas')
    tx.maxFeePerGas = maxFee
    tx.maxPriorityFeePerGas = tip
  } else {
    maxFee =
      request.gasPrice !== undefined
        ? quantity(request.gasPrice)
        : quantity(await ctx.rpc.request<string>('eth_gasPrice', []))
    tx.gasPrice = maxFee
  }
  // The most the account can be charged must fit in 256 bits: beyond that no node accepts it.
  if (gasLimit * maxFee + value > MAX_UINT256)
    throw invalidParams('Value overflow', 'gas × fee + value exceeds 2^256 − 1')
  if (type !== 0 && request.accessList !== undefined) {
    tx.accessList = request.accessList.map((entry) => ({
      address: checksumAddress(entry.address, 'accessList address'),
      storageKeys: entry.storageKeys.map((k) => k.toLowerCase()),
    }))
  }
  try {
    return Transaction.from(tx)
  } catch (error) {
    throw new InvalidParamsError('Invalid transaction', undefined, {
      details: error instanceof Error ? error.message.slice(0, 200) : undefined,
      cause: error,
    })
  }
}

/** The target of a request after {@link checkRequest}: checksummed `to` (null: contract creation), lower-case data, value. */
export interface CheckedTarget {
  to: string | null
  data: string
  value: bigint
}

/**
 * The checks every transaction request passes before anything is asked of the chain: `from` is the
 * account (else 4100), `chainId` the current chain (else 4901), `data` and `input` agree, addresses
 * pass EIP-55, data fits (else -32602).
 */
export function checkRequest(
  request: TransactionRequestInput,
  ctx: Pick<WalletCallContext, 'account' | 'chain'>,
): CheckedTarget {
  if (request.from !== undefined && checksumAddress(request.from, 'from') !== ctx.account) {
    throw new UnauthorizedError('Unauthorized', undefined, { details: '`from` is not the connected account' })
  }
  const chainId = BigInt(ctx.chain.chainId)
  if (request.chainId !== undefined && quantity(request.chainId) !== chainId) {
    throw new ChainDisconnectedError('Chain not available', undefined, {
      details: `The transaction is for chain ${quantity(request.chainId)}; the wallet is on ${chainId}`,
    })
  }
  if (
    request.data !== undefined &&
    request.input !== undefined &&
    request.data.toLowerCase() !== request.input.toLowerCase()
  ) {
    throw invalidParams('Conflicting data and input', 'A request may carry `data` or `input`, or both equal')
  }
  const data = (request.data ?? request.input ?? '0x').toLowerCase()
  if ((data.length - 2) / 2 > MAX_TX_DATA_BYTES)
    throw invalidParams('Data too large', `At most ${MAX_TX_DATA_BYTES} bytes`)
  const to = request.to == null ? null : checksumAddress(request.to, 'to')
  if (to === null && data === '0x') throw invalidParams('Missing to', 'A contract creation needs data')
  const value = quantity(request.value ?? '0x0')

  return { to, data, value }
}

/** EIP-2718 type: explicit `type`, else legacy when `gasPrice` is given, else EIP-1559. */
function typeOf(request: TransactionRequestInput): 0 | 1 | 2 {
  const explicit = request.type === undefined ? undefined : (Number(quantity(request.type)) as 0 | 1 | 2)
  const has1559 = request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined
  if (request.gasPrice !== undefined && has1559) {
    throw invalidParams(
      'Conflicting fees',
      'gasPrice and maxFeePerGas/maxPriorityFeePerGas exclude each other',
    )
  }
  if (explicit === 2 && request.gasPrice !== undefined)
    throw invalidParams('Conflicting fees', 'type 2 takes no gasPrice')
  if (explicit !== undefined && explicit !== 2 && has1559) {
    throw invalidParams('Conflicting fees', `type ${explicit} takes gasPrice, not EIP-1559 fees`)
  }
  if (explicit === 0 && request.accessList !== undefined)
    throw invalidParams('Conflicting fields', 'type 0 has no access list')
  if (explicit !== undefined) return explicit
  if (request.gasPrice !== undefined) return request.accessList !== undefined ? 1 : 0
  return 2
}

async function priorityFee(ctx: PrepareContext): Promise<bigint> {
  try {
    return quantity(await ctx.rpc.request<string>('eth_maxPriorityFeePerGas', []))
  } catch (error) {
    // A node without the method answers -32601 (or the proxy 4200); anything else (outage) is real.
    if (error instanceof BridgeError && (error.code === -32601 || error.code === 4200))
      return FALLBACK_PRIORITY_FEE
    throw error
  }
}

/** `0x` hex quantity of `n`. */
export function hex(n: bigint): string {
  return `0x${n.toString(16)}`
}

/**
 * The most the network fee of `tx` can be, in wei: gas limit × max fee per gas (or gas price). What the
 * sheet shows as the fee, and what the account must hold besides the value.
 */
export function maxFeeOf(tx: Transaction): bigint {
  return tx.gasLimit * (tx.type === 2 ? (tx.maxFeePerGas ?? 0n) : (tx.gasPrice ?? 0n))
}
