import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { findApp, type Store, validAppSecrets } from '../../store/index.js'
import { OAuthError } from './errors.js'

/** A client authentication method (RFC 6749 §2.3, RFC 7591 names). */
export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post'

/** An authenticated OAuth client: the app and how it proved itself. */
export interface AuthenticatedClient {
  clientId: string
  method: ClientAuthMethod
}

/** The form parameters client authentication reads. */
export interface ClientCredentialsForm {
  client_id?: string
  client_secret?: string
}

// RFC 6749 §2.3.1 / Appendix B: id and secret are form-url-encoded before Basic.
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '))
}

function readBasic(header: string): { id: string; secret: string } | undefined {
  const m = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header)
  if (!m) return undefined
  const text = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon < 0) return undefined
  try {
    return { id: formDecode(text.slice(0, colon)), secret: formDecode(text.slice(colon + 1)) }
  } catch {
    return undefined
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest()
/** Constant-time check of `secret` against the app's valid keys (the keys HMAC app auth accepts). */
function secretMatches(store: Store, clientId: string, secret: string): boolean {
  const given = digest(secret)
  let ok = false
  for (const key of validAppSecrets(store, clientId)) ok = timingSafeEqual(digest(key), given) || ok
  return ok
}

/**
 * Authenticates the client of an OAuth request (RFC 6749 §2.3): `client_secret_basic` (Authorization
 * header), `client_secret_post` (`client_id` + `client_secret` in the form) or, where `allowNone`,
 * `none` (a public client: `client_id` only — PKCE then proves the code). One method per request.
 * The secret is the app key; the app must exist and be listed.
 *
 * @throws {OAuthError} 401 `invalid_client` (with `WWW-Authenticate: Basic` when Basic was tried),
 *   400 `invalid_request` (two methods, or a body `client_id` that is not the Basic one)
 *
 * @example
 * ```ts
 * const client = authenticateClient(store, ctx.req, form, { allowNone: true })
 * ```
 */
export function authenticateClient(
  store: Store,
  req: IncomingMessage,
  form: ClientCredentialsForm,
  options: { allowNone: boolean },
): AuthenticatedClient {
  const header = req.headers.authorization
  if (header !== undefined) {
    const challenge = { 'www-authenticate': 'Basic realm="chainless", charset="UTF-8"' }
    const basic = readBasic(header)
    if (!basic) throw new OAuthError(401, 'invalid_client', 'Malformed Basic credentials', challenge)
    if (form.client_secret !== undefined)
      throw new OAuthError(400, 'invalid_request', 'Use one client authentication method only')
    if (form.client_id !== undefined && form.client_id !== basic.id)
      throw new OAuthError(400, 'invalid_request', 'client_id differs from the authenticated client')
    if (!secretMatches(store, basic.id, basic.secret))
      throw new OAuthError(401, 'invalid_client', 'Client authentication failed', challenge)
    return { clientId: basic.id, method: 'client_secret_basic' }
  }
  const clientId = form.client_id
  if (clientId === undefined) throw new OAuthError(401, 'invalid_client', 'No client authentication')
  if (form.client_secret !== undefined) {
    if (!secretMatches(store, clientId, form.client_secret))
      throw new OAuthError(401, 'invalid_client', 'Client authentication failed')
    return { clientId, method: 'client_secret_post' }
  }
  if (!options.allowNone)
    throw new OAuthError(401, 'invalid_client', 'This endpoint requires client authentication')
  if (findApp(store, clientId)?.status !== 'listed')
    throw new OAuthError(401, 'invalid_client', 'Unknown client')
  return { clientId, method: 'none' }
}
