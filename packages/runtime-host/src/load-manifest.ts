import type { Manifest } from '@chainless/protocol'
import { manifestSchema } from '@chainless/protocol/schemas'
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose'
import * as v from 'valibot'
import { MountError } from './errors.js'
import { InvalidOptionError } from './invalid-option-error.js'
import { markVerified, type VerifiedManifest } from './verified-manifest.js'

/**
 * The platform's manifest-signing public keys, pinned by the wallet: a JWKS (`{ keys: [...] }`, as
 * published at the platform's `/.well-known/jwks.json`) or a jose key getter.
 */
export type ManifestKeys = JSONWebKeySet | JWTVerifyGetKey

/** Options of {@link loadManifest}. */
export interface LoadManifestOptions {
  /** Platform API base URL, e.g. `http://localhost:8787`. Its origin is also the expected `iss`. */
  apiUrl: string
  appId: string
  /**
   * The pinned keys to verify with. `'unpinned'` is a development mode: the keys are fetched from
   * the same API that serves the manifest (`{apiUrl}/.well-known/jwks.json`), which then vouches for
   * itself; the result is then a plain `Manifest`, not a {@link VerifiedManifest}.
   */
  keys: ManifestKeys | 'unpinned'
  fetch?: typeof fetch
  signal?: AbortSignal
}

/** Largest clock skew accepted on `iat`/`exp`, in seconds. */
export const MANIFEST_CLOCK_TOLERANCE_S = 60

const remoteKeySets = new Map<string, JWTVerifyGetKey>()
const localKeySets = new WeakMap<JSONWebKeySet, JWTVerifyGetKey>()

function keyGetter(keys: ManifestKeys | 'unpinned', apiUrl: string): JWTVerifyGetKey {
  if (keys === 'unpinned') {
    let remote = remoteKeySets.get(apiUrl)
    if (!remote) {
      remote = createRemoteJWKSet(new URL('/.well-known/jwks.json', apiUrl))
      remoteKeySets.set(apiUrl, remote)
    }
    return remote
  }
  if (typeof keys === 'function') return keys
  if (typeof keys !== 'object' || keys === null || !Array.isArray(keys.keys)) {
    throw new InvalidOptionError('keys', "a JWKS ({ keys: [...] }), a key getter or 'unpinned'")
  }
  let local = localKeySets.get(keys)
  if (!local) {
    local = createLocalJWKSet(keys)
    localKeySets.set(keys, local)
  }
  return local
}

/**
 * Fetches `GET /api/v1/apps/{appId}` and returns the manifest from inside the platform's signature —
 * never the unsigned copy. The signature is a JWT (RFC 7519) signed with Ed25519 (EdDSA, RFC 8037),
 * `typ: chainless-manifest+jwt`, `iss` = the API's origin, `sub` = the appId, with `iat`, `exp` and
 * the `manifest` claim all required, and verified against the wallet's pinned `keys`.
 *
 * @throws {MountError} `MANIFEST_UNAVAILABLE` (retryable) when the API cannot be reached or answers
 * 5xx/429; `INVALID_MANIFEST` when the answer, the signature or the manifest is bad.
 * @throws {InvalidOptionError} when `keys` or `apiUrl` is unusable.
 * @example
 * ```ts
 * const manifest = await loadManifest({ apiUrl: 'https://api.example', appId: 'hello', keys: PLATFORM_JWKS })
 * host.mount(manifest, container)
 * ```
 */
export async function loadManifest(
  options: LoadManifestOptions & { keys: ManifestKeys },
): Promise<VerifiedManifest>
export async function loadManifest(options: LoadManifestOptions): Promise<Manifest>
export async function loadManifest(options: LoadManifestOptions): Promise<Manifest> {
  const { apiUrl, appId, signal } = options
  let base: URL
  try {
    base = new URL(apiUrl)
  } catch {
    throw new InvalidOptionError('apiUrl', 'an absolute URL')
  }
  if (options.keys === undefined) {
    throw new InvalidOptionError(
      'keys',
      "the platform's pinned manifest keys ('unpinned' in development only)",
    )
  }
  const keys = keyGetter(options.keys, apiUrl)
  const doFetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await doFetch(new URL(`/api/v1/apps/${encodeURIComponent(appId)}`, base), {
      ...(signal ? { signal } : {}),
    })
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    throw new MountError(
      'MANIFEST_UNAVAILABLE',
      `Manifest of ${appId}: the platform API is unreachable`,
      { reason: 'network' },
      { cause: error },
    )
  }
  if (response.status >= 500 || response.status === 429) {
    throw new MountError('MANIFEST_UNAVAILABLE', `Manifest of ${appId}: HTTP ${response.status}`, {
      status: response.status,
    })
  }
  if (!response.ok) {
    throw new MountError('INVALID_MANIFEST', `Manifest of ${appId}: HTTP ${response.status}`, {
      status: response.status,
    })
  }
  const body: unknown = await response.json().catch(() => undefined)
  const signature = (body as { signature?: unknown } | null | undefined)?.signature
  if (typeof signature !== 'string') throw new MountError('INVALID_MANIFEST', 'Manifest is not signed')
  let payload: Record<string, unknown>
  try {
    ;({ payload } = await jwtVerify(signature, keys, {
      algorithms: ['EdDSA'],
      issuer: base.origin,
      subject: appId,
      typ: 'chainless-manifest+jwt',
      requiredClaims: ['iat', 'exp', 'manifest'],
      clockTolerance: MANIFEST_CLOCK_TOLERANCE_S,
    }))
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    // Unpinned keys come over the network too: failing to fetch them is not a bad signature.
    if (options.keys === 'unpinned' && (typeof code !== 'string' || code === 'ERR_JWKS_TIMEOUT')) {
      throw new MountError(
        'MANIFEST_UNAVAILABLE',
        `Manifest of ${appId}: the platform's keys are unreachable`,
        { reason: 'keys' },
        { cause: error },
      )
    }
    throw new MountError(
      'INVALID_MANIFEST',
      'Manifest signature does not verify',
      { reason: typeof code === 'string' ? code.slice(0, 64) : 'ERR_JWS_INVALID' },
      { cause: error },
    )
  }
  // jose checks `iat` against the clock only with maxTokenAge: a manifest "issued" in the future is
  // refused here (a platform clock gone wrong, or a signature minted to outlive its rotation).
  if ((payload.iat as number) > Date.now() / 1000 + MANIFEST_CLOCK_TOLERANCE_S) {
    throw new MountError('INVALID_MANIFEST', 'Manifest signature does not verify', {
      reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    })
  }
  const parsed = v.safeParse(manifestSchema, payload.manifest)
  if (!parsed.success || parsed.output.appId !== appId) {
    throw new MountError('INVALID_MANIFEST', 'Signed manifest is invalid')
  }
  const manifest = parsed.output as Manifest
  return options.keys === 'unpinned' ? Object.freeze({ ...manifest }) : markVerified(manifest)
}
