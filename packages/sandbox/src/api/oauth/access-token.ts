import { randomUUID } from 'node:crypto'
import type { Scope } from '@chainless/protocol'
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose'
import type { Store } from '../../store/index.js'
import { addTokenKey, findTokenKey, isAccessTokenLive, recordAccessToken } from '../../store/tokens.js'
import { generatePlatformKey, type PlatformKey } from '../signing.js'

/** JWT `typ` of an access token (RFC 9068 §2.1). */
export const ACCESS_TOKEN_TYPE = 'at+jwt'
/** Lifetime of an access token: 15 min. */
export const ACCESS_TOKEN_TTL_SECONDS = 900

/**
 * The access-token signing key: its own Ed25519 key and kid, not the manifest key (a leaked token key
 * cannot sign manifests, and either rotates alone). Generated and stored on first start.
 */
export async function loadAccessTokenKey(store: Store): Promise<PlatformKey> {
  const stored = findTokenKey(store)
  if (stored) return { kid: stored.kid, privateJwk: stored.privateJwk as JWK }
  const key = await generatePlatformKey()
  addTokenKey(store, { kid: key.kid, privateJwk: { ...key.privateJwk } })
  return key
}

/** What signing and checking access tokens needs from the running API. */
export interface AccessTokenContext {
  store: Store
  /** The issuer (the metadata's `issuer`). */
  issuer: string
  key: PlatformKey
  /** Clock, ms. */
  now(): number
}

/** The claims of a Chainless access token (RFC 9068 §2.2). */
export interface AccessTokenClaims {
  iss: string
  /** The account address, lower case. */
  sub: string
  /** The appId. */
  aud: string
  client_id: string
  /** Space-separated scopes. */
  scope: string
  jti: string
  iat: number
  exp: number
  auth_time: number
}

const imported = new WeakMap<
  PlatformKey,
  { sign: Promise<CryptoKey | Uint8Array>; verify: Promise<CryptoKey | Uint8Array> }
>()
function keysOf(key: PlatformKey) {
  let k = imported.get(key)
  if (!k) {
    const { d: _d, ...pub } = key.privateJwk
    k = { sign: importJWK(key.privateJwk, 'EdDSA'), verify: importJWK(pub, 'EdDSA') }
    imported.set(key, k)
  }
  return k
}

/**
 * Signs an RFC 9068 access token of a token family and registers its `jti`.
 *
 * @example
 * ```ts
 * const { token } = await issueAccessToken(ctx, { familyId, clientId: 'shop', account, scopes, authTime })
 * ```
 */
export async function issueAccessToken(
  ctx: AccessTokenContext,
  input: { familyId: string; clientId: string; account: string; scopes: readonly Scope[]; authTime: number },
): Promise<{ token: string; claims: AccessTokenClaims }> {
  const iat = Math.floor(ctx.now() / 1000)
  const claims: AccessTokenClaims = {
    iss: ctx.issuer,
    sub: input.account.toLowerCase(),
    aud: input.clientId,
    client_id: input.clientId,
    scope: input.scopes.join(' '),
    jti: randomUUID(),
    iat,
    exp: iat + ACCESS_TOKEN_TTL_SECONDS,
    auth_time: input.authTime,
  }
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: ctx.key.kid, typ: ACCESS_TOKEN_TYPE })
    .sign(await keysOf(ctx.key).sign)
  recordAccessToken(ctx.store, claims.jti, input.familyId, claims.exp * 1000)
  return { token, claims }
}

/**
 * Verifies an access token the way the bearer routes need: EdDSA with the token key, `typ: at+jwt`, the
 * issuer, not expired, every claim present — and live: its `jti` not denylisted and its family not
 * revoked. Answers the claims, or `undefined` for anything not live (callers answer 401 / inactive).
 *
 * @example
 * ```ts
 * const claims = await verifyAccessTokenJwt(ctx, bearer)
 * if (!claims) throw new ApiProblem(401, 'invalid_token', 'The access token is not valid')
 * ```
 */
export async function verifyAccessTokenJwt(
  ctx: AccessTokenContext,
  token: string,
  options: { ignoreLiveness?: boolean } = {},
): Promise<AccessTokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, await keysOf(ctx.key).verify, {
      algorithms: ['EdDSA'],
      typ: ACCESS_TOKEN_TYPE,
      issuer: ctx.issuer,
      requiredClaims: ['sub', 'aud', 'client_id', 'scope', 'jti', 'iat', 'exp'],
      currentDate: new Date(ctx.now()),
    })
    const claims = payload as unknown as AccessTokenClaims
    if (!options.ignoreLiveness && !isAccessTokenLive(ctx.store, claims.jti)) return undefined
    return claims
  } catch {
    return undefined
  }
}
