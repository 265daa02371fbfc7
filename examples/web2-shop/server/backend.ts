// The shop's back end: node:http, no framework. It redeems the one-time code the page got from the
// wallet (PKCE verifier from the page, its client secret from the platform), reads the user's claims,
// and keeps the tokens server-side behind an opaque session id. CORS for the shop's own origin only.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { createAuthClient } from '@chainless/node-sdk'

/** Options of {@link createShopBackend}. */
export interface ShopBackendOptions {
  /** The platform's issuer (its API base URL, no trailing slash). */
  issuer: string
  /** The shop's appId. */
  clientId: string
  /** The shop's app key: server-side only, never sent to the browser. */
  clientSecret: string
  /** The shop's redirect URI (its manifest entry URL); its origin is the only one allowed by CORS. */
  redirectUri: string
  /** For tests. */
  fetch?: typeof fetch
}

/** What `POST /api/login` answers. */
export interface ShopLogin {
  address: string
  phone?: string
  /** Opaque id of the server-side session holding the tokens. */
  session: string
}

const MAX_BODY = 16 * 1024
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/
const CODE = /^[A-Za-z0-9._~-]{16,512}$/
const SESSION = /^[A-Za-z0-9_-]{43}$/

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'invalid_request', 'Expected application/json')
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) throw new HttpError(413, 'invalid_request', 'Body too large')
    chunks.push(chunk)
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'invalid_request', 'Malformed JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', 'Expected a JSON object')
  }
  return body as Record<string, unknown>
}

function field(body: Record<string, unknown>, name: string, pattern: RegExp): string {
  const value = body[name]
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new HttpError(400, 'invalid_request', `Missing or malformed ${name}`)
  }
  return value
}

/**
 * A request handler for the shop's back end: `POST /api/login { code, codeVerifier }` redeems the code
 * (confidential client, `client_secret_basic`), reads `/api/v1/userinfo` and answers
 * `{ address, phone?, session }`; `POST /api/session { session }` introspects the session's access
 * token at the platform and answers `{ active }` (false once the user disconnected the shop in the
 * wallet). Platform OAuth errors pass through as `{ error, error_description }` (e.g. `invalid_grant`
 * for a reused code or a wrong PKCE verifier).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * const handler = createShopBackend({
 *   issuer: 'http://localhost:8787',
 *   clientId: 'web2-shop',
 *   clientSecret: process.env.SHOP_APP_KEY!,
 *   redirectUri: 'http://web2-shop.localhost:8090/',
 * })
 * createServer(handler).listen(8791)
 * ```
 */
export function createShopBackend(options: ShopBackendOptions): RequestListener {
  const client = createAuthClient({
    issuer: options.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const allowedOrigin = new URL(options.redirectUri).origin
  // Sessions live in memory: this is an example, one process.
  const sessions = new Map<string, { accessToken: string; refreshToken?: string }>()

  async function route(req: IncomingMessage): Promise<unknown> {
    const path = new URL(req.url ?? '/', 'http://shop').pathname
    if (req.method !== 'POST') throw new HttpError(405, 'invalid_request', 'Use POST')
    if (path === '/api/login') {
      const body = await readJson(req)
      const code = field(body, 'code', CODE)
      const codeVerifier = field(body, 'codeVerifier', VERIFIER)
      const tokens = await client.exchangeCode({ code, codeVerifier, redirectUri: options.redirectUri })
      const user = await client.getUserInfo(tokens.accessToken)
      const session = randomBytes(32).toString('base64url')
      sessions.set(session, {
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      })
      const answer: ShopLogin = {
        address: user.address,
        ...(user.phone_number ? { phone: user.phone_number } : {}),
        session,
      }
      return answer
    }
    if (path === '/api/session') {
      const body = await readJson(req)
      const held = sessions.get(field(body, 'session', SESSION))
      if (!held) return { active: false }
      const { active } = await client.introspect(held.accessToken)
      return { active }
    }
    throw new HttpError(404, 'not_found', 'No such route')
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin
    const headers: Record<string, string> = { 'cache-control': 'no-store', vary: 'Origin' }
    // Only the shop's own page may call it from a browser; other origins get no CORS headers.
    if (origin === allowedOrigin) {
      headers['access-control-allow-origin'] = origin
      headers['access-control-allow-methods'] = 'POST'
      headers['access-control-allow-headers'] = 'content-type'
      headers['access-control-max-age'] = '600'
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(origin === allowedOrigin ? 204 : 403, headers).end()
      return
    }
    route(req).then(
      (answer) => {
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(answer))
      },
      (error: unknown) => {
        const e = error as { status?: number; error?: string; error_description?: string; message?: string }
        // HttpError (our checks) or the node-sdk's OAuthError (`error`, `error_description`, `status`).
        const status = error instanceof HttpError ? error.status : typeof e.error === 'string' ? 400 : 502
        const code = typeof e.error === 'string' ? e.error : 'server_error'
        res
          .writeHead(status, { ...headers, 'content-type': 'application/json' })
          .end(JSON.stringify({ error: code, error_description: e.error_description ?? e.message ?? code }))
      },
    )
  }
}
