import { findRefreshToken, revokeAccessToken, revokeFamily } from '../../store/tokens.js'
import type { Handler } from '../context.js'
import { type AccessTokenContext, verifyAccessTokenJwt } from './access-token.js'
import { authenticateClient } from './client-auth.js'
import { NO_STORE } from './token.js'

/** The form of `POST /oauth/revoke` and `POST /oauth/introspect`. */
export interface TokenLookupForm {
  token: string
  token_type_hint?: 'access_token' | 'refresh_token'
  client_id?: string
  client_secret?: string
}

/**
 * `POST /oauth/revoke` (RFC 7009): a refresh token takes its whole family with it; an access token's
 * `jti` is denylisted until it expires. 200 whatever the token (unknown, expired, another client's:
 * §2.2), so that revocation reveals nothing.
 */
export function revokeHandler(context: () => AccessTokenContext): Handler {
  return async ({ req, body }) => {
    const ctx = context()
    const form = body as TokenLookupForm
    const client = authenticateClient(ctx.store, req, form, { allowNone: true })
    const refresh = findRefreshToken(ctx.store, form.token)
    if (refresh) {
      if (refresh.family.clientId === client.clientId) revokeFamily(ctx.store, refresh.family.familyId)
    } else {
      const claims = await verifyAccessTokenJwt(ctx, form.token, { ignoreLiveness: true })
      if (claims && claims.client_id === client.clientId) revokeAccessToken(ctx.store, claims.jti)
    }
    return { status: 200, headers: NO_STORE }
  }
}
