import type { Manifest } from '@chainless/protocol'
import type { JWTVerifyGetKey } from 'jose'
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose'
import { addPlatformKey, listPlatformKeys, type Store } from '../store/index.js'

/** JWT `typ` of a signed manifest. */
export const MANIFEST_JWT_TYPE = 'chainless-manifest+jwt'
/** Lifetime of a signed manifest: 24 h (a delisting reaches hosts within that). */
export const MANIFEST_TTL_SECONDS = 24 * 60 * 60

/** An Ed25519 platform key: private JWK plus its key id. */
export interface PlatformKey {
  kid: string
  /** Private JWK (`kty: OKP`, `crv: Ed25519`, with `d`). */
  privateJwk: JWK
}

/** A public JWK as published in the JWKS. */
export interface PublicJwk extends JWK {
  kid: string
  use: 'sig'
  alg: 'EdDSA'
}

/** Generates an Ed25519 key; the kid is its RFC 7638 thumbprint. */
export async function generatePlatformKey(): Promise<PlatformKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const kid = await calculateJwkThumbprint(publicOf(privateJwk))
  return { kid, privateJwk }
}

function publicOf(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
}

/** The public JWK of a platform key, as published at `/.well-known/jwks.json`. */
export function publicJwk(key: PlatformKey): PublicJwk {
  return { ...publicOf(key.privateJwk), kid: key.kid, use: 'sig', alg: 'EdDSA' }
}

/**
 * The platform keys in the store, newest first, generating and storing one when there is none (so the
 * key survives restarts and `--reset` replaces it).
 */
export async function loadPlatformKeys(store: Store): Promise<PlatformKey[]> {
  let keys = listPlatformKeys(store)
  if (keys.length === 0) {
    const key = await generatePlatformKey()
    addPlatformKey(store, {
      kid: key.kid,
      privateJwk: { ...key.privateJwk },
      publicJwk: { ...publicJwk(key) },
    })
    keys = listPlatformKeys(store)
  }
  return keys.map((k) => ({ kid: k.kid, privateJwk: k.privateJwk as JWK }))
}

/** A manifest with the platform's signature (the OpenAPI document's `SignedManifest`). */
export interface SignedManifest {
  /** Unsigned copy, for display. Hosts use the one inside `signature`. */
  manifest: Manifest
  /** Compact JWS (JWT) — header `{alg: EdDSA, kid, typ: chainless-manifest+jwt}`, claims `iss, sub, iat, exp, manifest`. */
  signature: string
}

/**
 * Signs a manifest: a JWT with `iss` = the platform API's base URL, `sub` = appId, `iat`, `exp` (+24 h)
 * and the `manifest` claim, EdDSA (Ed25519, RFC 8037) with `kid` in the protected header (RFC 7515).
 */
export async function signManifest(
  manifest: Manifest,
  key: PlatformKey,
  options: { issuer: string; nowMs?: number },
): Promise<SignedManifest> {
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000)
  const signature = await new SignJWT({ manifest: manifest as unknown as Record<string, unknown> })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: MANIFEST_JWT_TYPE })
    .setIssuer(options.issuer)
    .setSubject(manifest.appId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + MANIFEST_TTL_SECONDS)
    .sign(await signingKeyOf(key))
  return { manifest, signature }
}

// The private key is imported once per platform key, not on every manifest request.
const importedKeys = new WeakMap<PlatformKey, ReturnType<typeof importJWK>>()
function signingKeyOf(key: PlatformKey): ReturnType<typeof importJWK> {
  let imported = importedKeys.get(key)
  if (!imported) {
    imported = importJWK(key.privateJwk, 'EdDSA')
    importedKeys.set(key, imported)
  }
  return imported
}

/**
 * Verifies a signed manifest the way a host does and answers the manifest inside the signature.
 *
 * @example
 * ```ts
 * const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', api))
 * const manifest = await verifySignedManifest(body.signature, jwks, { issuer: api, appId: 'hello' })
 * ```
 */
export async function verifySignedManifest(
  signature: string,
  keys: JWTVerifyGetKey,
  options: { issuer: string; appId: string /** Clock (tests); default now. */; nowMs?: number },
): Promise<Manifest> {
  const { payload } = await jwtVerify(signature, keys, {
    algorithms: ['EdDSA'],
    issuer: options.issuer,
    subject: options.appId,
    typ: MANIFEST_JWT_TYPE,
    requiredClaims: ['iat', 'exp', 'manifest'],
    ...(options.nowMs === undefined ? {} : { currentDate: new Date(options.nowMs) }),
  })
  const manifest = payload.manifest as Manifest
  if (manifest?.appId !== options.appId) throw new Error('manifest appId does not match')
  return manifest
}
