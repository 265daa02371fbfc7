import { RPC_READ_METHODS } from '@chainless/protocol'
import { chainPost, chainRequest } from './chainClient.js'

/**
 * Methods the read-only proxy forwards: the wallet's read methods (`RPC_READ_METHODS` of
 * @chainless/protocol: blocks, balances, calls, fees, receipts, logs, storage, `net_version` — what
 * ethers and viem read) plus `eth_chainId`, which the wallet answers itself but a JSON-RPC client pointed
 * at the proxy directly asks first. Everything else is answered with 4200.
 */
export const RPC_ALLOWLIST: ReadonlySet<string> = new Set<string>([...RPC_READ_METHODS, 'eth_chainId'])

/** Widest `eth_getLogs` range, in blocks (inclusive). */
export const MAX_LOG_RANGE = 1000

/** A JSON-RPC 2.0 request (validated by the document's `JsonRpcRequest` schema before it gets here). */
export interface JsonRpcRequest {
  jsonrpc: '2.0'
  id?: string | number | null
  method: string
  params?: unknown[] | Record<string, unknown>
}

/** A JSON-RPC 2.0 response. */
export interface JsonRpcResponse {
  jsonrpc: '2.0'
  id: string | number | null
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

const errorResponse = (req: JsonRpcRequest, code: number, message: string): JsonRpcResponse => ({
  jsonrpc: '2.0',
  id: req.id ?? null,
  error: { code, message },
})

/** Blocks from a block tag or hex quantity; `undefined` for a hash or garbage (the node will say). */
async function blockOf(tag: unknown, latest: () => Promise<number>): Promise<number | undefined> {
  if (tag === undefined || tag === 'latest' || tag === 'pending' || tag === 'safe' || tag === 'finalized')
    return latest()
  if (tag === 'earliest') return 0
  if (typeof tag === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(tag)) return Number.parseInt(tag, 16)
  return undefined
}

/** Checks one request against the allowlist and the log range; answers an error response or `undefined`. */
async function refuse(
  req: JsonRpcRequest,
  latest: () => Promise<number>,
): Promise<JsonRpcResponse | undefined> {
  if (!RPC_ALLOWLIST.has(req.method))
    return errorResponse(req, 4200, `Unsupported method: ${req.method} (the proxy is read-only)`)
  if (req.method === 'eth_getLogs') {
    const filter = Array.isArray(req.params) ? req.params[0] : undefined
    if (!filter || typeof filter !== 'object')
      return errorResponse(req, -32602, 'eth_getLogs needs a filter object')
    const f = filter as { fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown }
    if (f.blockHash !== undefined) return undefined
    const from = await blockOf(f.fromBlock, latest)
    const to = await blockOf(f.toBlock, latest)
    if (from === undefined || to === undefined)
      return errorResponse(req, -32602, 'eth_getLogs: bad block range')
    if (to - from + 1 > MAX_LOG_RANGE)
      return errorResponse(req, -32602, `eth_getLogs range is limited to ${MAX_LOG_RANGE} blocks`)
  }
  return undefined
}

/**
 * Answers a JSON-RPC request or batch through the chain: allowlisted methods are forwarded one by one,
 * others answered with 4200, a too-wide `eth_getLogs` with -32602. Responses keep the request's ids.
 * @throws {ApiProblem} 502 `chain_unavailable`
 */
export async function proxyRpc(
  rpcUrl: string,
  payload: JsonRpcRequest | JsonRpcRequest[],
): Promise<JsonRpcResponse | JsonRpcResponse[]> {
  let latestBlock: Promise<number> | undefined
  const latest = () => {
    latestBlock ??= chainRequest(rpcUrl, 'eth_blockNumber').then((n) => Number.parseInt(String(n), 16))
    return latestBlock
  }
  const one = async (req: JsonRpcRequest): Promise<JsonRpcResponse> => {
    const refused = await refuse(req, latest)
    if (refused) return refused
    const forwarded = { jsonrpc: '2.0', id: 1, method: req.method, params: req.params ?? [] }
    const answer = (await chainPost(rpcUrl, forwarded)) as {
      result?: unknown
      error?: JsonRpcResponse['error']
    }
    if (answer && typeof answer === 'object' && answer.error)
      return { jsonrpc: '2.0', id: req.id ?? null, error: answer.error }
    return { jsonrpc: '2.0', id: req.id ?? null, result: answer?.result ?? null }
  }
  return Array.isArray(payload) ? Promise.all(payload.map(one)) : one(payload)
}
