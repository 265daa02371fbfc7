import type { InterfaceAbi } from 'ethers'
import { ChainRpcError, chainRequest } from '../chainClient.js'
import { ApiProblem } from '../problem.js'
import { formatDw20 } from './amounts.js'
import { type DecodedRevert, decodeRevert, revertDataOf } from './revert.js'
import { hex, parseAbi, type SandboxChain } from './sandbox-chain.js'

/** The document's `SimulateRequest`. */
export interface SimulateRequest {
  from: string
  to?: string
  data?: string
  /** Wei, 0x hex. */
  value?: string
  abi?: unknown[]
}

/** The document's `SimulateResult`. */
export interface SimulateResult {
  ok: boolean
  returnData?: string
  gas?: string
  gasPrice: string
  fee?: { wei: string; dw20: string }
  revert?: DecodedRevert
}

/**
 * Simulates a transaction without signing or sending it: `eth_call` on the latest block, the gas
 * estimate, the gas price and the fee in DW20; a revert decoded with `abi` and `abis` (every contract
 * the sandbox knows).
 * @throws {ApiProblem} 400 `invalid_abi`; 400 `tx_rejected` when the node refuses it for another reason
 * @example
 * ```ts
 * const r = await simulate(chain, { from, to: crc20, data }, knownAbis(chain, store))
 * if (!r.ok) console.log(r.revert?.reason)
 * ```
 */
export async function simulate(
  chain: SandboxChain,
  body: SimulateRequest,
  abis: readonly InterfaceAbi[],
): Promise<SimulateResult> {
  const all = body.abi ? [parseAbi(body.abi, '/abi').fragments as unknown as InterfaceAbi, ...abis] : abis
  const tx = {
    from: body.from,
    ...(body.to ? { to: body.to } : {}),
    ...(body.data ? { data: body.data } : {}),
    ...(body.value ? { value: `0x${BigInt(body.value).toString(16)}` } : {}),
  }
  const gasPrice = await chain.quantity('eth_gasPrice', [])
  const failed = (e: unknown): SimulateResult => {
    const data = revertDataOf(e)
    if (data === undefined) {
      if (e instanceof ChainRpcError)
        throw new ApiProblem(400, 'tx_rejected', `The chain refused it: ${e.message.slice(0, 300)}`)
      throw e
    }
    return { ok: false, gasPrice: gasPrice.toString(), revert: decodeRevert(data, all) }
  }
  let returnData: string
  try {
    returnData = hex(await chainRequest(chain.rpcUrl, 'eth_call', [tx, 'latest']), 'eth_call')
  } catch (e) {
    return failed(e)
  }
  let gas: bigint
  try {
    gas = BigInt(hex(await chainRequest(chain.rpcUrl, 'eth_estimateGas', [tx]), 'eth_estimateGas'))
  } catch (e) {
    return { ...failed(e), returnData }
  }
  const fee = gas * gasPrice
  return {
    ok: true,
    returnData,
    gas: gas.toString(),
    gasPrice: gasPrice.toString(),
    fee: { wei: fee.toString(), dw20: formatDw20(fee) },
  }
}
