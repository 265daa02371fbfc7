import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findApp, isListedAppOrigin, type Store, searchApps, validAppSecrets } from '../store/index.js'
import { consumeNonce } from '../store/nonces.js'
import { listen } from '../web/servers.js'
import { DEFAULT_BODY_LIMIT, isJsonContentType, parseJsonBody, readBody } from './body.js'
import { Broadcaster, DEFAULT_MAX_TX_BYTES } from './broadcast.js'
import { hasHmacHeaders, NONCE_TTL_SECONDS, readHmacHeaders, verifyHmac } from './hmac.js'
import { assertKnobs, type Knobs, KnobsError, knobFor } from './knobs.js'
import { assertValid, compileRoutes, type Route } from './openapi.js'
import { ApiProblem, sendProblem } from './problem.js'
import { RateLimiter, type RateLimitOptions } from './rateLimit.js'
import { type JsonRpcRequest, proxyRpc } from './rpc.js'
import { loadPlatformKeys, type PlatformKey, publicJwk, signManifest } from './signing.js'

/** Options of {@link startPlatformApi}. */
export interface PlatformApiOptions {
  /** The embedded store (`openStore`). Not closed by `close()`. */
  store: Store
  /** The wallet's origin: allowed by CORS besides the listed apps' origins. */
  walletOrigin: string
  /** Port; 0 for a free one. Default 8080. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Base URL the platform is reached at: the `iss` of signed manifests. Default: the listening URL. */
  publicUrl?: string
  /** The local chain (`startChain`). Without it, RPC and broadcast answer 502 `chain_unavailable`. */
  chain?: { rpcUrl: string; chainId: number }
  /** Manifest-signing key. Default: the store's (generated and persisted on first start). */
  platformKey?: PlatformKey
  /** Initial fault-injection knobs (flags); the admin endpoint `PUT /__sandbox/knobs` replaces them. */
  knobs?: Knobs
  /** Token-bucket rate limit per client address and per app, or `false` for none. */
  rateLimit?: RateLimitOptions | false
  /** Body limit in bytes (default 64 KiB); broadcast allows the hex of `maxTxBytes` on top. */
  bodyLimit?: number
  /** Largest raw transaction (default 128 KiB). */
  maxTxBytes?: number
  /** Serve `/__sandbox/knobs` (default true; it exists only in the sandbox). */
  admin?: boolean
  /** Clock in ms (tests). Default: the store's. */
  now?: () => number
  /** Random source in [0, 1) for `failureRate` (tests). Default `Math.random`. */
  random?: () => number
  /** Where unexpected errors are reported. Default `console.error`. */
  onError?: (error: unknown) => void
}

/** A running platform API. */
export interface PlatformApi {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string
  port: number
  /** The knobs in force. */
  getKnobs(): Knobs
  /** Replaces the knobs. @throws {KnobsError} */
  setKnobs(knobs: Knobs): void
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

interface Ctx {
  req: IncomingMessage
  route: Route
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  appId: string | null
}
type Result = { status: number; body?: unknown; headers?: Record<string, string> }

const SAFE_METHODS = new Set(['GET', 'HEAD'])
const CORS_HEADERS =
  'content-type, x-chainless-app, x-chainless-timestamp, x-chainless-nonce, x-chainless-signature, authorization'

/**
 * Starts the sandbox's platform API (DESIGN.md, "Platform API"), routed and validated by the OpenAPI
 * document of `@chainless/protocol/openapi.json`: JWKS, signed manifests, catalog search, the read-only
 * RPC proxy, idempotent broadcast and status, HMAC app auth, rate limits, CORS, problem+json errors and
 * fault-injection knobs.
 *
 * @example
 * ```ts
 * const store = openStore({ dataDir: '.chainless' })
 * const chain = await startChain({ port: 0 })
 * const api = await startPlatformApi({ store, port: 0, walletOrigin: 'http://localhost:8081', chain })
 * const res = await fetch(`${api.url}/api/v1/apps/hello`)
 * await api.close()
 * ```
 */
export async function startPlatformApi(options: PlatformApiOptions): Promise<PlatformApi> {
  const { store, walletOrigin } = options
  const now = options.now ?? store.now
  const random = options.random ?? Math.random
  const onError = options.onError ?? ((e: unknown) => console.error('[platform-api]', e))
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const maxTxBytes = options.maxTxBytes ?? DEFAULT_MAX_TX_BYTES
  const admin = options.admin ?? true
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit, now)
  const routes = compileRoutes().filter((r) => admin || !r.operation['x-chainless-sandbox-only'])
  const keys = options.platformKey ? [options.platformKey] : await loadPlatformKeys(store)
  const signingKey = keys[0]!
  let knobs: Knobs = {}
  const setKnobs = (k: Knobs) => {
    assertKnobs(k)
    knobs = structuredClone(k)
  }
  if (options.knobs) setKnobs(options.knobs)
  const broadcaster = options.chain
    ? new Broadcaster({ store, rpcUrl: options.chain.rpcUrl, chainId: options.chain.chainId, maxTxBytes })
    : undefined
  let issuer = options.publicUrl ?? ''

  const chainOf = () => {
    if (!options.chain || !broadcaster)
      throw new ApiProblem(502, 'chain_unavailable', 'No chain is configured')
    return { ...options.chain, broadcaster }
  }

  const handlers: Record<string, (ctx: Ctx) => Promise<Result> | Result> = {
    getJwks: () => ({
      status: 200,
      body: { keys: keys.map(publicJwk) },
      headers: { 'cache-control': 'public, max-age=300' },
    }),
    searchApps: (ctx) => {
      const q = ctx.query.get('q') ?? undefined
      const limit = ctx.query.has('limit') ? Number(ctx.query.get('limit')) : 50
      return { status: 200, body: { apps: searchApps(store, { q, limit }) } }
    },
    getApp: async (ctx) => {
      const manifest = findApp(store, ctx.params.appId!)
      if (!manifest) throw new ApiProblem(404, 'app_not_found', `No app "${ctx.params.appId}"`)
      return { status: 200, body: await signManifest(manifest, signingKey, { issuer, nowMs: now() }) }
    },
    getOwnApp: async (ctx) => {
      const manifest = findApp(store, ctx.appId!)!
      return { status: 200, body: await signManifest(manifest, signingKey, { issuer, nowMs: now() }) }
    },
    rpcProxy: async (ctx) => {
      const chain = chainOf()
      if (ctx.params.chainId !== String(chain.chainId))
        throw new ApiProblem(
          404,
          'unknown_chain',
          `Chain ${ctx.params.chainId} is not served (${chain.chainId} is)`,
        )
      return {
        status: 200,
        body: await proxyRpc(chain.rpcUrl, ctx.body as JsonRpcRequest | JsonRpcRequest[]),
      }
    },
    broadcastTx: async (ctx) => {
      const { broadcaster } = chainOf()
      return { status: 202, body: await broadcaster.submit((ctx.body as { raw: string }).raw, ctx.appId) }
    },
    getTxStatus: async (ctx) => {
      const { broadcaster } = chainOf()
      return { status: 200, body: await broadcaster.status(ctx.params.hash!) }
    },
    getKnobs: () => ({ status: 200, body: knobs }),
    putKnobs: (ctx) => {
      setKnobs(ctx.body as Knobs)
      return { status: 200, body: knobs }
    },
  }

  const isAllowedOrigin = (origin: string) => origin === walletOrigin || isListedAppOrigin(store, origin)

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    res.setHeader('x-request-id', requestId)
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const origin = req.headers.origin
    const allowed = origin !== undefined && isAllowedOrigin(origin)
    if (origin !== undefined) res.setHeader('vary', 'Origin')
    if (allowed) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('access-control-expose-headers', 'x-request-id, retry-after')
    }
    // CORS preflight (Fetch standard, "CORS protocol")
    if (method === 'OPTIONS') {
      if (!allowed)
        throw new ApiProblem(403, 'origin_not_allowed', `Origin ${origin ?? '(none)'} is not allowed`)
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, DELETE',
        'access-control-allow-headers': CORS_HEADERS,
        'access-control-max-age': '600',
      })
      res.end()
      return
    }
    if (origin !== undefined && !allowed && !SAFE_METHODS.has(method))
      throw new ApiProblem(403, 'origin_not_allowed', `Origin ${origin} is not allowed`)

    let url: URL
    try {
      url = new URL(target, 'http://platform.invalid')
    } catch {
      throw new ApiProblem(400, 'bad_request', 'Bad request target')
    }
    const candidates = routes.filter((r) => r.regex.test(url.pathname))
    const route = candidates.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'))
    if (!route) {
      if (candidates.length)
        throw new ApiProblem(405, 'method_not_allowed', `${method} is not allowed here`, {
          headers: { allow: candidates.map((r) => r.method).join(', ') },
        })
      throw new ApiProblem(404, 'not_found', `No endpoint ${url.pathname}`)
    }
    const op = route.operation
    const isKnobsOp = op['x-chainless-sandbox-only'] === true

    const address = req.socket.remoteAddress ?? 'unknown'
    rateLimit(`ip:${address}`)

    if (!isKnobsOp) {
      const knob = knobFor(knobs, op.operationId)
      if (knob.latencyMs) await new Promise((r) => setTimeout(r, knob.latencyMs))
      if (knob.status)
        throw new ApiProblem(
          knob.status,
          'forced_status',
          `Forced by the sandbox knobs (${op.operationId})`,
          {
            headers: knob.status === 429 || knob.status === 503 ? { 'retry-after': '1' } : {},
          },
        )
      if (knob.failureRate && random() < knob.failureRate)
        throw new ApiProblem(503, 'injected_failure', `Injected failure (${op.operationId})`, {
          headers: { 'retry-after': '1' },
        })
    }
    if (op['x-chainless-status'] === 'planned')
      throw new ApiProblem(501, 'not_implemented', `${op.operationId} is not served by the sandbox yet`)

    // parameters (strict: unknown query parameters are refused)
    const params: Record<string, string> = {}
    const match = route.regex.exec(url.pathname)!
    route.paramNames.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(match[i + 1]!)
      } catch {
        throw new ApiProblem(400, 'invalid_parameter', `Bad encoding of ${name}`)
      }
    })
    const known = new Set(route.params.filter((p) => p.in === 'query').map((p) => p.name))
    for (const name of new Set(url.searchParams.keys())) {
      if (!known.has(name))
        throw new ApiProblem(400, 'invalid_parameter', `Unknown query parameter ${name}`, {
          errors: [{ pointer: `query.${name}`, message: 'unknown parameter' }],
        })
      if (url.searchParams.getAll(name).length > 1)
        throw new ApiProblem(400, 'invalid_parameter', `Repeated query parameter ${name}`)
    }
    for (const p of route.params) {
      const raw = p.in === 'path' ? params[p.name] : (url.searchParams.get(p.name) ?? undefined)
      if (raw === undefined) {
        if (p.required) throw new ApiProblem(400, 'invalid_parameter', `Missing ${p.in} parameter ${p.name}`)
        continue
      }
      const value = p.numeric && /^-?[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw
      if (!p.validate(value))
        throw new ApiProblem(400, 'invalid_parameter', `Bad ${p.in} parameter ${p.name}`, {
          errors: [{ pointer: `${p.in}.${p.name}`, message: p.validate.errors?.[0]?.message ?? 'invalid' }],
        })
    }

    // body
    let rawBody: Buffer | undefined
    if (route.validateBody) {
      const limit = op.operationId === 'broadcastTx' ? Math.max(bodyLimit, 2 * maxTxBytes + 1024) : bodyLimit
      rawBody = await readBody(req, limit)
      if (!isJsonContentType(req))
        throw new ApiProblem(415, 'unsupported_media_type', 'Content-Type must be application/json')
    } else {
      req.resume()
    }

    // app auth: required by appHmac-only operations; optional where anonymous access is allowed
    const security = op.security ?? []
    const hmacAllowed = security.some((s) => 'appHmac' in s)
    const anonymousAllowed = security.length === 0 || security.some((s) => Object.keys(s).length === 0)
    let auth: { appId: string; nonce: string } | undefined
    if (hmacAllowed && (!anonymousAllowed || hasHmacHeaders(req.headers))) {
      const headers = readHmacHeaders(req.headers)
      if ('failure' in headers)
        throw new ApiProblem(401, headers.failure, headers.detail, { headers: authHeader })
      const verdict = verifyHmac({
        headers,
        method,
        path: target,
        body: rawBody,
        secrets: validAppSecrets(store, headers.appId, now()),
        nowMs: now(),
      })
      if (!verdict.ok) throw new ApiProblem(401, verdict.failure, verdict.detail, { headers: authHeader })
      rateLimit(`app:${headers.appId}`)
      auth = { appId: headers.appId, nonce: headers.nonce }
    }

    let body: unknown
    if (route.validateBody && rawBody) {
      body = parseJsonBody(rawBody)
      assertValid(route.validateBody, body)
    }
    // the nonce is consumed last, by a request that is otherwise accepted (no state change before)
    if (auth && !consumeNonce(store, auth.appId, auth.nonce, now() + NONCE_TTL_SECONDS * 1000))
      throw new ApiProblem(401, 'nonce_replayed', 'This nonce was used already', { headers: authHeader })

    const handler = handlers[op.operationId]
    if (!handler)
      throw new ApiProblem(501, 'not_implemented', `${op.operationId} is not served by the sandbox yet`)
    const result = await handler({
      req,
      route,
      params,
      query: url.searchParams,
      body,
      appId: auth?.appId ?? null,
    })
    const text = result.body === undefined ? '' : JSON.stringify(result.body)
    res.writeHead(result.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(result.headers ?? { 'cache-control': 'no-store' }),
    })
    res.end(method === 'HEAD' ? undefined : text)
  }

  const authHeader = { 'www-authenticate': 'Chainless-HMAC-SHA256' }
  function rateLimit(key: string) {
    const wait = limiter?.take(key) ?? 0
    if (wait > 0)
      throw new ApiProblem(429, 'rate_limited', `Too many requests; retry in ${wait} s`, {
        headers: { 'retry-after': String(wait) },
      })
  }

  const server = createServer((req, res) => {
    const requestId = randomBytes(8).toString('hex')
    handle(req, res, requestId).catch((e: unknown) => {
      let problem: ApiProblem
      if (e instanceof ApiProblem) problem = e
      else if (e instanceof KnobsError) problem = new ApiProblem(400, 'invalid_body', e.message)
      else {
        onError(e)
        problem = new ApiProblem(500, 'internal', 'Internal error')
      }
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (problem.status >= 400 && req.readable && !req.readableEnded && problem.status !== 413) req.resume()
      sendProblem(res, problem, requestId)
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  // A taken port is a PortInUseError, like every other server of the sandbox.
  await listen(server, 'platform API', options.port ?? 8080, options.host ?? '127.0.0.1')
  const { port, address, family } = server.address() as AddressInfo
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`
  if (!issuer) issuer = url
  return {
    url,
    port,
    getKnobs: () => structuredClone(knobs),
    setKnobs,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}
