import { ChainlessError } from '@chainless/protocol'
import { ApiProblem } from './problem.js'

/** A JSON-RPC 2.0 error object from the chain. */
export interface JsonRpcErrorObject {
  code: number
  message: string
  data?: unknown
}

/** The chain answered with a JSON-RPC error. */
export class ChainRpcError extends ChainlessError {
  override name = 'ChainRpcError'
  readonly error: JsonRpcErrorObject
  constructor(error: JsonRpcErrorObject) {
    super(error.message)
    this.error = error
  }
}

let nextId = 1

/**
 * Sends one JSON-RPC request to the chain with `fetch` and a timeout.
 * @throws {ChainRpcError} the chain answered an error object.
 * @throws {ApiProblem} 502 `chain_unavailable` when the chain cannot be reached or answers garbage.
 */
export async function chainRequest(
  rpcUrl: string,
  method: string,
  params: unknown = [],
  timeoutMs = 10_000,
): Promise<unknown> {
  const body = await chainPost(rpcUrl, { jsonrpc: '2.0', id: nextId++, method, params }, timeoutMs)
  if (!body || typeof body !== 'object') throw unavailable('bad JSON-RPC answer')
  const b = body as { result?: unknown; error?: JsonRpcErrorObject }
  if (b.error) throw new ChainRpcError(b.error)
  if (!('result' in b)) throw unavailable('bad JSON-RPC answer')
  return b.result
}

/** POSTs a JSON-RPC payload and answers the parsed JSON. @throws {ApiProblem} 502 */
export async function chainPost(rpcUrl: string, payload: unknown, timeoutMs = 10_000): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (e) {
    throw unavailable((e as Error).message)
  }
  const text = await res.text()
  try {
    return JSON.parse(text)
  } catch {
    throw unavailable(`HTTP ${res.status}, not JSON`)
  }
}

const unavailable = (why: string) =>
  new ApiProblem(502, 'chain_unavailable', `The chain did not answer: ${why}`)
