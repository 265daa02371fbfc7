import { findRefreshToken, REFRESH_TOKEN_TTL_MS } from '../../store/tokens.js'
import type { Handler } from '../context.js'
import { type AccessTokenContext, verifyAccessTokenJwt } from './access-token.js'
import { authenticateClient } from './client-auth.js'
import type { TokenLookupForm } from './revoke.js'
import { NO_STORE } from './token.js'

/**
 * `POST /oauth/introspect` (RFC 7662): client authentication required (a secret: introspection is for
 * back ends). `{ active: false }` for anything not live — unknown, expired, revoked, rotated, or another
 * client's token (§2.2: the server may refuse to tell one client about another's tokens).
 */
export function introspectHandler(context: () => AccessTokenContext): Handler {
  return async ({ req, body }) => {
    const ctx = context()
    const form = body as TokenLookupForm
    const client = authenticateClient(ctx.store, req, form, { allowNone: false })
    const inactive = { status: 200, body: { active: false }, headers: NO_STORE }
    const refresh = findRefreshToken(ctx.store, form.token)
    if (refresh) {
      if (!refresh.live || refresh.family.clientId !== client.clientId) return inactive
      const { family } = refresh
      return {
        status: 200,
        body: {
          active: true,
          scope: family.scopes.join(' '),
          client_id: family.clientId,
          sub: family.account.toLowerCase(),
          exp: Math.floor(refresh.expiresAt / 1000),
          iat: Math.floor((refresh.expiresAt - REFRESH_TOKEN_TTL_MS) / 1000),
          token_type: 'refresh_token',
        },
        headers: NO_STORE,
      }
    }
    const claims = await verifyAccessTokenJwt(ctx, form.token)
    if (!claims || claims.client_id !== client.clientId) return inactive
    return {
      status: 200,
      body: {
        active: true,
        scope: claims.scope,
        client_id: claims.client_id,
        sub: claims.sub,
        exp: claims.exp,
        iat: claims.iat,
        token_type: 'Bearer',
      },
      headers: NO_STORE,
    }
  }
}
