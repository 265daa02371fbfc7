import type { IncomingMessage } from 'node:http'
import { consumeNonce, type Store, validAppSecrets } from '../store/index.js'
import { appKeyInBrowser } from './cors.js'
import { hasHmacHeaders, NONCE_TTL_SECONDS, readHmacHeaders, verifyHmac } from './hmac.js'
import type { OpenApiOperation } from './openapi.js'
import { ApiProblem } from './problem.js'

/** An app authenticated by HMAC; its nonce is consumed only once the request is otherwise accepted. */
export interface AppAuth {
  appId: string
  nonce: string
}

const authHeader = { 'www-authenticate': 'Chainless-HMAC-SHA256' }

/**
 * App keys belong to back ends: a request that carries the HMAC headers and an `Origin` (a browser) is
 * refused whatever the operation.
 * @throws {ApiProblem} 403 `app_key_in_browser`
 */
export function refuseBrowserAppAuth(req: IncomingMessage): void {
  if (req.headers.origin !== undefined && hasHmacHeaders(req.headers)) throw appKeyInBrowser()
}

/**
 * HMAC app authentication (v2) where the operation takes it: required by `appHmac`-only operations,
 * optional (checked when the headers are there) where anonymous access is allowed.
 * @throws {ApiProblem} 401 with the {@link HmacFailure} code
 */
export function authenticate(input: {
  req: IncomingMessage
  operation: OpenApiOperation
  body: Buffer | undefined
  store: Store
  nowMs: number
}): AppAuth | undefined {
  const { req, operation } = input
  const security = operation.security ?? []
  const hmacAllowed = security.some((s) => 'appHmac' in s)
  const anonymousAllowed = security.length === 0 || security.some((s) => Object.keys(s).length === 0)
  if (!hmacAllowed || (anonymousAllowed && !hasHmacHeaders(req.headers))) return undefined
  const headers = readHmacHeaders(req.headers)
  if ('failure' in headers)
    throw new ApiProblem(401, headers.failure, headers.detail, { headers: authHeader })
  const verdict = verifyHmac({
    headers,
    method: req.method ?? 'GET',
    host: typeof req.headers.host === 'string' ? req.headers.host : '',
    path: req.url ?? '/',
    body: input.body,
    secrets: validAppSecrets(input.store, headers.appId, input.nowMs),
    nowMs: input.nowMs,
  })
  if (!verdict.ok) throw new ApiProblem(401, verdict.failure, verdict.detail, { headers: authHeader })
  return { appId: headers.appId, nonce: headers.nonce }
}

/**
 * Consumes the nonce of an accepted request (last step before the handler: no state change before).
 * @throws {ApiProblem} 401 `nonce_replayed`
 */
export function consumeAuthNonce(store: Store, auth: AppAuth, nowMs: number): void {
  if (!consumeNonce(store, auth.appId, auth.nonce, nowMs + NONCE_TTL_SECONDS * 1000))
    throw new ApiProblem(401, 'nonce_replayed', 'This nonce was used already', { headers: authHeader })
}
