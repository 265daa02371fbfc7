import type { IncomingMessage } from 'node:http'
import type { Scope } from '@chainless/protocol'
import { getAddress } from 'ethers'
import { profileOf } from '../../store/profiles.js'
import type { Handlers } from '../context.js'
import {
  type AccessTokenClaims,
  type AccessTokenContext,
  verifyAccessTokenJwt,
} from '../oauth/access-token.js'
import { ApiProblem } from '../problem.js'

/** `POST /api/v1/permission/verify` calls allowed per token per minute. */
export const PERMISSION_VERIFY_PER_MINUTE = 100

/**
 * The live access token of a bearer request (RFC 6750 §2.1).
 * @throws {ApiProblem} 401 `invalid_token` with `WWW-Authenticate: Bearer` (RFC 6750 §3)
 */
export async function bearerClaims(
  ctx: AccessTokenContext,
  req: IncomingMessage,
): Promise<AccessTokenClaims> {
  const m = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(req.headers.authorization ?? '')
  if (!m)
    throw new ApiProblem(401, 'invalid_token', 'An access token is required (Authorization: Bearer)', {
      headers: { 'www-authenticate': 'Bearer realm="chainless"' },
    })
  const claims = await verifyAccessTokenJwt(ctx, m[1]!)
  if (!claims)
    throw new ApiProblem(401, 'invalid_token', 'The access token is not valid', {
      headers: { 'www-authenticate': 'Bearer realm="chainless", error="invalid_token"' },
    })
  return claims
}

/**
 * `GET /api/v1/userinfo` (claims filtered by the token's scopes: phone with `user:phone`, email with
 * `user:email`, from the sandbox's test profiles) and `POST /api/v1/permission/verify` (does the token
 * hold a scope; 100 / min / token, then 429 with `Retry-After`).
 */
export function userinfoRoutes(context: () => AccessTokenContext): Handlers {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    getUserInfo: async ({ req }) => {
      const claims = await bearerClaims(context(), req)
      const scopes = new Set(claims.scope.split(' '))
      const profile = profileOf(claims.sub)
      return {
        status: 200,
        body: {
          sub: claims.sub,
          address: getAddress(claims.sub),
          ...(scopes.has('user:phone') ? { phone_number: profile.phone } : {}),
          ...(scopes.has('user:email') ? { email: profile.email } : {}),
        },
      }
    },
    verifyPermission: async ({ req, body }) => {
      const ctx = context()
      const claims = await bearerClaims(ctx, req)
      const now = ctx.now()
      for (const [jti, w] of windows) if (now - w.start >= 60_000) windows.delete(jti)
      const w = windows.get(claims.jti) ?? { start: now, count: 0 }
      windows.set(claims.jti, w)
      if (++w.count > PERMISSION_VERIFY_PER_MINUTE) {
        const wait = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000))
        throw new ApiProblem(429, 'rate_limited', `Too many permission checks; retry in ${wait} s`, {
          headers: { 'retry-after': String(wait) },
        })
      }
      const { scope } = body as { scope: Scope }
      return { status: 200, body: { granted: claims.scope.split(' ').includes(scope) } }
    },
  }
}
