import { fc, test } from '@fast-check/vitest'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { MountError } from './errors.js'
import { InvalidOptionError } from './invalid-option-error.js'
import { loadManifest } from './load-manifest.js'
import { isVerifiedManifest } from './verified-manifest.js'

const apiUrl = 'http://api.localhost:8787'
const manifest = {
  appId: 'hello',
  name: 'Hello',
  version: '1.0.0',
  origin: 'http://hello.localhost:8090',
  entryUrl: 'http://hello.localhost:8090/',
  scopes: ['user:basic'],
}

type Key = { privateKey: CryptoKey; jwks: { keys: JWK[] } }
let platform: Key
let attacker: Key
beforeAll(async () => {
  const make = async (kid: string): Promise<Key> => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] } }
  }
  platform = await make('platform')
  attacker = await make('attacker')
})

interface Claims {
  iat?: number | null
  exp?: number | null
  manifest?: unknown
  iss?: string
  sub?: string
}
const now = () => Math.floor(Date.now() / 1000)
async function sign(key: Key, claims: Claims = {}): Promise<string> {
  const body: Record<string, unknown> = {}
  if (claims.manifest !== null) body.manifest = claims.manifest ?? manifest
  const jwt = new SignJWT(body)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.jwks.keys[0]!.kid!, typ: 'chainless-manifest+jwt' })
    .setIssuer(claims.iss ?? new URL(apiUrl).origin)
    .setSubject(claims.sub ?? 'hello')
  if (claims.iat !== null) jwt.setIssuedAt(claims.iat ?? now())
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? now() + 3600)
  return jwt.sign(key.privateKey)
}

/** A platform API that serves `body` for the manifest and the attacker's keys as its JWKS. */
function api(body: unknown, status = 200): typeof fetch {
  return (async (input: URL | RequestInfo) => {
    const url = new URL(String(input))
    if (url.pathname === '/.well-known/jwks.json') return Response.json(attacker.jwks)
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })
  }) as typeof fetch
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as MountError,
  )

describe('pinned keys and required claims', () => {
  it('returns a verified manifest for a good signature under the pinned keys', async () => {
    const loaded = await loadManifest({
      apiUrl,
      appId: 'hello',
      keys: platform.jwks,
      fetch: api({ signature: await sign(platform) }),
    })
    expect(loaded).toEqual(manifest)
    expect(isVerifiedManifest(loaded)).toBe(true)
    expect(Object.isFrozen(loaded)).toBe(true)
  })

  it('refuses a signature by the key the API itself publishes, when it is not pinned', async () => {
    const error = await failure(
      loadManifest({
        apiUrl,
        appId: 'hello',
        keys: platform.jwks,
        fetch: api({ signature: await sign(attacker) }),
      }),
    )
    expect(error).toMatchObject({ name: 'MountError', code: 'INVALID_MANIFEST' })
  })

  it.each([
    ['no exp', { exp: null }],
    ['no iat', { iat: null }],
    ['no manifest claim', { manifest: null }],
    ['expired beyond the tolerance', { iat: now() - 7200, exp: now() - 120 }],
    ['issued in the future', { iat: now() + 3600, exp: now() + 7200 }],
    ['another issuer', { iss: 'http://evil.localhost' }],
    ['another subject', { sub: 'other' }],
  ])('refuses a manifest JWT with %s', async (_name, claims) => {
    const error = await failure(
      loadManifest({
        apiUrl,
        appId: 'hello',
        keys: platform.jwks,
        fetch: api({ signature: await sign(platform, claims as Claims) }),
      }),
    )
    expect(error).toBeInstanceOf(MountError)
    expect(error?.code).toBe('INVALID_MANIFEST')
  })

  it('accepts a clock skew within the tolerance', async () => {
    const signature = await sign(platform, { iat: now() + 30, exp: now() - 30 + 60 })
    await expect(
      loadManifest({ apiUrl, appId: 'hello', keys: platform.jwks, fetch: api({ signature }) }),
    ).resolves.toMatchObject({ appId: 'hello' })
  })

  it('needs keys; unpinned is an explicit development mode whose result is not verified', async () => {
    await expect(loadManifest({ apiUrl, appId: 'hello', fetch: api({}) } as never)).rejects.toBeInstanceOf(
      InvalidOptionError,
    )
    await expect(
      loadManifest({ apiUrl, appId: 'hello', keys: { nope: 1 } as never, fetch: api({}) }),
    ).rejects.toBeInstanceOf(InvalidOptionError)
    const loaded = await loadManifest({
      apiUrl: 'http://127.0.0.1:9',
      appId: 'hello',
      keys: 'unpinned',
      fetch: api({ signature: await sign(attacker, { iss: 'http://127.0.0.1:9' }) }),
    }).catch((e: unknown) => e)
    // jose's remote key set uses the global fetch, not ours: the keys are unreachable here.
    expect(loaded).toMatchObject({ code: 'MANIFEST_UNAVAILABLE' })
  })
})

describe('availability is not validity', () => {
  it.each([500, 502, 503, 429])('HTTP %s is MANIFEST_UNAVAILABLE (retryable)', async (status) => {
    const error = await failure(
      loadManifest({ apiUrl, appId: 'hello', keys: platform.jwks, fetch: api('x', status) }),
    )
    expect(error).toMatchObject({ code: 'MANIFEST_UNAVAILABLE', data: { status }, retryable: true })
  })

  it('a network failure is MANIFEST_UNAVAILABLE; a 404 is INVALID_MANIFEST', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    expect(
      await failure(loadManifest({ apiUrl, appId: 'hello', keys: platform.jwks, fetch: down })),
    ).toMatchObject({
      code: 'MANIFEST_UNAVAILABLE',
      retryable: true,
    })
    expect(
      await failure(loadManifest({ apiUrl, appId: 'hello', keys: platform.jwks, fetch: api('{}', 404) })),
    ).toMatchObject({ code: 'INVALID_MANIFEST', retryable: false })
  })
})

const hostile = fc.oneof(
  fc.anything(),
  fc.record({ signature: fc.string() }),
  fc.record({ signature: fc.constantFrom('a.b.c', '..', 'eyJ.eyJ.x', `${'a'.repeat(5000)}.b.c`) }),
  fc.dictionary(
    fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'then', 'signature'),
    fc.anything(),
  ),
  fc.string(),
)

test.prop([hostile], { numRuns: Number(process.env.FUZZ_RUNS ?? 150) })(
  'any body the API answers gives a manifest or a MountError, never anything else',
  async (body) => {
    let text: string
    try {
      text = typeof body === 'string' ? body : JSON.stringify(body)
    } catch {
      text = '{'
    }
    const error = await failure(
      loadManifest({
        apiUrl,
        appId: 'hello',
        keys: platform.jwks,
        fetch: (async () => new Response(text, { status: 200 })) as typeof fetch,
      }),
    )
    expect(error).toBeInstanceOf(MountError)
    expect(error?.code).toBe('INVALID_MANIFEST')
  },
)
