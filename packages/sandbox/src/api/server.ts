import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deriveRelayer } from '../chain/accounts.js'
import { FORWARDER_ADDRESS } from '../chain/constants.js'
import { closeServer, listen } from '../http/listen.js'
import { onStoreEvent } from '../store/events.js'
import { isListedAppOrigin, type Store } from '../store/index.js'
import { DEFAULT_BODY_LIMIT } from './body.js'
import { Broadcaster, DEFAULT_MAX_TX_BYTES } from './broadcast.js'
import { handle, type Pipeline } from './handle.js'
import { IdempotencyGate } from './idempotency.js'
import { assertKnobs, type Knobs, KnobsError } from './knobs.js'
import { answerApiMeta } from './meta.js'
import { type AccessTokenContext, loadAccessTokenKey, verifyAccessTokenJwt } from './oauth/access-token.js'
import { isOAuthPath, OAuthError, sendOAuthError, toOAuthError } from './oauth/errors.js'
import { compileRoutes } from './openapi.js'
import { ApiProblem, sendParseError, sendProblem } from './problem.js'
import { RateLimiter, type RateLimitOptions } from './rateLimit.js'
import { Relayer } from './relay.js'
import { answerReportPage } from './report-page.js'
import { ReportDesk } from './reports.js'
import { noteRequestApp, noteRequestCode, RequestLog } from './request-log.js'
import { adminRoutes } from './routes/admin.js'
import { ANALYTICS_BODY_LIMIT, analyticsRoutes } from './routes/analytics.js'
import { appRoutes } from './routes/apps.js'
import { authHandlers } from './routes/auth-handlers.js'
import { chainRoutes } from './routes/chain.js'
import { messageRoutes } from './routes/messages.js'
import { oauthRoutes } from './routes/oauth.js'
import { reportRoutes } from './routes/reports.js'
import { STORAGE_BODY_LIMIT, storageRoutes } from './routes/storage.js'
import { userinfoRoutes } from './routes/userinfo.js'
import { wellKnownRoutes } from './routes/well-known.js'
import { DEPLOY_BODY_LIMIT, workbenchRoutes } from './routes/workbench.js'
import { loadPlatformKeys, type PlatformKey, type PublicJwk, publicJwk } from './signing.js'
import { TxTracker } from './tx-tracker.js'
import { WebhookDispatcher, type WebhookOptions } from './webhooks.js'
import { SandboxChain } from './workbench/sandbox-chain.js'

/** Options of {@link startPlatformApi}. */
export interface PlatformApiOptions {
  /** The embedded store (`openStore`). Not closed by `close()`. */
  store: Store
  /**
   * The wallet's origin: allowed by CORS besides the listed apps' origins, the local wallet origins
   * (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`: a wallet a developer runs on another
   * port) and {@link PlatformApiOptions.allowedOrigins}. The admin routes answer `walletOrigin` only.
   */
  walletOrigin: string
  /** More origins a wallet may call the API from (CLI `--allow-origin`), e.g. `https://wallet.test`. */
  allowedOrigins?: readonly string[]
  /** Port; 0 for a free one. Default 8080. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Base URL the platform is reached at: the `iss` of signed manifests. Default: the listening URL. */
  publicUrl?: string
  /**
   * The local chain (`startChain`). Without it, RPC, broadcast and relay answer 502 `chain_unavailable`.
   * `forwarder` (default `FORWARDER_ADDRESS`) is the ERC-2771 forwarder the relay submits through;
   * `relayerKey` (default: the sandbox relayer, `RELAYER_PATH` of the test mnemonic) pays its fees.
   */
  chain?: { rpcUrl: string; chainId: number; forwarder?: string; relayerKey?: string }
  /** Manifest-signing key. Default: the store's (generated and persisted on first start). */
  platformKey?: PlatformKey
  /** Initial fault-injection knobs (flags); the admin endpoint `PUT /__sandbox/knobs` replaces them. */
  knobs?: Knobs
  /**
   * Token-bucket rate limit per client address (and the default of `rateLimits`), or `false` for none.
   */
  rateLimit?: RateLimitOptions | false
  /**
   * Gateway rate limits: per app (HMAC calls, bucket `app:<appId>`) and per user (bearer calls, bucket
   * `user:<appId>:<sub>`); each defaults to `rateLimit`. 429 `rate_limited` with `Retry-After`.
   */
  rateLimits?: { app?: RateLimitOptions | false; user?: RateLimitOptions | false }
  /** Rate limit of app reports per client address (default 5 in a burst, one per 12 s after), or `false`. */
  reportRateLimit?: RateLimitOptions | false
  /**
   * Webhook delivery (retries: base 500 ms doubling with full jitter, 8 attempts) and `txPollMs`, how
   * often an app's pending transactions are polled for `transaction.confirmed` (default 1000). Tests
   * shorten them.
   */
  webhooks?: WebhookOptions & { txPollMs?: number }
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
  /**
   * The public keys it serves at `/.well-known/jwks.json`, for a wallet to pin: the manifest-signing
   * keys, then the access-token key (its own kid; RFC 9068 tokens).
   */
  jwks: { keys: PublicJwk[] }
  /** The knobs in force. */
  getKnobs(): Knobs
  /** Replaces the knobs. @throws {KnobsError} */
  setKnobs(knobs: Knobs): void
  /** The request log the workbench reads (`GET /__sandbox/requests`). */
  requests: RequestLog
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/**
 * Starts the sandbox's platform API (DESIGN.md, "Platform API"), routed and validated by the OpenAPI
 * document of `@chainless/protocol/openapi.json`: JWKS, signed manifests, catalog search, the read-only
 * RPC proxy, idempotent broadcast and status, the sponsored relay (ERC-2771), the wallet session (SIWE), the
 * OAuth 2.0 authorization server (code + PKCE, refresh rotation, revocation, introspection, RFC 9068
 * access tokens), userinfo, HMAC app auth, rate limits, CORS, problem+json errors (RFC 6749 JSON on
 * `/oauth/*`) and fault-injection knobs.
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
  const limiterOf = (o: RateLimitOptions | false | undefined) =>
    o === false ? undefined : new RateLimiter(o, now)
  const limiters = {
    ip: limiterOf(options.rateLimit),
    app: limiterOf(options.rateLimits?.app ?? options.rateLimit),
    user: limiterOf(options.rateLimits?.user ?? options.rateLimit),
  }
  const routes = compileRoutes().filter((r) => admin || !r.operation['x-chainless-sandbox-only'])
  const keys = options.platformKey ? [options.platformKey] : await loadPlatformKeys(store)
  // access tokens have their own key (own kid), published beside the manifest keys
  const tokenKey = await loadAccessTokenKey(store)
  const published = [...keys, tokenKey]
  let knobs: Knobs = {}
  const setKnobs = (k: Knobs) => {
    assertKnobs(k)
    knobs = structuredClone(k)
  }
  if (options.knobs) setKnobs(options.knobs)
  const broadcaster = options.chain
    ? new Broadcaster({ store, rpcUrl: options.chain.rpcUrl, chainId: options.chain.chainId, maxTxBytes })
    : undefined
  const relayer = options.chain
    ? new Relayer({
        store,
        rpcUrl: options.chain.rpcUrl,
        chainId: options.chain.chainId,
        forwarder: options.chain.forwarder ?? FORWARDER_ADDRESS,
        relayerKey: options.chain.relayerKey ?? deriveRelayer().privateKey,
        now,
      })
    : undefined
  let issuer = options.publicUrl ?? ''
  const tokens = (): AccessTokenContext => ({ store, issuer, key: tokenKey, now })
  const webhooks = new WebhookDispatcher({
    store,
    now,
    onError,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  })
  const tracker = broadcaster
    ? new TxTracker({
        status: (hash) => broadcaster.status(hash),
        intervalMs: options.webhooks?.txPollMs ?? 1000,
      })
    : undefined
  // store events become webhooks; an app's transactions are followed to their final status
  const unsubscribe = onStoreEvent(store, (event) => {
    if (event.type === 'broadcast.recorded') {
      if (event.appId) tracker?.track(event.data.hash)
    } else webhooks.enqueue(event)
  })

  const requestLog = new RequestLog({ now })
  const desk = new ReportDesk(store, {
    now,
    ...(options.reportRateLimit === undefined ? {} : { rateLimit: options.reportRateLimit }),
  })
  const sandboxChain = options.chain
    ? new SandboxChain({ rpcUrl: options.chain.rpcUrl, chainId: options.chain.chainId })
    : undefined

  const pipeline: Pipeline = {
    store,
    walletOrigin,
    routes,
    admin,
    idempotency: new IdempotencyGate(store),
    handlers: {
      ...wellKnownRoutes({ keys: published }),
      ...appRoutes({ store, signingKey: keys[0]!, issuer: () => issuer, now }),
      ...chainRoutes({ chain: options.chain, broadcaster, relayer }),
      ...authHandlers({
        store,
        walletOrigin,
        now,
        ...(options.chain ? { chainId: options.chain.chainId } : {}),
      }),
      ...oauthRoutes(tokens),
      ...userinfoRoutes(tokens),
      ...messageRoutes({ store }),
      ...analyticsRoutes({ store }),
      ...storageRoutes({ store }),
      ...adminRoutes({ store, getKnobs: () => knobs, setKnobs }),
      ...workbenchRoutes({ store, log: requestLog, chain: sandboxChain, now }),
      ...reportRoutes({ desk }),
    },
    isAllowedOrigin: (origin) =>
      origin === walletOrigin ||
      isLocalWalletOrigin(origin) ||
      (options.allowedOrigins ?? []).includes(origin) ||
      isListedAppOrigin(store, origin),
    knobs: () => knobs,
    now,
    random,
    bodyLimit: (operationId) =>
      operationId === 'broadcastTx'
        ? Math.max(bodyLimit, 2 * maxTxBytes + 1024)
        : operationId === 'trackEvents'
          ? Math.max(bodyLimit, ANALYTICS_BODY_LIMIT)
          : operationId === 'putStorageValue' || operationId === 'putUserStorageValue'
            ? Math.max(bodyLimit, STORAGE_BODY_LIMIT)
            : operationId === 'deploySandboxContract' || operationId === 'simulateSandboxTx'
              ? Math.max(bodyLimit, DEPLOY_BODY_LIMIT)
              : bodyLimit,
    userRateKey: async (req) => {
      const token = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(req.headers.authorization ?? '')?.[1]
      const claims = token ? await verifyAccessTokenJwt(tokens(), token) : undefined
      noteRequestApp(req, claims?.client_id)
      return claims ? `user:${claims.client_id}:${claims.sub}` : undefined
    },
    rateLimit: (key) => {
      const kind = key.startsWith('app:') ? 'app' : key.startsWith('user:') ? 'user' : 'ip'
      const wait = limiters[kind]?.take(key) ?? 0
      if (wait > 0)
        throw new ApiProblem(429, 'rate_limited', `Too many requests; retry in ${wait} s`, {
          headers: { 'retry-after': String(wait) },
        })
    },
  }

  const server = createServer((req, res) => {
    const requestId = randomBytes(8).toString('hex')
    res.setHeader('x-request-id', requestId)
    requestLog.track(req, res, requestId)
    // `/`, `/openapi.json`, the icon and the report form are the API's own pages, outside the
    // document's operations
    if (answerApiMeta(req, res, issuer)) return
    const serve = async () => {
      if (await answerReportPage(req, res, { store, desk })) return
      await handle(pipeline, req, res)
    }
    serve().catch((e: unknown) => {
      if (!(e instanceof ApiProblem || e instanceof OAuthError || e instanceof KnobsError)) onError(e)
      if (res.headersSent) {
        res.destroy()
        return
      }
      // OAuth endpoints answer RFC 6749 §5.2 JSON, never problem+json (DESIGN.md "Platform API")
      if (isOAuthPath(req.url ?? '')) {
        const error = toOAuthError(e)
        noteRequestCode(req, error.error)
        if (req.readable && !req.readableEnded && error.status !== 413) req.resume()
        sendOAuthError(res, error)
        return
      }
      let problem: ApiProblem
      if (e instanceof ApiProblem) problem = e
      else if (e instanceof OAuthError)
        problem = new ApiProblem(e.status, e.error, e.shortMessage, { headers: e.headers })
      else if (e instanceof KnobsError) problem = new ApiProblem(400, 'invalid_body', e.shortMessage)
      else problem = new ApiProblem(500, 'internal', 'Internal error')
      noteRequestCode(req, problem.code)
      if (problem.status >= 400 && req.readable && !req.readableEnded && problem.status !== 413) req.resume()
      sendProblem(res, problem, requestId)
    })
  })
  // Malformed HTTP gets a problem+json answer too, not Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => sendParseError(socket, error))
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
    jwks: { keys: published.map(publicJwk) },
    getKnobs: () => structuredClone(knobs),
    setKnobs,
    requests: requestLog,
    close: async () => {
      unsubscribe()
      requestLog.close()
      webhooks.close()
      tracker?.close()
      await closeServer(server)
    },
  }
}

/**
 * A wallet a developer runs on a loopback port of their own (the runtime-host README's example): plain
 * `localhost`, `127.0.0.1` or `[::1]`, never a `*.localhost` name, which is where mini-programs live.
 */
export function isLocalWalletOrigin(origin: string): boolean {
  return /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::[0-9]{1,5})?$/.test(origin)
}
