import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Scope } from '@chainless/protocol'
import { getAddress } from 'ethers'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCode } from '../../store/auth-codes.js'
import { createApp, openStore, type Store } from '../../store/index.js'
import { profileOf } from '../../store/profiles.js'
import { type PlatformApi, startPlatformApi } from '../server.js'

const WALLET = 'http://wallet.localhost:7001'
const ACCOUNT = getAddress('0xabcdef0123456789abcdef0123456789abcdef01')
const REDIRECT = 'http://shop.localhost:7002/'
let dir: string
let store: Store
let api: PlatformApi
let clock = Date.UTC(2026, 5, 1, 12)
let shop: { appId: string; appKey: string }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-oauth-'))
  store = openStore({ dataDir: dir, appsPort: 7002, now: () => clock })
  shop = createApp(store, {
    appId: 'shop',
    name: 'Coffee shop',
    origin: 'http://shop.localhost:7002',
    scopes: ['user:basic', 'user:phone', 'user:email'],
  })
  api = await startPlatformApi({ store, port: 0, walletOrigin: WALLET, rateLimit: false })
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const verifier = () => randomBytes(32).toString('base64url')
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url')
function mint(scopes: Scope[] = ['user:basic'], v = verifier()) {
  const code = issueCode(store, {
    clientId: 'shop',
    account: ACCOUNT,
    scopes,
    codeChallenge: challengeOf(v),
    redirectUri: REDIRECT,
  })
  return { code, verifier: v }
}

interface Reply {
  status: number
  headers: Headers
  json: Record<string, unknown>
}
async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(api.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : {} } as Reply
}
function expectOAuthError(r: Reply, status: number, error: string) {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toBe('application/json')
  expect(r.headers.get('cache-control')).toBe('no-store')
  expect(r.json.error).toBe(error)
  expect(typeof r.json.error_description).toBe('string')
}
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const exchange = (c: { code: string; verifier: string }, extra: Record<string, string> = {}) =>
  post('/oauth/token', {
    grant_type: 'authorization_code',
    code: c.code,
    redirect_uri: REDIRECT,
    code_verifier: c.verifier,
    client_id: 'shop',
    ...extra,
  })
const introspect = (token: string) =>
  post('/oauth/introspect', { token }, { authorization: basic('shop', shop.appKey) })

describe('metadata (RFC 8414)', () => {
  it('names the issuer exactly and every endpoint under it', async () => {
    const res = await fetch(`${api.url}/.well-known/oauth-authorization-server`)
    const m = (await res.json()) as Record<string, unknown>
    expect(m.issuer).toBe(api.url)
    expect(m.token_endpoint).toBe(`${api.url}/oauth/token`)
    expect(m.authorization_endpoint).toBe(`${api.url}/oauth/wallet/authorize`)
    expect(m.jwks_uri).toBe(`${api.url}/.well-known/jwks.json`)
    expect(m.userinfo_endpoint).toBe(`${api.url}/api/v1/userinfo`)
    expect(m.code_challenge_methods_supported).toEqual(['S256'])
    expect(m.response_types_supported).toEqual(['code'])
    expect(m.token_endpoint_auth_methods_supported).toEqual([
      'none',
      'client_secret_basic',
      'client_secret_post',
    ])
  })
})

describe('POST /oauth/token', () => {
  it('code → tokens → refresh rotates → reuse of the old refresh token revokes the family', async () => {
    const first = await exchange(mint(['user:basic', 'user:phone']))
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'user:basic user:phone',
    })
    const access = first.json.access_token as string
    expect(decodeProtectedHeader(access)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' })
    const jwks = createLocalJWKSet((await (await fetch(`${api.url}/.well-known/jwks.json`)).json()) as never)
    const { payload } = await jwtVerify(access, jwks, {
      issuer: api.url,
      audience: 'shop',
      typ: 'at+jwt',
      currentDate: new Date(clock),
    })
    expect(payload).toMatchObject({
      sub: ACCOUNT.toLowerCase(),
      client_id: 'shop',
      scope: 'user:basic user:phone',
    })
    expect(payload.exp! - payload.iat!).toBe(900)

    const refresh = { grant_type: 'refresh_token', client_id: 'shop' }
    const second = await post('/oauth/token', {
      ...refresh,
      refresh_token: first.json.refresh_token as string,
    })
    expect(second.status).toBe(200)
    expect(second.json.refresh_token).not.toBe(first.json.refresh_token)
    expect((await introspect(second.json.access_token as string)).json.active).toBe(true)

    const reuse = await post('/oauth/token', {
      ...refresh,
      refresh_token: first.json.refresh_token as string,
    })
    expectOAuthError(reuse, 400, 'invalid_grant')
    // the whole family died: the new refresh token and every access token of it
    expectOAuthError(
      await post('/oauth/token', { ...refresh, refresh_token: second.json.refresh_token as string }),
      400,
      'invalid_grant',
    )
    expect((await introspect(second.json.access_token as string)).json).toEqual({ active: false })
    expect((await introspect(access)).json).toEqual({ active: false })
  })

  it('client_secret_basic (form-url-decoded id and secret), client_secret_post; a wrong secret is 401', async () => {
    const enc = (s: string) => s.replace(/[a-z_]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    const { client_id: _, ...form } = { client_id: '', grant_type: 'authorization_code' }
    const c1 = mint()
    const viaBasic = await post(
      '/oauth/token',
      { ...form, code: c1.code, redirect_uri: REDIRECT, code_verifier: c1.verifier },
      { authorization: basic(enc('shop'), enc(shop.appKey)) },
    )
    expect(viaBasic.status).toBe(200)
    const viaPost = await exchange(mint(), { client_secret: shop.appKey })
    expect(viaPost.status).toBe(200)
    const c3 = mint()
    const wrong = await post(
      '/oauth/token',
      { ...form, code: c3.code, redirect_uri: REDIRECT, code_verifier: c3.verifier },
      { authorization: basic('shop', 'ck_wrong') },
    )
    expectOAuthError(wrong, 401, 'invalid_client')
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/)
    expectOAuthError(await exchange(mint(), { client_secret: 'nope' }), 401, 'invalid_client')
    expectOAuthError(await exchange(mint(), { client_id: 'nobody' }), 401, 'invalid_client')
  })

  it('expired, reused (revoking what it issued), wrong verifier, wrong redirect_uri, other client: invalid_grant', async () => {
    const expired = mint()
    clock += 61_000
    expectOAuthError(await exchange(expired), 400, 'invalid_grant')

    const once = mint()
    const ok = await exchange(once)
    expect(ok.status).toBe(200)
    expectOAuthError(await exchange(once), 400, 'invalid_grant')
    expect((await introspect(ok.json.access_token as string)).json).toEqual({ active: false })
    expect((await introspect(ok.json.refresh_token as string)).json).toEqual({ active: false })

    expectOAuthError(await exchange({ ...mint(), verifier: verifier() }), 400, 'invalid_grant')
    expectOAuthError(await exchange(mint(), { redirect_uri: 'http://evil.localhost/' }), 400, 'invalid_grant')
    const other = createApp(store, {
      appId: 'other',
      name: 'Other',
      origin: 'http://other.localhost:7002',
      scopes: ['user:basic'],
    })
    expectOAuthError(await exchange(mint(), { client_id: other.appId }), 400, 'invalid_grant')
  })

  it('refuses bad requests as OAuth JSON: missing verifier, short verifier, grant type, JSON body, repeats', async () => {
    const c = mint()
    expectOAuthError(
      await post('/oauth/token', {
        grant_type: 'authorization_code',
        code: c.code,
        redirect_uri: REDIRECT,
        client_id: 'shop',
      }),
      400,
      'invalid_request',
    )
    expectOAuthError(await exchange({ ...mint(), verifier: 'short' }), 400, 'invalid_request')
    expectOAuthError(
      await post('/oauth/token', { grant_type: 'password', client_id: 'shop' }),
      400,
      'unsupported_grant_type',
    )
    const json = await fetch(`${api.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"refresh_token"}',
    })
    expect(json.status).toBe(400)
    expect(json.headers.get('content-type')).toBe('application/json')
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request')
    const repeated = await fetch(`${api.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=shop',
    })
    expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('is open to browsers of any origin, without credentials (public clients)', async () => {
    const pre = await fetch(`${api.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://anything.example', 'access-control-request-method': 'POST' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull()
    const r = await post(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'shop' },
      { origin: 'http://anything.example' },
    )
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expectOAuthError(r, 400, 'invalid_grant')
  })
})

describe('revoke (RFC 7009) and introspect (RFC 7662)', () => {
  it('revoking an unknown token is 200; an access token dies, its refresh token lives; a refresh token takes its family', async () => {
    const auth = { authorization: basic('shop', shop.appKey) }
    expect((await post('/oauth/revoke', { token: 'unknown' }, auth)).status).toBe(200)
    const t = (await exchange(mint())).json
    const live = (await introspect(t.access_token as string)).json
    expect(live).toMatchObject({
      active: true,
      client_id: 'shop',
      sub: ACCOUNT.toLowerCase(),
      token_type: 'Bearer',
    })
    expect(live.exp).toBeTypeOf('number')
    expect(live.iat).toBeTypeOf('number')
    expect((await post('/oauth/revoke', { token: t.access_token as string, client_id: 'shop' })).status).toBe(
      200,
    )
    expect((await introspect(t.access_token as string)).json).toEqual({ active: false })
    expect((await introspect(t.refresh_token as string)).json).toMatchObject({
      active: true,
      token_type: 'refresh_token',
    })
    expect((await post('/oauth/revoke', { token: t.refresh_token as string }, auth)).status).toBe(200)
    expect((await introspect(t.refresh_token as string)).json).toEqual({ active: false })
  })

  it('introspection needs a secret, and tells nothing of another client', async () => {
    const t = (await exchange(mint())).json
    expectOAuthError(
      await post('/oauth/introspect', { token: t.access_token as string, client_id: 'shop' }),
      401,
      'invalid_client',
    )
    const other = createApp(store, {
      appId: 'spy',
      name: 'Spy',
      origin: 'http://spy.localhost:7002',
      scopes: ['user:basic'],
    })
    const spied = await post(
      '/oauth/introspect',
      { token: t.access_token as string },
      { authorization: basic('spy', other.appKey) },
    )
    expect(spied.json).toEqual({ active: false })
  })
})

describe('bearer routes', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  it('userinfo filters claims by scope; a revoked or missing token is 401', async () => {
    const profile = profileOf(ACCOUNT)
    const basicOnly = (await exchange(mint(['user:basic']))).json.access_token as string
    const all = (await exchange(mint(['user:basic', 'user:phone', 'user:email']))).json.access_token as string
    const a = await fetch(`${api.url}/api/v1/userinfo`, { headers: bearer(basicOnly) })
    expect(await a.json()).toEqual({ sub: ACCOUNT.toLowerCase(), address: ACCOUNT })
    const b = await fetch(`${api.url}/api/v1/userinfo`, { headers: bearer(all) })
    expect(await b.json()).toEqual({
      sub: ACCOUNT.toLowerCase(),
      address: ACCOUNT,
      phone_number: profile.phone,
      email: profile.email,
    })
    await post('/oauth/revoke', { token: all, client_id: 'shop' })
    const c = await fetch(`${api.url}/api/v1/userinfo`, { headers: bearer(all) })
    expect(c.status).toBe(401)
    expect(c.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await fetch(`${api.url}/api/v1/userinfo`)).status).toBe(401)
  })

  it('permission/verify answers per scope, 100 per minute per token, then 429 with Retry-After', async () => {
    const token = (await exchange(mint(['user:basic']))).json.access_token as string
    const ask = (scope: string) =>
      fetch(`${api.url}/api/v1/permission/verify`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ scope }),
      })
    expect(await (await ask('user:basic')).json()).toEqual({ granted: true })
    expect(await (await ask('user:phone')).json()).toEqual({ granted: false })
    for (let i = 0; i < 98; i++) expect((await ask('user:basic')).status).toBe(200)
    const limited = await ask('user:basic')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    clock += 60_000
    expect((await ask('user:basic')).status).toBe(200)
  })
})

describe('a standard client unchanged', () => {
  it('oauth4webapi as a confidential client: discovery, code + PKCE, refresh, introspection', async () => {
    const issuer = new URL(api.url)
    const opts = { algorithm: 'oauth2' as const, [oauth.allowInsecureRequests]: true }
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, opts))
    const client: oauth.Client = { client_id: 'shop' }
    const auth = oauth.ClientSecretBasic(shop.appKey)
    const codeVerifier = oauth.generateRandomCodeVerifier()
    const { code } = mint(['user:basic'], codeVerifier)
    const params = oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck)
    const http = { [oauth.allowInsecureRequests]: true }
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, codeVerifier, http),
    )
    expect(tokens.token_type).toBe('bearer')
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, http),
    )
    const info = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, refreshed.access_token, http),
    )
    expect(info).toMatchObject({ active: true, client_id: 'shop', scope: 'user:basic' })
  })
})
