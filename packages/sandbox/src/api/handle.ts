import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Store } from '../store/index.js'
import { assertAdminCaller, isAdminPath } from './admin.js'
import { authenticate, consumeAuthNonce, refuseBrowserAppAuth } from './auth.js'
import { isJsonContentType, parseJsonBody, readBody } from './body.js'
import type { Handlers } from './context.js'
import { applyCors } from './cors.js'
import { type IdempotencyGate, requestFingerprint, type SentResponse } from './idempotency.js'
import { applyKnobBefore, failureAfter, type Knobs } from './knobs.js'
import { applyPublicCors, isPublicOAuthPath } from './oauth/cors.js'
import { OAuthError } from './oauth/errors.js'
import { assertValidForm, formValidatorOf, isFormContentType, parseForm } from './oauth/form.js'
import { assertValid, type Route } from './openapi.js'
import { ApiProblem } from './problem.js'
import { noteRequestApp } from './request-log.js'
import { matchRoute, parseTarget, readParams } from './router.js'

/** What the request pipeline needs from the running API. */
export interface Pipeline {
  store: Store
  walletOrigin: string
  routes: readonly Route[]
  handlers: Handlers
  /** Admin routes are served (`/__sandbox/*`). */
  admin: boolean
  isAllowedOrigin(origin: string): boolean
  knobs(): Knobs
  now(): number
  random(): number
  /** Body limit of an operation, bytes. */
  bodyLimit(operationId: string): number
  /**
   * Takes a token for `key`: `ip:<address>`, `app:<appId>` (HMAC calls) or `user:<appId>:<sub>` (bearer
   * calls). @throws {ApiProblem} 429 `rate_limited` with `Retry-After`
   */
  rateLimit(key: string): void
  /** The `user:<appId>:<sub>` rate-limit key of a bearer call (its access token checked), or undefined. */
  userRateKey?(req: IncomingMessage): Promise<string | undefined>
  /** Replays effectful operations by Idempotency-Key. */
  idempotency: IdempotencyGate
}

/**
 * Serves one request, each concern in its own module, in this order: CORS and the admin guard, routing,
 * the client's rate limit, knobs, parameters, body (JSON, or a form on the OAuth endpoints), app
 * authentication and the app's (or the bearer user's) rate limit, body validation, the nonce, the
 * Idempotency-Key, then the handler, then the `failAfterNext` knob. Anything refused is thrown as an
 * {@link ApiProblem} (or an {@link OAuthError} on the OAuth endpoints).
 */
export async function handle(p: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET'
  const url = parseTarget(req.url ?? '/')
  const admin = p.admin && isAdminPath(url.pathname)
  if (admin) assertAdminCaller(req.headers, p.walletOrigin)
  if (isPublicOAuthPath(url.pathname)) {
    // token and revocation: public clients call them from any origin (PKCE, no credentials)
    if (applyPublicCors(req, res)) return
  } else {
    const origin = req.headers.origin
    const allowed = origin !== undefined && (admin ? origin === p.walletOrigin : p.isAllowedOrigin(origin))
    if (applyCors(req, res, allowed)) return
  }
  refuseBrowserAppAuth(req)

  const match = matchRoute(p.routes, method, url)
  noteRequestApp(req, match.params.appId)
  const op = match.route.operation
  p.rateLimit(`ip:${req.socket.remoteAddress ?? 'unknown'}`)
  const knobbed = op['x-chainless-sandbox-only'] !== true
  if (knobbed) await applyKnobBefore(p.knobs(), op.operationId, p.random)
  if (op['x-chainless-status'] === 'planned')
    throw new ApiProblem(501, 'not_implemented', `${op.operationId} is not served by the sandbox yet`)
  readParams(match, req.headers)

  let rawBody: Buffer | undefined
  // OAuth endpoints take application/x-www-form-urlencoded (RFC 6749 §4.1.3), the rest JSON
  const validateForm = formValidatorOf(op)
  if (validateForm) {
    rawBody = await readBody(req, p.bodyLimit(op.operationId))
    if (!isFormContentType(req))
      throw new OAuthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded')
  } else if (match.route.validateBody) {
    rawBody = await readBody(req, p.bodyLimit(op.operationId))
    if (!isJsonContentType(req))
      throw new ApiProblem(415, 'unsupported_media_type', 'Content-Type must be application/json')
  } else {
    req.resume()
  }
  const auth = authenticate({ req, operation: op, body: rawBody, store: p.store, nowMs: p.now() })
  if (auth) noteRequestApp(req, auth.appId)
  if (auth) p.rateLimit(`app:${auth.appId}`)
  else if (p.userRateKey && /^bearer /i.test(req.headers.authorization ?? '')) {
    const userKey = await p.userRateKey(req)
    if (userKey) p.rateLimit(userKey)
  }
  let body: unknown
  if (validateForm && rawBody) {
    const form = parseForm(rawBody)
    noteRequestApp(req, form.client_id)
    assertValidForm(validateForm, form)
    body = form
  } else if (match.route.validateBody && rawBody) {
    body = parseJsonBody(rawBody)
    assertValid(match.route.validateBody, body)
  }
  if (auth) consumeAuthNonce(p.store, auth, p.now())

  const handler = p.handlers[op.operationId]
  if (!handler)
    throw new ApiProblem(501, 'not_implemented', `${op.operationId} is not served by the sandbox yet`)
  let streamed: ((res: ServerResponse) => void) | undefined
  const run = async (): Promise<SentResponse> => {
    const result = await handler({
      req,
      route: match.route,
      params: match.params,
      query: url.searchParams,
      body,
      appId: auth?.appId ?? null,
    })
    streamed = result.stream
    return {
      status: result.status,
      body: result.body === undefined ? '' : JSON.stringify(result.body),
      headers: result.headers ?? { 'cache-control': 'no-store' },
    }
  }
  const key = req.headers['idempotency-key']
  const sent =
    match.route.idempotent && auth && typeof key === 'string'
      ? await p.idempotency.run(auth.appId, key, requestFingerprint(method, req.url ?? '/', rawBody), run)
      : await run()
  // the answer is lost after the effect (fault injection): a retry with the same key replays it
  const lost = knobbed ? failureAfter(p.knobs(), op.operationId) : undefined
  if (lost) throw lost
  if (streamed) {
    streamed(res)
    return
  }
  res.writeHead(sent.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(sent.body),
    ...sent.headers,
  })
  res.end(method === 'HEAD' ? undefined : sent.body)
}
