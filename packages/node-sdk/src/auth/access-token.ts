import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose'
import { InsufficientScopeError, TokenVerificationError, type TokenVerificationReason } from '../errors.js'

/** A verified RFC 9068 access token. */
export interface VerifiedAccessToken {
  /** The account (lower-case address). */
  sub: string
  /** Granted scopes (the `scope` claim split on spaces). */
  scopes: string[]
  /** The app the token was issued to (`client_id`). */
  clientId: string
  /** Expiry, ms since the epoch. */
  expiresAt: number
  /** Every claim, as signed. */
  claims: JWTPayload
}

/** What {@link verifyAccessTokenJwt} checks a token against. */
export interface AccessTokenCheck {
  /** The authorization server's issuer identifier (exact `iss`). */
  issuer: string
  /** Your app id: the expected `aud` and `client_id`. */
  clientId: string
  /** The signing keys (jose `createRemoteJWKSet` / `createLocalJWKSet`). */
  keys: JWTVerifyGetKey
  /** Every one of these must be granted. */
  requiredScopes?: readonly string[] | undefined
  /** Seconds of clock skew tolerated on `exp`, `nbf`, `iat`. Default 0. */
  clockTolerance?: number | undefined
  /** The time to check against (tests). Default now. */
  currentDate?: Date | undefined
}

// RFC 9068 §2.2: these claims are REQUIRED in a JWT access token (plus `aud`, checked by value).
const REQUIRED_CLAIMS = ['iss', 'sub', 'exp', 'iat', 'jti', 'client_id', 'scope']
const CLAIM_REASONS: Record<string, TokenVerificationReason> = {
  iss: 'issuer',
  aud: 'audience',
  typ: 'type',
  nbf: 'not_yet_valid',
  exp: 'expired',
}

/** Maps a jose error to our reason. */
function reasonOf(error: unknown): TokenVerificationReason {
  if (error instanceof errors.JWTExpired) return 'expired'
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === 'missing' ? 'malformed' : (CLAIM_REASONS[error.claim] ?? 'malformed')
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'algorithm'
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature'
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'unknown_key'
  }
  return 'malformed'
}

/**
 * Verifies an RFC 9068 access token with the given keys: signature (EdDSA only), `typ: at+jwt`,
 * `iss`, `aud` and `client_id` equal to your app id, `exp`/`nbf`/`iat`, the required claims, then the
 * scopes. {@link AuthClient.verifyAccessToken} calls this with the platform's JWKS.
 *
 * @throws TokenVerificationError with the failed check as `reason`; InsufficientScopeError when a
 *   required scope is missing.
 * @example
 * ```ts
 * const keys = createLocalJWKSet(jwks)
 * const { sub } = await verifyAccessTokenJwt(token, { issuer, clientId: 'my-app', keys })
 * ```
 */
export async function verifyAccessTokenJwt(
  token: string,
  check: AccessTokenCheck,
): Promise<VerifiedAccessToken> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) {
    throw new TokenVerificationError('malformed', { details: 'not a compact JWT' })
  }
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, check.keys, {
      issuer: check.issuer,
      audience: check.clientId,
      typ: 'at+jwt',
      algorithms: ['EdDSA'],
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: check.clockTolerance ?? 0,
      ...(check.currentDate ? { currentDate: check.currentDate } : {}),
    }))
  } catch (error) {
    const reason = reasonOf(error)
    throw new TokenVerificationError(reason, {
      details: error instanceof Error ? error.message : undefined,
      cause: error,
    })
  }
  const { sub, scope, client_id: clientId, exp } = payload
  if (typeof sub !== 'string' || typeof scope !== 'string' || typeof exp !== 'number') {
    throw new TokenVerificationError('malformed', { details: 'sub, scope or exp has the wrong type' })
  }
  // RFC 9068 §4: client_id names the client the token was issued to; it must be us, like `aud`.
  if (clientId !== check.clientId) {
    throw new TokenVerificationError('audience', { details: `client_id is not ${check.clientId}` })
  }
  const scopes = scope.split(' ').filter(Boolean)
  const missing = (check.requiredScopes ?? []).filter((s) => !scopes.includes(s))
  if (missing.length > 0) throw new InsufficientScopeError(missing)
  return { sub, scopes, clientId, expiresAt: exp * 1000, claims: payload }
}
