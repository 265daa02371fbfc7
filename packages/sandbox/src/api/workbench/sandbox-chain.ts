import { Fragment, Interface, type InterfaceAbi, type JsonFragment, Wallet } from 'ethers'
import { deriveTestAccounts } from '../../chain/accounts.js'
import { FORWARDER_ARTIFACT, STANDARD_ARTIFACTS } from '../../chain/artifacts.js'
import { FORWARDER_ADDRESS, STANDARD_CONTRACT_ADDRESSES } from '../../chain/constants.js'
import { ChainRpcError, chainRequest } from '../chainClient.js'
import { ApiProblem } from '../problem.js'
import { decodeRevert, revertDataOf } from './revert.js'

const GWEI = 10n ** 9n
// The set-up's fees (chain/deploy.ts): the dev chain's base fee stays far below them.
const FEES = { maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 1n * GWEI } as const
const RECEIPT_TIMEOUT_MS = 30_000
const MAX_GAS = 30_000_000n

/** A mined transaction's receipt (the fields the workbench reads). */
export interface Receipt {
  status: string
  contractAddress: string | null
  logs: { address: string; topics: string[]; data: string }[]
}

/** The standard contracts and the forwarder, with their ABIs. */
export const STANDARD_CONTRACTS: readonly { name: string; address: string; abi: InterfaceAbi }[] = [
  { name: 'CRC20', address: STANDARD_CONTRACT_ADDRESSES.CRC20, abi: STANDARD_ARTIFACTS.CRC20.abi },
  { name: 'CRC721', address: STANDARD_CONTRACT_ADDRESSES.CRC721, abi: STANDARD_ARTIFACTS.CRC721.abi },
  { name: 'CRC1155', address: STANDARD_CONTRACT_ADDRESSES.CRC1155, abi: STANDARD_ARTIFACTS.CRC1155.abi },
  { name: 'ChainlessForwarder', address: FORWARDER_ADDRESS, abi: FORWARDER_ARTIFACT.abi },
]

/**
 * The workbench's access to the local chain: JSON-RPC reads, the node's `evm_*` cheats, and
 * transactions from test account 0 (the standard contracts' owner), signed in process and sent one at
 * a time with the account's pending nonce (the wallet may use that account too).
 *
 * @example
 * ```ts
 * const chain = new SandboxChain({ rpcUrl: 'http://127.0.0.1:8545', chainId: 49569 })
 * await chain.call(STANDARD_CONTRACTS[0].address, crc20.encodeFunctionData('totalSupply'))
 * ```
 */
export class SandboxChain {
  readonly rpcUrl: string
  readonly chainId: number
  readonly owner: Wallet
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: { rpcUrl: string; chainId: number; ownerKey?: string }) {
    this.rpcUrl = options.rpcUrl
    this.chainId = options.chainId
    this.owner = new Wallet(options.ownerKey ?? deriveTestAccounts(1)[0]!.privateKey)
  }

  /**
   * One JSON-RPC request. A JSON-RPC error the caller did not expect is a 502 `chain_error`.
   * @throws {ApiProblem}
   */
  async rpc(method: string, params: unknown[]): Promise<unknown> {
    try {
      return await chainRequest(this.rpcUrl, method, params)
    } catch (e) {
      if (e instanceof ChainRpcError)
        throw new ApiProblem(502, 'chain_error', `The chain refused ${method}: ${e.message.slice(0, 300)}`)
      throw e
    }
  }

  /** `eth_call` on the latest block; answers the return data. */
  async call(to: string, data: string): Promise<string> {
    return hex(await this.rpc('eth_call', [{ to, data }, 'latest']), 'eth_call')
  }

  /** A hex quantity answer as a bigint (garbage is a 502). */
  async quantity(method: string, params: unknown[]): Promise<bigint> {
    return toBigInt(hex(await this.rpc(method, params), method))
  }

  /**
   * Runs `task` after every earlier one has finished: a read-modify-write of the chain (read a
   * balance, mint the difference) must not interleave with another, nor two sends with one nonce.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /**
   * Sends a transaction from the owner (test account 0) and waits for its receipt (call it inside
   * {@link exclusive}). A reverting one is refused before it is sent (gas estimate) with `revertCode`
   * and its decoded reason.
   * @throws {ApiProblem} 400 `revertCode` with `reason`; 400 `tx_rejected` when the node refuses it
   */
  async send(
    tx: { to: string | null; data: string; value?: bigint },
    revertCode: string,
    abis: readonly InterfaceAbi[],
  ): Promise<{ hash: string; receipt: Receipt }> {
    const from = this.owner.address
    const value = tx.value ?? 0n
    const request = { from, ...(tx.to ? { to: tx.to } : {}), data: tx.data, value: `0x${value.toString(16)}` }
    let estimate: bigint
    try {
      estimate = BigInt(hex(await chainRequest(this.rpcUrl, 'eth_estimateGas', [request]), 'eth_estimateGas'))
    } catch (e) {
      const data = revertDataOf(e)
      if (data !== undefined) throw reverted(revertCode, decodeRevert(data, abis).reason)
      throw refused(e)
    }
    const nonce = await this.quantity('eth_getTransactionCount', [from, 'pending'])
    const gasLimit = estimate + estimate / 5n > MAX_GAS ? MAX_GAS : estimate + estimate / 5n
    const raw = await this.owner.signTransaction({
      type: 2,
      chainId: this.chainId,
      nonce: Number(nonce),
      to: tx.to,
      data: tx.data,
      value,
      gasLimit,
      ...FEES,
    })
    let hash: string
    try {
      hash = hex(await chainRequest(this.rpcUrl, 'eth_sendRawTransaction', [raw]), 'eth_sendRawTransaction')
    } catch (e) {
      throw refused(e)
    }
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS
    for (;;) {
      const receipt = (await this.rpc('eth_getTransactionReceipt', [hash])) as Receipt | null
      if (receipt && typeof receipt === 'object') {
        if (receipt.status !== '0x1') throw reverted(revertCode, undefined)
        return { hash, receipt }
      }
      if (Date.now() > deadline)
        throw new ApiProblem(504, 'chain_timeout', `Transaction ${hash} was not mined in time`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

/** A `0x` hex string, or a 502 (the chain answered garbage). */
export function hex(value: unknown, method: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]*$/.test(value))
    throw new ApiProblem(502, 'chain_unavailable', `The chain answered ${method} with no hex value`)
  return value
}

function reverted(code: string, reason: string | undefined): ApiProblem {
  return new ApiProblem(400, code, reason ? `Reverted: ${reason}` : 'Reverted (no reason given)', {
    ...(reason ? { reason } : {}),
  })
}

function refused(e: unknown): unknown {
  if (e instanceof ChainRpcError)
    return new ApiProblem(400, 'tx_rejected', `The chain refused it: ${e.message.slice(0, 300)}`)
  return e
}

/** A hex quantity or word as a bigint (`0x` is 0). */
export function toBigInt(value: string): bigint {
  return value === '0x' ? 0n : BigInt(value)
}

/**
 * A parsed ABI, every entry checked (ethers' `Interface` skips entries it cannot read; a workbench
 * user should hear which one is wrong).
 * @throws {ApiProblem} 400 `invalid_abi` naming the entry
 */
export function parseAbi(abi: unknown, pointer: string): Interface {
  const fail = (at: string, message: string) =>
    new ApiProblem(400, 'invalid_abi', `Malformed ABI: ${message}`, { errors: [{ pointer: at, message }] })
  if (!Array.isArray(abi)) throw fail(pointer, 'not an array')
  const fragments: Fragment[] = []
  for (let i = 0; i < abi.length && i < 2000; i++) {
    const entry: unknown = abi[i]
    if (entry === null || typeof entry !== 'object') throw fail(`${pointer}/${i}`, 'not an ABI entry object')
    try {
      fragments.push(Fragment.from(entry as JsonFragment))
    } catch (e) {
      throw fail(`${pointer}/${i}`, (e as Error).message.split('\n')[0]!.split(' (')[0]!.slice(0, 200))
    }
  }
  try {
    return new Interface(fragments)
  } catch (e) {
    throw fail(pointer, (e as Error).message.split('\n')[0]!.split(' (')[0]!.slice(0, 200))
  }
}
