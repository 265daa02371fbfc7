import { createHash } from 'node:crypto'
import { consumeCode } from '../../store/auth-codes.js'
import {
  createFamily,
  familyOfCode,
  issueRefreshToken,
  revokeFamily,
  spendRefreshToken,
  type TokenFamily,
} from '../../store/tokens.js'
import type { Handler, HandlerResult } from '../context.js'
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenContext, issueAccessToken } from './access-token.js'
import { authenticateClient } from './client-auth.js'
import { OAuthError } from './errors.js'

/** The form of `POST /oauth/token` (the document's `TokenRequest`, validated before). */
export interface TokenForm {
  grant_type: 'authorization_code' | 'refresh_token'
  code?: string
  code_verifier?: string
  redirect_uri?: string
  refresh_token?: string
  client_id?: string
  client_secret?: string
}

/** RFC 6749 §5.1 answers are never cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

/** PKCE S256 (RFC 7636 §4.6): `BASE64URL(SHA256(ASCII(verifier))) == challenge`, verifier 43–128 unreserved. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false
  return createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge
}

const invalidGrant = (why: string) => new OAuthError(400, 'invalid_grant', why)

async function tokensFor(ctx: AccessTokenContext, family: TokenFamily): Promise<HandlerResult> {
  const access = await issueAccessToken(ctx, family)
  const refresh = issueRefreshToken(ctx.store, family.familyId)
  return {
    status: 200,
    body: {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      refresh_token: refresh.token,
      scope: access.claims.scope,
    },
    headers: NO_STORE,
  }
}

/**
 * `POST /oauth/token` (RFC 6749 §3.2): `authorization_code` with PKCE S256 always (RFC 7636; a code
 * used twice revokes what it issued, §4.1.2) and `refresh_token` with rotation (a spent refresh token
 * used again revokes its family).
 */
export function tokenHandler(context: () => AccessTokenContext): Handler {
  return async ({ req, body }) => {
    const ctx = context()
    const form = body as TokenForm
    const client = authenticateClient(ctx.store, req, form, { allowNone: true })
    if (form.grant_type === 'authorization_code') {
      const { code, code_verifier: verifier, redirect_uri: redirectUri } = form
      if (!code || !redirectUri || !verifier)
        throw new OAuthError(400, 'invalid_request', 'code, redirect_uri and code_verifier are required')
      const granted = consumeCode(ctx.store, code)
      if (!granted) {
        const issued = familyOfCode(ctx.store, code)
        if (issued) revokeFamily(ctx.store, issued.familyId)
        throw invalidGrant(issued ? 'The code was used already' : 'The code is unknown or expired')
      }
      if (granted.clientId !== client.clientId) throw invalidGrant('The code was issued to another client')
      if (granted.redirectUri !== redirectUri)
        throw invalidGrant('redirect_uri differs from the authorization')
      if (!pkceMatches(verifier, granted.codeChallenge)) throw invalidGrant('code_verifier does not match')
      const family = createFamily(ctx.store, {
        clientId: granted.clientId,
        account: granted.account,
        scopes: granted.scopes,
        authTime: Math.floor(ctx.now() / 1000),
        code,
      })
      return tokensFor(ctx, family)
    }
    if (!form.refresh_token) throw new OAuthError(400, 'invalid_request', 'refresh_token is required')
    const spent = spendRefreshToken(ctx.store, form.refresh_token, client.clientId)
    if (spent.status === 'reused')
      throw invalidGrant('The refresh token was used already: its grant is revoked')
    if (spent.status === 'invalid') throw invalidGrant('The refresh token is not valid')
    return tokensFor(ctx, spent.family)
  }
}
