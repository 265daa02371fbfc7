import type { Manifest } from '@chainless/protocol'
import { manifestSchema } from '@chainless/protocol/schemas'
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose'
import * as v from 'valibot'
import { MountError } from './errors.js'

/** Options of {@link loadManifest}. */
export interface LoadManifestOptions {
  /** Platform API base URL, e.g. `http://localhost:8787`. It is also the expected `iss`. */
  apiUrl: string
  appId: string
  /** Keys to verify with; default the platform's `/.well-known/jwks.json` (cached per `apiUrl`). */
  keys?: JWTVerifyGetKey
  fetch?: typeof fetch
  signal?: AbortSignal
}

const keySets = new Map<string, JWTVerifyGetKey>()

/**
 * Fetches `GET /api/v1/apps/{appId}` and returns the manifest from inside the platform's signature —
 * never the unsigned copy. The signature is a JWT (RFC 7519) signed with Ed25519 (EdDSA, RFC 8037),
 * `typ: chainless-manifest+jwt`, `iss` = the API URL, `sub` = the appId.
 *
 * @throws {MountError} `MANIFEST_UNAVAILABLE` when the API cannot be reached; `INVALID_MANIFEST` when
 * the answer, the signature or the manifest is bad.
 * @example
 * ```ts
 * const manifest = await loadManifest({ apiUrl: 'http://localhost:8787', appId: 'hello' })
 * host.mount(manifest, container)
 * ```
 */
export async function loadManifest(options: LoadManifestOptions): Promise<Manifest> {
  const { apiUrl, appId, signal } = options
  const doFetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await doFetch(new URL(`/api/v1/apps/${encodeURIComponent(appId)}`, apiUrl), {
      ...(signal ? { signal } : {}),
    })
  } catch (error) {
    throw new MountError('MANIFEST_UNAVAILABLE', `Manifest of ${appId}: the platform API is unreachable`, {
      reason: (error as Error).message,
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
  let keys = options.keys ?? keySets.get(apiUrl)
  if (!keys) {
    keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', apiUrl))
    keySets.set(apiUrl, keys)
  }
  let payload: Record<string, unknown>
  try {
    ;({ payload } = await jwtVerify(signature, keys, {
      algorithms: ['EdDSA'],
      issuer: new URL(apiUrl).origin,
      subject: appId,
      typ: 'chainless-manifest+jwt',
    }))
  } catch (error) {
    throw new MountError('INVALID_MANIFEST', 'Manifest signature does not verify', {
      reason: (error as { code?: string }).code ?? 'ERR_JWS_INVALID',
    })
  }
  const parsed = v.safeParse(manifestSchema, payload.manifest)
  if (!parsed.success || parsed.output.appId !== appId) {
    throw new MountError('INVALID_MANIFEST', 'Signed manifest is invalid')
  }
  return parsed.output as Manifest
}
