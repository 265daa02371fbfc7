import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BodyTooLargeError, readBody } from '../http/body.js'
import { closeServer, listen, PortInUseError } from '../http/listen.js'
import type { RequestProvider } from './deploy.js'
import { ChainError } from './errors.js'

/** Largest accepted request body (bytes); larger requests get HTTP 413. */
export const MAX_RPC_BODY_BYTES = 10 * 1024 * 1024

/** JSON-RPC 2.0 error codes used by the HTTP front end. @see https://www.jsonrpc.org/specification#error_object */
const RpcCode = { Parse: -32700, InvalidRequest: -32600, MethodNotFound: -32601, Server: -32000 } as const

interface RpcRequest {
  jsonrpc: '2.0'
  id?: string | number | null
  method: string
  params?: unknown[] | Record<string, unknown>
}

interface RpcErrorBody {
  code: number
  message: string
  data?: unknown
}

type RpcResponse =
  | { jsonrpc: '2.0'; id: string | number | null; result: unknown }
  | { jsonrpc: '2.0'; id: string | number | null; error: RpcErrorBody }

/** A listening JSON-RPC HTTP server. */
export interface RpcServer {
  readonly port: number
  close(): Promise<void>
}

/**
 * Serves an EIP-1193 provider as JSON-RPC 2.0 over HTTP (`POST /`, single and batch requests) to local
 * tools and the platform, never to pages: a request with an `Origin` header gets 403 and no CORS
 * (pages, mini-programs included, read through the platform API's RPC proxy, which allows only read
 * methods; signed transactions go to `/api/v1/tx/broadcast`), with Node's own `http` server so that `close()` ends keep-alive connections and frees
 * the port at once.
 *
 * @throws {ChainError} `EADDRINUSE` when the port is taken, `START_FAILED` for other listen errors.
 */
export async function startRpcServer(
  provider: RequestProvider,
  { port, host }: { port: number; host: string },
): Promise<RpcServer> {
  const server = createServer((req, res) => {
    handle(provider, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { jsonrpc: '2.0', id: null, error: toRpcError(error) })
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 5_000
  await listenChain(server, port, host)
  let closed: Promise<void> | undefined
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= closeServer(server)
      return closed
    },
  }
}

/** The sandbox's one `listen()`, with the chain's errors: `EADDRINUSE` and `START_FAILED`. */
async function listenChain(server: Server, port: number, host: string): Promise<void> {
  try {
    await listen(server, 'chain JSON-RPC', port, host)
  } catch (cause) {
    if (cause instanceof PortInUseError)
      throw new ChainError(
        'EADDRINUSE',
        `Port ${port} on ${host} is already in use: stop the process using it or choose another port`,
        { host, port },
        { cause },
      )
    throw new ChainError(
      'START_FAILED',
      `Local chain could not listen on ${host}:${port}`,
      { host, port },
      { cause },
    )
  }
}

async function handle(provider: RequestProvider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Browsers send Origin on every cross-origin POST and on preflights: no page talks to the node itself
  // (a mini-program could otherwise skip the wallet and the platform's method list).
  if (req.headers.origin !== undefined) {
    res
      .writeHead(403, { 'content-type': 'text/plain', connection: 'close' })
      .end('The chain port is for local tools; pages read through the platform API (/api/v1/rpc/{chainId})')
    return
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    res.writeHead(405, { 'content-type': 'text/plain' }).end('JSON-RPC endpoint: use POST')
    return
  }
  const body = await readText(req)
  if (body === undefined) {
    res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('Request body too large')
    return
  }
  let payload: unknown
  try {
    payload = JSON.parse(body)
  } catch {
    send(res, 200, { jsonrpc: '2.0', id: null, error: { code: RpcCode.Parse, message: 'Parse error' } })
    return
  }
  if (Array.isArray(payload)) {
    if (payload.length === 0) {
      send(res, 200, invalid(null))
      return
    }
    const responses: RpcResponse[] = []
    // In order: later calls in a batch may depend on earlier ones (nonces).
    for (const item of payload) {
      const response = await call(provider, item)
      if (response) responses.push(response)
    }
    if (responses.length === 0) res.writeHead(204).end()
    else send(res, 200, responses)
    return
  }
  const response = await call(provider, payload)
  if (response) send(res, 200, response)
  else res.writeHead(204).end()
}

/** Runs one request; `undefined` for a notification (no `id`), which gets no response. */
async function call(provider: RequestProvider, item: unknown): Promise<RpcResponse | undefined> {
  if (!isRequest(item)) {
    const id = isRecord(item) && isId(item.id) ? item.id : null
    return invalid(id)
  }
  const id = item.id ?? null
  try {
    const params = Array.isArray(item.params) ? item.params : item.params === undefined ? [] : [item.params]
    const result = await provider.request({ method: item.method, params })
    return item.id === undefined ? undefined : { jsonrpc: '2.0', id, result: result ?? null }
  } catch (error) {
    return item.id === undefined ? undefined : { jsonrpc: '2.0', id, error: toRpcError(error) }
  }
}

function toRpcError(error: unknown): RpcErrorBody {
  const { code, message, data } = (isRecord(error) ? error : {}) as {
    code?: unknown
    message?: unknown
    data?: unknown
  }
  const text = typeof message === 'string' ? message : 'Internal error'
  const numeric =
    typeof code === 'number' && Number.isInteger(code)
      ? code
      : /does not exist\/is not available/.test(text)
        ? RpcCode.MethodNotFound
        : RpcCode.Server
  return data === undefined ? { code: numeric, message: text } : { code: numeric, message: text, data }
}

function invalid(id: string | number | null): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code: RpcCode.InvalidRequest, message: 'Invalid Request' } }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isId(v: unknown): v is string | number | null {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
}

function isRequest(v: unknown): v is RpcRequest {
  return (
    isRecord(v) &&
    v.jsonrpc === '2.0' &&
    typeof v.method === 'string' &&
    v.method.length > 0 &&
    (v.id === undefined || isId(v.id)) &&
    (v.params === undefined || Array.isArray(v.params) || isRecord(v.params))
  )
}

/** The request body as text, or undefined when it is over {@link MAX_RPC_BODY_BYTES}. */
async function readText(req: IncomingMessage): Promise<string | undefined> {
  try {
    return (await readBody(req, MAX_RPC_BODY_BYTES)).toString('utf8')
  } catch (e) {
    if (e instanceof BodyTooLargeError) return undefined
    throw e
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
