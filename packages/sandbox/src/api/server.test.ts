import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp, delistApp, openStore, rotateAppKey, type Store } from '../store/index.js'
import { call, type Exchange, expectContract, expectProblem, operations } from './contract.testutil.js'
import { signRequest } from './hmac.js'
import { openApiDocument } from './openapi.js'
import { type PlatformApi, startPlatformApi } from './server.js'
import { type SignedManifest, verifySignedManifest } from './signing.js'

const WALLET = 'http://wallet.localhost:7001'
let dir: string
let store: Store
let api: PlatformApi
let clock = Date.UTC(2026, 5, 1, 12)
let shop: { appId: string; appKey: string }

/** Everything the API could change, to assert "no state change". */
function snapshot(s: Store) {
  return ['apps', 'app_keys', 'nonces', 'broadcasts', 'platform_keys'].map((t) =>
    s.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-api-'))
  store = openStore({ dataDir: dir, appsPort: 7002, now: () => clock })
  shop = createApp(store, {
    appId: 'shop',
    name: 'Coffee shop',
    description: 'Beans',
    origin: 'http://shop.localhost:7002',
    scopes: ['user:basic'],
  })
  api = await startPlatformApi({ store, port: 0, walletOrigin: WALLET, rateLimit: false })
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  api.setKnobs({})
})

const get = (path: string, init?: RequestInit) => call(api.url + path, init)
const jwks = async () => createLocalJWKSet((await get('/.well-known/jwks.json')).json as never)

describe('GET /.well-known/jwks.json', () => {
  it('publishes the Ed25519 manifest key and the access-token key, each with its kid, and no private part', async () => {
    const ex = await get('/.well-known/jwks.json')
    expect(ex.status).toBe(200)
    const body = expectContract('getJwks', ex) as { keys: Record<string, string>[] }
    expect(body.keys).toHaveLength(2)
    expect(body.keys[0]!.kid).not.toBe(body.keys[1]!.kid)
    for (const key of body.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' })
      expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(key).not.toHaveProperty('d')
    }
  })

  it('gives the wallet the same public keys it serves (api.jwks, pinned by the demo wallet)', async () => {
    expect(api.jwks).toEqual((await get('/.well-known/jwks.json')).json)
    expect(JSON.stringify(api.jwks)).not.toContain('"d"')
  })
  it('keeps the same key across restarts (persisted in the store)', async () => {
    const before = (await get('/.well-known/jwks.json')).json
    const again = await startPlatformApi({ store, port: 0, walletOrigin: WALLET })
    try {
      expect((await call(`${again.url}/.well-known/jwks.json`)).json).toEqual(before)
    } finally {
      await again.close()
    }
  })
})

describe('GET /api/v1/apps/{appId}', () => {
  it('answers the signed manifest; it verifies with jose against the JWKS', async () => {
    const ex = await get('/api/v1/apps/hello')
    expect(ex.status).toBe(200)
    const body = expectContract('getApp', ex) as SignedManifest
    expect(body.manifest).toMatchObject({
      appId: 'hello',
      origin: 'http://hello.localhost:7002',
      status: 'listed',
    })
    expect(decodeProtectedHeader(body.signature)).toMatchObject({
      alg: 'EdDSA',
      typ: 'chainless-manifest+jwt',
    })
    const verified = await verifySignedManifest(body.signature, await jwks(), {
      issuer: api.url,
      appId: 'hello',
      nowMs: clock,
    })
    expect(verified).toEqual(body.manifest)
  })

  it('a tampered manifest, another app or another issuer fails verification', async () => {
    const { signature } = (await get('/api/v1/apps/hello')).json as SignedManifest
    const [h, p, s] = signature.split('.')
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
    claims.manifest.origin = 'http://evil.localhost:7002'
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
    const keys = await jwks()
    const nowMs = clock
    await expect(
      verifySignedManifest(tampered, keys, { issuer: api.url, appId: 'hello', nowMs }),
    ).rejects.toThrow(/signature verification failed/)
    await expect(
      verifySignedManifest(signature, keys, { issuer: api.url, appId: 'shop', nowMs }),
    ).rejects.toThrow(/sub/)
    await expect(
      verifySignedManifest(signature, keys, { issuer: 'http://x', appId: 'hello', nowMs }),
    ).rejects.toThrow(/iss/)
    // expired after 24 h
    await expect(
      verifySignedManifest(signature, keys, { issuer: api.url, appId: 'hello', nowMs: clock + 86_401_000 }),
    ).rejects.toThrow(/exp/)
  })

  it('marks delisted apps', async () => {
    const { appId } = createApp(store, { name: 'Gone', origin: 'http://gone.localhost:7002', scopes: [] })
    delistApp(store, appId)
    const ex = await get(`/api/v1/apps/${appId}`)
    expect((expectContract('getApp', ex) as SignedManifest).manifest.status).toBe('delisted')
  })

  it('unknown app: 404 problem; malformed id: 400 problem', async () => {
    expectProblem(await get('/api/v1/apps/nope'), 404, 'app_not_found', 'getApp')
    expectProblem(await get('/api/v1/apps/Not_An_Id'), 400, 'invalid_parameter', 'getApp')
    expectProblem(await get('/api/v1/apps/%E0%A4%A'), 400, 'invalid_parameter', 'getApp')
  })
})

describe('GET /api/v1/apps?q=', () => {
  it('searches name and description', async () => {
    const body = expectContract('searchApps', await get('/api/v1/apps?q=beans')) as {
      apps: { appId: string }[]
    }
    expect(body.apps.map((a) => a.appId)).toEqual(['shop'])
    const all = expectContract('searchApps', await get('/api/v1/apps')) as { apps: unknown[] }
    expect(all.apps.length).toBeGreaterThanOrEqual(3)
    const one = expectContract('searchApps', await get('/api/v1/apps?limit=1')) as { apps: unknown[] }
    expect(one.apps).toHaveLength(1)
  })

  it.each([
    ['/api/v1/apps?limit=0', 'limit'],
    ['/api/v1/apps?limit=abc', 'limit'],
    ['/api/v1/apps?limit=1&limit=2', 'limit'],
    [`/api/v1/apps?q=${'x'.repeat(201)}`, 'q'],
    ['/api/v1/apps?sort=name', 'sort'],
  ])('bad query %s: 400 problem', async (path, name) => {
    const p = expectProblem(await get(path), 400, 'invalid_parameter', 'searchApps')
    expect(p.detail).toContain(name)
  })
})

describe('errors', () => {
  it('unknown path 404, wrong method 405 with Allow, app endpoints without auth 401 — all problem+json', async () => {
    expectProblem(await get('/nope'), 404, 'not_found')
    const m = await get('/api/v1/apps', { method: 'DELETE' })
    expectProblem(m, 405, 'method_not_allowed')
    expect(m.headers.get('allow')).toBe('GET')
    expectProblem(await get('/api/v1/storage/k1'), 401, 'missing_auth', 'getStorageValue')
  })

  it('serves every operation of the document (none is planned any more: issue 10 served the last)', () => {
    const planned = [...operations].filter(([, [method, template]]) => {
      const op = (openApiDocument.paths[template] as Record<string, Record<string, unknown>>)[method]!
      return op['x-chainless-status'] === 'planned'
    })
    expect(planned).toEqual([])
  })
})

/** Signed request helper. */
async function signed(
  path: string,
  init: {
    method?: string
    body?: string
    appId?: string
    appKey?: string
    timestamp?: number
    nonce?: string
  } = {},
): Promise<Exchange> {
  const method = init.method ?? 'GET'
  const headers = signRequest({
    appId: init.appId ?? shop.appId,
    appKey: init.appKey ?? shop.appKey,
    method,
    host: new URL(api.url).host,
    path,
    body: init.body,
    timestamp: init.timestamp ?? Math.floor(clock / 1000),
    nonce: init.nonce,
  })
  return get(path, {
    method,
    headers: init.body !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
    body: init.body,
  })
}

describe('HMAC app auth (GET /api/v1/apps/me)', () => {
  it('accepts a signed request and answers the caller’s signed manifest', async () => {
    const ex = await signed('/api/v1/apps/me')
    expect(ex.status, ex.text).toBe(200)
    expect((expectContract('getOwnApp', ex) as SignedManifest).manifest.appId).toBe('shop')
  })

  it('refuses missing, malformed, unknown-app and bad-signature requests without consuming the nonce', async () => {
    const before = snapshot(store)
    expectProblem(await get('/api/v1/apps/me'), 401, 'missing_auth', 'getOwnApp')
    const nonce = 'fixed-nonce-0123456789'
    expectProblem(
      await signed('/api/v1/apps/me', { appKey: 'ck_wrong', nonce }),
      401,
      'bad_signature',
      'getOwnApp',
    )
    expectProblem(await signed('/api/v1/apps/me', { appId: 'nope', nonce }), 401, 'unknown_app', 'getOwnApp')
    expectProblem(await signed('/api/v1/apps/me', { nonce: 'short' }), 401, 'bad_auth_header', 'getOwnApp')
    // signature computed over another path
    const headers = signRequest({
      ...shop,
      method: 'GET',
      host: new URL(api.url).host,
      path: '/api/v1/apps/hello',
      timestamp: clock / 1000,
    })
    expectProblem(await get('/api/v1/apps/me', { headers }), 401, 'bad_signature', 'getOwnApp')
    expect(snapshot(store)).toEqual(before)
    // the nonce was not burnt by the failures
    expect((await signed('/api/v1/apps/me', { nonce })).status).toBe(200)
  })

  it('accepts a nonce once (replay is 401 nonce_replayed)', async () => {
    const nonce = 'replay-nonce-0123456789'
    expect((await signed('/api/v1/apps/me', { nonce })).status).toBe(200)
    const before = snapshot(store)
    expectProblem(await signed('/api/v1/apps/me', { nonce }), 401, 'nonce_replayed', 'getOwnApp')
    expect(snapshot(store)).toEqual(before)
  })

  it('accepts ±300 s of clock skew and refuses ±301 s', async () => {
    const t = Math.floor(clock / 1000)
    expect((await signed('/api/v1/apps/me', { timestamp: t - 300 })).status).toBe(200)
    expect((await signed('/api/v1/apps/me', { timestamp: t + 300 })).status).toBe(200)
    const before = snapshot(store)
    expectProblem(await signed('/api/v1/apps/me', { timestamp: t - 301 }), 401, 'timestamp_skew', 'getOwnApp')
    expectProblem(await signed('/api/v1/apps/me', { timestamp: t + 301 }), 401, 'timestamp_skew', 'getOwnApp')
    expect(snapshot(store)).toEqual(before)
  })

  it('a rotated key works during its grace period only; a delisted app is refused', async () => {
    const app = createApp(store, { name: 'Rot', origin: 'http://rot.localhost:7002', scopes: [] })
    const { appKey } = rotateAppKey(store, app.appId, { graceMs: 10_000 })
    expect((await signed('/api/v1/apps/me', { ...app })).status).toBe(200)
    expect((await signed('/api/v1/apps/me', { appId: app.appId, appKey })).status).toBe(200)
    clock += 10_000
    try {
      expectProblem(await signed('/api/v1/apps/me', { ...app }), 401, 'bad_signature')
      expect((await signed('/api/v1/apps/me', { appId: app.appId, appKey })).status).toBe(200)
      delistApp(store, app.appId)
      expectProblem(await signed('/api/v1/apps/me', { appId: app.appId, appKey }), 401, 'unknown_app')
    } finally {
      clock -= 10_000
    }
  })
})

describe('request bodies (PUT /__sandbox/knobs, strict JSON)', () => {
  const put = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    get('/__sandbox/knobs', { method: 'PUT', headers, body })

  it.each([
    ['malformed JSON', '{"getApp": {', 'invalid_json'],
    ['wrong type', '{"getApp": {"latencyMs": "fast"}}', 'invalid_body'],
    ['unknown field', '{"getApp": {"latencyMs": 1, "color": "red"}}', 'invalid_body'],
    ['unknown operation', '{"dropTables": {}}', 'invalid_body'],
    ['out of range', '{"getApp": {"failureRate": 2}}', 'invalid_body'],
    ['not an object', '[1, 2]', 'invalid_body'],
    ['empty body', '', 'invalid_json'],
  ])('%s: 400 problem and no change', async (_, body, code) => {
    api.setKnobs({ getJwks: { latencyMs: 1 } })
    const p = expectProblem(await put(body), 400, code, 'putKnobs')
    if (code === 'invalid_body') expect(p.errors?.length).toBeGreaterThan(0)
    if (body.includes('color'))
      expect(p.errors).toEqual([{ pointer: '/getApp/color', message: 'unknown field: color' }])
    if (body.includes('dropTables'))
      expect(p.errors).toEqual([
        {
          pointer: '/dropTables',
          message: expect.stringMatching(/^unknown key: dropTables \(one of \*, .*getApp, .*sendMessage/),
        },
      ])
    expect(api.getKnobs()).toEqual({ getJwks: { latencyMs: 1 } })
  })

  it('wrong content type: 415; oversized body: 413', async () => {
    expectProblem(
      await put('{}', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
      'putKnobs',
    )
    const big = JSON.stringify({ getApp: { latencyMs: 1 }, pad: 'x'.repeat(64 * 1024) })
    expectProblem(await put(big), 413, 'payload_too_large', 'putKnobs')
    expect(api.getKnobs()).toEqual({})
  })

  it('a valid body replaces the knobs', async () => {
    const ex = await put('{"getApp": {"latencyMs": 5}}')
    expect(expectContract('putKnobs', ex)).toEqual({ getApp: { latencyMs: 5 } })
    expect(expectContract('getKnobs', await get('/__sandbox/knobs'))).toEqual({ getApp: { latencyMs: 5 } })
  })
})

describe('knobs', () => {
  it('latency delays the answer', async () => {
    api.setKnobs({ getJwks: { latencyMs: 150 } })
    const t0 = performance.now()
    expect((await get('/.well-known/jwks.json')).status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140)
  })

  it('forced status answers a problem; an operation entry wins over *', async () => {
    api.setKnobs({ '*': { status: 503 }, getJwks: { status: 418 } })
    expectProblem(await get('/api/v1/apps/hello'), 503, 'forced_status', 'getApp')
    expectProblem(await get('/.well-known/jwks.json'), 418, 'forced_status', 'getJwks')
    // the knobs endpoint itself is never affected
    expect((await get('/__sandbox/knobs')).status).toBe(200)
  })

  it('failureRate 1 fails every request with 503 injected_failure, 0 never', async () => {
    api.setKnobs({ searchApps: { failureRate: 1 } })
    expectProblem(await get('/api/v1/apps'), 503, 'injected_failure', 'searchApps')
    api.setKnobs({ searchApps: { failureRate: 0 } })
    expect((await get('/api/v1/apps')).status).toBe(200)
  })

  it('failureRate uses the random source', async () => {
    const rnd = [0.1, 0.9]
    const a = await startPlatformApi({
      store,
      port: 0,
      walletOrigin: WALLET,
      knobs: { getJwks: { failureRate: 0.5 } },
      random: () => rnd.shift() ?? 0,
    })
    try {
      expect((await call(`${a.url}/.well-known/jwks.json`)).status).toBe(503)
      expect((await call(`${a.url}/.well-known/jwks.json`)).status).toBe(200)
    } finally {
      await a.close()
    }
  })

  it('invalid initial knobs are refused at start', async () => {
    await expect(
      startPlatformApi({ store, port: 0, walletOrigin: WALLET, knobs: { getApp: { status: 200 } } }),
    ).rejects.toThrow(/Invalid knobs/)
  })
})

describe('CORS', () => {
  it('allows a listed app origin and the wallet; refuses others', async () => {
    for (const origin of ['http://shop.localhost:7002', WALLET]) {
      const pre = await get('/api/v1/tx/broadcast', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
      expect(pre.status).toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin)
      expect(pre.headers.get('access-control-allow-headers')).not.toContain('x-chainless')
      const ex = await get('/api/v1/apps/hello', { headers: { origin } })
      expect(ex.headers.get('access-control-allow-origin')).toBe(origin)
    }
    const evil = 'http://evil.localhost:7002'
    const pre = await get('/api/v1/tx/broadcast', {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST' },
    })
    expectProblem(pre, 403, 'origin_not_allowed')
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    const read = await get('/api/v1/apps/hello', { headers: { origin: evil } })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    const before = snapshot(store)
    const write = await get('/api/v1/tx/broadcast', {
      method: 'POST',
      headers: { origin: evil, 'content-type': 'application/json' },
      body: '{"raw":"0x00"}',
    })
    expectProblem(write, 403, 'origin_not_allowed')
    expect(snapshot(store)).toEqual(before)
  })

  it('a wallet on another loopback port may read manifests (the runtime-host README example); *.localhost names may not', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:4000', 'http://[::1]:3000']) {
      const read = await get('/api/v1/apps/hello', { headers: { origin } })
      expect(read.headers.get('access-control-allow-origin')).toBe(origin)
    }
    for (const origin of [
      'http://unlisted.localhost:5173',
      'https://localhost:5173',
      'http://localhost.evil.example',
    ]) {
      const read = await get('/api/v1/apps/hello', { headers: { origin } })
      expect(read.headers.get('access-control-allow-origin')).toBeNull()
    }
    // The admin routes stay the configured wallet's only.
    const admin = await get('/__sandbox/knobs', { headers: { origin: 'http://localhost:5173' } })
    expect(admin.status).toBe(403)
  })

  it('allowedOrigins adds a wallet origin', async () => {
    const api = await startPlatformApi({
      store,
      port: 0,
      walletOrigin: WALLET,
      allowedOrigins: ['https://wallet.test'],
      rateLimit: false,
    })
    try {
      const read = await fetch(`${api.url}/api/v1/apps/hello`, { headers: { origin: 'https://wallet.test' } })
      expect(read.headers.get('access-control-allow-origin')).toBe('https://wallet.test')
    } finally {
      await api.close()
    }
  })

  it('a delisted app’s origin loses CORS', async () => {
    const app = createApp(store, { name: 'Cors', origin: 'http://cors.localhost:7002', scopes: [] })
    const origin = 'http://cors.localhost:7002'
    expect(
      (await get('/api/v1/apps', { headers: { origin } })).headers.get('access-control-allow-origin'),
    ).toBe(origin)
    delistApp(store, app.appId)
    expect(
      (await get('/api/v1/apps', { headers: { origin } })).headers.get('access-control-allow-origin'),
    ).toBeNull()
  })
})

describe('regressions found by the platform API fuzz', () => {
  it('malformed HTTP (a body after an unframed OPTIONS) is answered problem+json, not a bare 400', async () => {
    const { connect } = await import('node:net')
    const socket = connect(api.port, '127.0.0.1')
    socket.end('OPTIONS / HTTP/1.1\r\nhost: x\r\n\r\n{"jsonrpc":2}\r\n\r\n')
    let raw = ''
    for await (const chunk of socket) raw += chunk
    const last = raw.slice(raw.lastIndexOf('HTTP/1.1 '))
    expect(last).toMatch(/^HTTP\/1\.1 400 /)
    expect(last).toContain('content-type: application/problem+json')
    const body = JSON.parse(last.slice(last.indexOf('\r\n\r\n') + 4))
    expect(body).toMatchObject({
      type: 'urn:chainless:problem:bad_request',
      status: 400,
      code: 'bad_request',
    })
  })
})

describe('rate limit', () => {
  it('answers 429 with Retry-After once the bucket is empty', async () => {
    const limited = await startPlatformApi({
      store,
      port: 0,
      walletOrigin: WALLET,
      rateLimit: { capacity: 3, refillPerSecond: 0.5 },
    })
    try {
      for (let i = 0; i < 3; i++) expect((await call(`${limited.url}/api/v1/apps/hello`)).status).toBe(200)
      const ex = await call(`${limited.url}/api/v1/apps/hello`)
      expectProblem(ex, 429, 'rate_limited', 'getApp')
      expect(ex.headers.get('retry-after')).toBe('2')
    } finally {
      await limited.close()
    }
  })
})

describe('without a chain', () => {
  it('RPC, broadcast and status answer 502 chain_unavailable', async () => {
    const rpc = await get('/api/v1/rpc/31337', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
    })
    expectProblem(rpc, 502, 'chain_unavailable', 'rpcProxy')
    expectProblem(await get(`/api/v1/tx/0x${'ab'.repeat(32)}`), 502, 'chain_unavailable', 'getTxStatus')
  })
})
