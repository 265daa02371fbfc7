import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuthError, PlatformError } from '../errors.js'
import { createAuthClient } from './client.js'
import {
  basicCredentials,
  CLIENT_ID,
  CLIENT_SECRET,
  CODE,
  type FakeServer,
  REDIRECT,
  startFakeServer,
  VERIFIER,
} from './fake-server.testutil.js'

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer()
})
afterAll(() => server.close())

const confidential = () =>
  createAuthClient({ issuer: server.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })

describe('createAuthClient (OAuth 2.0 against an RFC 8414 / 6749 server)', () => {
  it('discovers once and exchanges a code with PKCE as a confidential client (client_secret_basic)', async () => {
    const auth = confidential()
    const before = server.hits.get('/.well-known/oauth-authorization-server') ?? 0
    const t0 = Date.now()
    const tokens = await auth.exchangeCode({ code: CODE, codeVerifier: VERIFIER, redirectUri: REDIRECT })
    expect(tokens).toMatchObject({
      accessToken: 'at-1',
      refreshToken: 'rt-2',
      scope: 'user:basic user:phone',
    })
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(t0 + 900_000)
    const { form, authorization } = server.lastToken ?? { form: new URLSearchParams() }
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'authorization_code',
      code: CODE,
      code_verifier: VERIFIER,
      redirect_uri: REDIRECT,
    })
    expect(form.has('client_secret')).toBe(false) // the secret travels in the Basic header only
    // Form-urlencoded inside Basic (RFC 6749 §2.3.1): `web2-shop` travels as `web2%2Dshop`.
    expect(authorization).toBe(`Basic ${btoa('web2%2Dshop:app%2Dkey%2Dsecret')}`)
    expect(basicCredentials(authorization)).toBe(`${CLIENT_ID}:${CLIENT_SECRET}`)
    await auth.refresh('rt-1')
    expect(server.hits.get('/.well-known/oauth-authorization-server')).toBe(before + 1)
  })

  it('sends client_id and no Authorization header as a public client', async () => {
    const auth = createAuthClient({ issuer: server.issuer, clientId: CLIENT_ID })
    await auth.exchangeCode({ code: CODE, codeVerifier: VERIFIER, redirectUri: REDIRECT })
    expect(server.lastToken?.authorization).toBeUndefined()
    expect(server.lastToken?.form.get('client_id')).toBe(CLIENT_ID)
  })

  it('turns RFC 6749 §5.2 errors into OAuthError (invalid_grant, invalid_client)', async () => {
    const reused = await confidential()
      .exchangeCode({ code: 'used', codeVerifier: VERIFIER, redirectUri: REDIRECT })
      .catch((e: unknown) => e)
    expect(reused).toBeInstanceOf(OAuthError)
    expect(reused).toMatchObject({
      error: 'invalid_grant',
      status: 400,
      error_description: 'code expired or used',
    })
    const wrongVerifier = await confidential()
      .exchangeCode({ code: CODE, codeVerifier: 'w'.repeat(43), redirectUri: REDIRECT })
      .catch((e: unknown) => e)
    expect(wrongVerifier).toMatchObject({ error: 'invalid_grant' })
    const badSecret = await createAuthClient({
      issuer: server.issuer,
      clientId: CLIENT_ID,
      clientSecret: 'nope',
    })
      .exchangeCode({ code: CODE, codeVerifier: VERIFIER, redirectUri: REDIRECT })
      .catch((e: unknown) => e)
    expect(badSecret).toBeInstanceOf(OAuthError)
    expect(badSecret).toMatchObject({ error: 'invalid_client', status: 401 })
    const refresh = await confidential()
      .refresh('rotated')
      .catch((e: unknown) => e)
    expect(refresh).toMatchObject({ error: 'invalid_grant' })
  })

  it('refreshes, revokes and introspects', async () => {
    const auth = confidential()
    expect((await auth.refresh('rt-1')).refreshToken).toBe('rt-2')
    expect(server.lastToken?.form.get('grant_type')).toBe('refresh_token')
    await expect(auth.revoke('anything')).resolves.toBeUndefined()
    expect(await auth.introspect('at-1')).toMatchObject({ active: true, client_id: CLIENT_ID, sub: '0xabc' })
    expect(await auth.introspect('dead')).toEqual({ active: false })
  })

  it('reads userinfo and turns problem+json into PlatformError with code, status and requestId', async () => {
    const auth = confidential()
    expect(await auth.getUserInfo('at-1')).toMatchObject({ sub: '0xabc', phone_number: '+15550001234' })
    const error = await auth.getUserInfo('revoked').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ code: 'invalid_token', status: 401, requestId: 'req-42' })
  })

  it('refuses an issuer whose metadata names another issuer (RFC 8414 §3.3), and http off loopback', async () => {
    const mixUp = createAuthClient({
      issuer: server.issuer,
      clientId: CLIENT_ID,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!String(input instanceof Request ? input.url : input).includes('well-known/oauth'))
          return response
        return Response.json({ ...(await response.json()), issuer: 'https://evil.example' })
      },
    })
    await expect(mixUp.metadata()).rejects.toBeInstanceOf(OAuthError)
    const remote = createAuthClient({
      issuer: 'http://api.example.com',
      clientId: CLIENT_ID,
      fetch: async () => Response.json({}),
    })
    await expect(remote.metadata()).rejects.toBeInstanceOf(OAuthError)
  })
})
