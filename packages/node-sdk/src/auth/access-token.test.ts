import { fc, test } from '@fast-check/vitest'
import { base64url, createLocalJWKSet, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InsufficientScopeError, TokenVerificationError } from '../errors.js'
import { createAuthClient } from './client.js'
import { CLIENT_ID, type FakeServer, startFakeServer } from './fake-server.testutil.js'

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer()
})
afterAll(() => server.close())

const client = (jwks?: { cooldownDuration?: number }) =>
  createAuthClient({ issuer: server.issuer, clientId: CLIENT_ID, jwks })

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(TokenVerificationError)
  return (error as TokenVerificationError).reason
}

const now = () => Math.floor(Date.now() / 1000)

describe('verifyAccessToken', () => {
  it('accepts a good RFC 9068 token and returns sub, scopes, client id, expiry', async () => {
    const token = await server.sign()
    const verified = await client().verifyAccessToken(token, { requiredScopes: ['user:basic'] })
    expect(verified.sub).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
    expect(verified.scopes).toEqual(['user:basic', 'user:phone'])
    expect(verified.clientId).toBe(CLIENT_ID)
    expect(verified.expiresAt).toBeGreaterThan(Date.now())
    expect(verified.claims.jti).toBeTypeOf('string')
  })

  it('rejects a wrong issuer, audience, client_id and typ', async () => {
    const c = client()
    expect(await reasonOf(c.verifyAccessToken(await server.sign({ iss: 'https://evil.example' })))).toBe(
      'issuer',
    )
    expect(await reasonOf(c.verifyAccessToken(await server.sign({ aud: 'other-app' })))).toBe('audience')
    expect(await reasonOf(c.verifyAccessToken(await server.sign({ client_id: 'other-app' })))).toBe(
      'audience',
    )
    // An ID token or a plain JWT signed by the same key is not an access token (RFC 9068 §4).
    expect(await reasonOf(c.verifyAccessToken(await server.sign({}, { typ: 'JWT' })))).toBe('type')
  })

  it('rejects alg none and HS256 keyed with the public key (algorithm confusion)', async () => {
    const c = client()
    const good = await server.sign()
    const [, payload] = good.split('.')
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: server.kid }))}.${payload}.`
    expect(await reasonOf(c.verifyAccessToken(none))).toBe('algorithm')
    const jwk = server.jwks.keys[0]
    for (const secret of [base64url.decode(jwk?.x ?? ''), new TextEncoder().encode(JSON.stringify(jwk))]) {
      const hs = await new SignJWT({ client_id: CLIENT_ID, scope: 'user:basic', jti: 'j' })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: server.kid })
        .setIssuer(server.issuer)
        .setSubject('0xabc')
        .setAudience(CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret)
      expect(await reasonOf(c.verifyAccessToken(hs))).toBe('algorithm')
    }
  })

  it('rejects expired and not-yet-valid tokens', async () => {
    const c = client()
    expect(
      await reasonOf(c.verifyAccessToken(await server.sign({ iat: now() - 2000, exp: now() - 1000 }))),
    ).toBe('expired')
    expect(await reasonOf(c.verifyAccessToken(await server.sign({ nbf: now() + 600 })))).toBe('not_yet_valid')
  })

  it('rejects a forged signature, a missing claim and garbage', async () => {
    const c = client()
    const good = await server.sign()
    const [h, p, s] = good.split('.')
    const flipped = `${h}.${p}.${s?.startsWith('A') ? 'B' : 'A'}${s?.slice(1)}`
    expect(await reasonOf(c.verifyAccessToken(flipped))).toBe('signature')
    const otherKey = await server.rotate('unpublished-twin')
    server.jwks.keys.pop() // signed by a key that claims the published kid
    expect(await reasonOf(c.verifyAccessToken(await server.sign({}, { key: otherKey })))).toBe('signature')
    expect(await reasonOf(c.verifyAccessToken(await server.sign({ jti: undefined })))).toBe('malformed')
    expect(await reasonOf(c.verifyAccessToken('not.a.jwt'))).toBe('malformed')
    expect(await reasonOf(c.verifyAccessToken(''))).toBe('malformed')
  })

  it('throws InsufficientScopeError when a required scope is missing', async () => {
    const error = await client()
      .verifyAccessToken(await server.sign({ scope: 'user:basic' }), {
        requiredScopes: ['user:basic', 'user:phone'],
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientScopeError)
    expect(error).toMatchObject({ reason: 'scope', missing: ['user:phone'] })
  })

  it('caches the JWKS and refetches once on an unknown kid (rotation), then fails for a kid nobody has', async () => {
    const c = client({ cooldownDuration: 0 })
    const before = () => server.hits.get('/.well-known/jwks.json') ?? 0
    await c.verifyAccessToken(await server.sign())
    const afterFirst = before()
    for (let i = 0; i < 5; i++) await c.verifyAccessToken(await server.sign())
    expect(before()).toBe(afterFirst) // cached
    const rotated = await server.rotate('k2')
    await c.verifyAccessToken(await server.sign({}, { kid: 'k2', key: rotated }))
    expect(before()).toBe(afterFirst + 1) // exactly one refetch
    expect(await reasonOf(c.verifyAccessToken(await server.sign({}, { kid: 'nobody' })))).toBe('unknown_key')
    expect(before()).toBe(afterFirst + 2)
  })

  it('does not refetch the JWKS for unknown kids within the cooldown (no fetch amplification)', async () => {
    const c = client()
    await c.verifyAccessToken(await server.sign())
    const count = server.hits.get('/.well-known/jwks.json') ?? 0
    for (let i = 0; i < 3; i++) {
      expect(await reasonOf(c.verifyAccessToken(await server.sign({}, { kid: `x${i}` })))).toBe('unknown_key')
    }
    expect(server.hits.get('/.well-known/jwks.json')).toBe(count)
  })

  it('verifies with an injected key set without any request (keySet option)', async () => {
    const hits = server.hits.get('/.well-known/oauth-authorization-server') ?? 0
    const local = createAuthClient({
      issuer: server.issuer,
      clientId: CLIENT_ID,
      keySet: createLocalJWKSet(server.jwks),
      fetch: async () => {
        throw new Error('no network expected')
      },
    })
    await expect(local.verifyAccessToken(await server.sign())).resolves.toMatchObject({ clientId: CLIENT_ID })
    expect(server.hits.get('/.well-known/oauth-authorization-server') ?? 0).toBe(hits)
  })

  const local = () =>
    createAuthClient({ issuer: server.issuer, clientId: CLIENT_ID, keySet: createLocalJWKSet(server.jwks) })
  test.prop(
    [
      fc.oneof(
        fc.string({ maxLength: 400 }),
        fc
          .tuple(fc.json(), fc.json(), fc.base64String({ maxLength: 90 }))
          .map(([h, p, sig]) => `${base64url.encode(h)}.${base64url.encode(p)}.${sig.replace(/=/g, '')}`),
      ),
    ],
    { numRuns: 300 },
  )('any string is a typed TokenVerificationError, never a crash or a pass', async (token) => {
    const error = await local()
      .verifyAccessToken(token)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TokenVerificationError)
  })
})
