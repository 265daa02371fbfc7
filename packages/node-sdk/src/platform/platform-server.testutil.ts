// A scripted platform on node:http for the client's tests: every request is recorded and its HMAC v2
// signature re-verified here with bare node:crypto (independently of the client's code), then answered
// by the next scripted reply (or the default).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Recorded {
  method: string
  /** The request target as received. */
  url: string
  headers: IncomingHttpHeaders
  body: string
  /** Which key (index into `keys`) the signature matches, or -1. */
  signedWith: number
}

/** What to answer: a status with JSON (or raw) body and headers, or `hang` (never answer). */
export type Reply =
  | { status: number; json?: unknown; raw?: string; headers?: Record<string, string> }
  | 'hang'
  | ((req: Recorded, res: ServerResponse) => void)

export interface PlatformServer {
  url: string
  requests: Recorded[]
  /** Replies for the next requests, in order; then `fallback`. */
  script(...replies: Reply[]): void
  fallback: Reply
  close(): Promise<void>
}

/** Verifies with node:crypto only: the string to sign from DESIGN.md, keyed with each key. */
function signedWith(
  keys: readonly string[],
  method: string,
  url: string,
  h: IncomingHttpHeaders,
  body: string,
): number {
  const sig = String(h['x-chainless-signature'] ?? '')
  if (!/^v2=[0-9a-f]{64}$/.test(sig)) return -1
  const text = [
    method.toUpperCase(),
    String(h.host ?? '').toLowerCase(),
    url,
    String(h['x-chainless-timestamp']),
    String(h['x-chainless-nonce']),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n')
  const given = Buffer.from(sig.slice(3), 'hex')
  return keys.findIndex((k) =>
    timingSafeEqual(createHmac('sha256', Buffer.from(k, 'utf8')).update(text).digest(), given),
  )
}

export async function startPlatformServer(keys: readonly string[]): Promise<PlatformServer> {
  const queue: Reply[] = []
  const requests: Recorded[] = []
  const sockets = new Set<Socket>()
  const state: { fallback: Reply } = { fallback: { status: 200, json: { ok: true } } }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    const rec: Recorded = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      signedWith: signedWith(keys, req.method ?? '', req.url ?? '', req.headers, body),
    }
    requests.push(rec)
    const reply = queue.shift() ?? state.fallback
    if (reply === 'hang') return
    if (typeof reply === 'function') return reply(rec, res)
    const isProblem = reply.status >= 400
    const text = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
    res.writeHead(reply.status, {
      'content-type': isProblem ? 'application/problem+json' : 'application/json',
      ...reply.headers,
    })
    res.end(text)
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    get fallback() {
      return state.fallback
    },
    set fallback(r: Reply) {
      state.fallback = r
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A problem+json reply. */
export const problem = (status: number, code: string, headers: Record<string, string> = {}): Reply => ({
  status,
  json: { type: `urn:chainless:problem:${code}`, title: 'x', status, code, requestId: `req-${code}` },
  headers,
})
