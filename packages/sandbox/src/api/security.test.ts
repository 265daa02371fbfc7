/**
 * Hostile-caller tests of the platform API (issue 7, "Found by reading" → sandbox): an app's front end
 * must not reach the admin routes, app keys must not be usable from browsers, requests are signed over
 * the host too (v2), and a rotation leaves two keys valid at most.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp, openStore, rotateAppKey, type Store } from '../store/index.js'
import { call, expectContract, expectProblem } from './contract.testutil.js'
import { signRequest } from './hmac.js'
import { type PlatformApi, startPlatformApi } from './server.js'

const WALLET = 'http://localhost:7101'
const APP = 'http://shop.localhost:7102'
let dir: string
let store: Store
let api: PlatformApi
let host: string
const clock = Date.UTC(2026, 5, 1, 12)
let shop: { appId: string; appKey: string }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-sec-'))
  store = openStore({ dataDir: dir, appsPort: 7102, now: () => clock })
  shop = createApp(store, { appId: 'shop', name: 'Shop', origin: APP, scopes: ['user:basic'] })
  api = await startPlatformApi({ store, port: 0, walletOrigin: WALLET, rateLimit: false })
  host = new URL(api.url).host
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => api.setKnobs({ getJwks: { latencyMs: 1 } }))

const req = (path: string, init?: RequestInit) => call(api.url + path, init)
const putKnobs = (headers: Record<string, string>) =>
  req('/__sandbox/knobs', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"*": {"status": 500}}',
  })

describe('admin routes (/__sandbox/*): the wallet or non-browser callers only', () => {
  it.each([
    ['an app origin', { origin: APP }],
    ['another app origin', { origin: 'http://hello.localhost:7102' }],
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['an opaque origin', { origin: 'null' }],
    ['a cross-site request without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site request without Origin', { 'sec-fetch-site': 'same-site' }],
  ])('%s: 403 problem, knobs unchanged', async (_, headers) => {
    const ex = await putKnobs(headers)
    expectProblem(ex, 403, 'admin_forbidden')
    expect(ex.headers.get('access-control-allow-origin')).toBeNull()
    expectProblem(await req('/__sandbox/knobs', { headers }), 403, 'admin_forbidden')
    expect(api.getKnobs()).toEqual({ getJwks: { latencyMs: 1 } })
  })

  it('a preflight from an app origin is refused', async () => {
    const pre = await req('/__sandbox/knobs', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'PUT' },
    })
    expectProblem(pre, 403, 'admin_forbidden')
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
  })

  it.each([
    ['no Origin (curl, tests)', {}],
    ['a user typing the URL', { 'sec-fetch-site': 'none' }],
    ['the wallet', { origin: WALLET, 'sec-fetch-site': 'same-site' }],
    ['a same-origin page', { 'sec-fetch-site': 'same-origin' }],
  ])('%s: allowed', async (_, headers) => {
    const ex = await putKnobs(headers)
    expect(expectContract('putKnobs', ex)).toEqual({ '*': { status: 500 } })
    api.setKnobs({})
    expect((await req('/__sandbox/knobs', { headers })).status).toBe(200)
  })
})

describe('CORS never invites app keys into browsers', () => {
  it('a preflight does not list the X-Chainless-* headers', async () => {
    const pre = await req('/api/v1/tx/broadcast', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-headers')).not.toMatch(/x-chainless/i)
  })

  it('a preflight asking for an X-Chainless-* header is refused', async () => {
    const pre = await req('/api/v1/apps/me', {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-chainless-app,X-Chainless-Signature',
      },
    })
    expectProblem(pre, 403, 'app_key_in_browser')
    expect(pre.headers.get('access-control-allow-headers')).toBeNull()
  })

  it('a signed request that carries an Origin is refused and burns no nonce', async () => {
    const nonce = 'origin-nonce-0123456789'
    const timestamp = Math.floor(clock / 1000)
    const signed = signRequest({ ...shop, timestamp, method: 'GET', host, path: '/api/v1/apps/me', nonce })
    const ex = await req('/api/v1/apps/me', { headers: { ...signed, origin: APP } })
    const p = expectProblem(ex, 403, 'app_key_in_browser')
    expect(p.detail).toMatch(/back end/)
    expect((await req('/api/v1/apps/me', { headers: signed })).status).toBe(200)
  })
})

describe('HMAC v2 over real HTTP', () => {
  const t = () => Math.floor(clock / 1000)
  it('signs the Host as sent; another host does not verify', async () => {
    const ok = signRequest({ ...shop, timestamp: t(), method: 'GET', host, path: '/api/v1/apps/me' })
    expect(ok['X-Chainless-Signature']).toMatch(/^v2=[0-9a-f]{64}$/)
    expect((await req('/api/v1/apps/me', { headers: ok })).status).toBe(200)
    const other = signRequest({
      ...shop,
      timestamp: t(),
      method: 'GET',
      host: 'platform.example',
      path: '/api/v1/apps/me',
    })
    expectProblem(await req('/api/v1/apps/me', { headers: other }), 401, 'bad_signature', 'getOwnApp')
  })

  it('two keys at most are valid during a rotation', async () => {
    const app = createApp(store, { name: 'Rot', origin: 'http://rot.localhost:7102', scopes: [] })
    const second = rotateAppKey(store, app.appId, { graceMs: 60_000 })
    const third = rotateAppKey(store, app.appId, { graceMs: 60_000 })
    const sign = (appKey: string) =>
      signRequest({ appId: app.appId, appKey, timestamp: t(), method: 'GET', host, path: '/api/v1/apps/me' })
    expect((await req('/api/v1/apps/me', { headers: sign(third.appKey) })).status).toBe(200)
    expect((await req('/api/v1/apps/me', { headers: sign(second.appKey) })).status).toBe(200)
    expectProblem(await req('/api/v1/apps/me', { headers: sign(app.appKey) }), 401, 'bad_signature')
  })
})

describe('signed manifests', () => {
  it('carry iat (now) and exp (iat + 24 h), fresh on each GET', async () => {
    const body = (await req('/api/v1/apps/shop')).json as { signature: string }
    const claims = decodeJwt(body.signature)
    expect(claims.iat).toBe(Math.floor(clock / 1000))
    expect(claims.exp).toBe(claims.iat! + 24 * 3600)
    expect(claims).toMatchObject({ sub: 'shop', iss: api.url })
    expect(claims.manifest).toMatchObject({ appId: 'shop' })
  })
})
