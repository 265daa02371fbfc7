import { BridgeError, InternalError, PlatformUnavailableError, TimeoutError } from '@chainless/protocol'
import type { RpcClient } from './call-context.js'

/** Options of {@link createRpcClient}. */
export interface RpcClientOptions {
  /** The JSON-RPC endpoint (the platform's read-only proxy for the chain). */
  url: string
  fetch?: typeof fetch
  /** Longest wait for one answer; default 15000 ms. */
  timeoutMs?: number
  /** Aborts every request (the host was destroyed). */
  signal?: AbortSignal
}

/** Largest JSON-RPC answer read, in UTF-16 units: logs and blocks stay far below. */
const MAX_RESPONSE_CHARS = 4 * 1024 * 1024
/** Largest `data` passed on from a JSON-RPC error (revert reasons are short). */
const MAX_ERROR_DATA_CHARS = 8 * 1024

/**
 * A JSON-RPC 2.0 client over fetch (EIP-1474 over HTTP). A JSON-RPC error answer rejects with a
 * `BridgeError` carrying the node's code, message and (bounded) data, so an app sees a revert as
 * ethers or viem expect; a network failure, a 5xx or a 429 with `PlatformUnavailableError` (-32002);
 * no answer within `timeoutMs` with `TimeoutError` (4080); an answer that is not JSON-RPC with
 * `InternalError` (-32603).
 *
 * @example
 * ```ts
 * const rpc = createRpcClient({ url: 'http://127.0.0.1:8787/api/v1/rpc/49569' })
 * const block = await rpc.request<string>('eth_blockNumber')
 * ```
 */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const timeoutMs = options.timeoutMs ?? 15_000
  let nextId = 1
  return {
    async request<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
      const id = nextId++
      const timeout = AbortSignal.timeout(timeoutMs)
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
      let response: Response
      let text: string
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
          signal,
        })
        text = await response.text()
      } catch (error) {
        if (timeout.aborted) throw new TimeoutError('RPC timed out', { method, timeoutMs }, { cause: error })
        throw new PlatformUnavailableError('RPC unreachable', { method }, { cause: error })
      }
      if (response.status >= 500 || response.status === 429) {
        throw new PlatformUnavailableError('RPC unavailable', { method, status: response.status })
      }
      if (text.length > MAX_RESPONSE_CHARS) {
        throw new InternalError('RPC answer too large', undefined, {
          details: `${method}: ${text.length} chars`,
        })
      }
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        throw new InternalError('RPC answer is not JSON', undefined, {
          details: `${method}: HTTP ${response.status}`,
        })
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new InternalError('RPC answer is not JSON-RPC', undefined, { details: method })
      }
      const answer = body as { result?: unknown; error?: unknown }
      if (answer.error !== undefined) throw rpcError(answer.error, method)
      if (!response.ok || !('result' in answer)) {
        throw new InternalError('RPC answer is not JSON-RPC', undefined, {
          details: `${method}: HTTP ${response.status}`,
        })
      }
      return answer.result as T
    },
  }
}

/** A JSON-RPC error object as a `BridgeError` (code kept when it is an integer; data bounded). */
function rpcError(error: unknown, method: string): BridgeError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const code = Number.isSafeInteger(e.code) ? (e.code as number) : -32603
  const message = typeof e.message === 'string' && e.message !== '' ? e.message.slice(0, 512) : 'RPC error'
  let data: unknown
  try {
    data = e.data !== undefined && JSON.stringify(e.data).length <= MAX_ERROR_DATA_CHARS ? e.data : undefined
  } catch {
    data = undefined
  }
  // A -32603 from the node is the node's fault, not the wallet's: keep its message in details only.
  if (code === -32603)
    return new InternalError('RPC internal error', undefined, { details: `${method}: ${message}` })
  return new BridgeError(code, message, data)
}
