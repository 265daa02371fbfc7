/**
 * Issue 12, the workbench's store-backed routes over real HTTP on 127.0.0.1: the platform request log
 * (JSON and SSE), persisted mock rules (with a bounded body fuzz), one app's reset (and another's
 * isolation), and app reports (API, rate limit, the HTML form).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertAnalyticsEvents } from '../store/analytics.js'
import { getStorageEntry, putStorageEntry } from '../store/cloud-storage.js'
import { createApp, getBroadcast, openStore, recordBroadcast, type Store } from '../store/index.js'
import { insertMessage } from '../store/messages.js'
import { listMockRules } from '../store/mocks.js'
import { createFamily } from '../store/tokens.js'
import { createDelivery } from '../store/webhooks.js'
import { call, type Exchange, expectContract, expectProblem } from './contract.testutil.js'
import { MASK, MAX_REQUEST_STREAMS } from './request-log.js'
import { type PlatformApi, startPlatformApi } from './server.js'
import { signedCall } from './services.testutil.js'

const WALLET = 'http://localhost:7321'
const RUNS = Number(process.env.FUZZ_RUNS ?? 60)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
let dir: string
let store: Store
let api: PlatformApi
let shop: { appId: string; appKey: string }
let _other: { appId: string; appKey: string }

const json = (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Exchange> =>
  call(`${api.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-workbench-'))
  store = openStore({ dataDir: dir, seed: false })
  shop = createApp(store, {
    appId: 'shop',
    name: 'Shop',
    origin: 'http://shop.localhost:7322',
    scopes: ['user:basic'],
  })
  _other = createApp(store, {
    appId: 'other',
    name: 'Other',
    origin: 'http://other.localhost:7322',
    scopes: ['user:basic'],
  })
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: WALLET,
    rateLimit: false,
    reportRateLimit: { capacity: 3, refillPerSecond: 0.001 },
  })
})
afterAll(async () => {
  await api?.close()
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('GET /__sandbox/requests', () => {
  it('records platform requests (app, status, problem code, idempotency key), not its own', async () => {
    const since = api.requests.entries().at(-1)?.seq ?? 0
    await signedCall(api.url, shop, 'PUT', '/api/v1/storage/k1', {
      body: { value: 1 },
      headers: { 'idempotency-key': 'idem-1' },
    })
    await json('GET', '/api/v1/apps/nope')
    await json('GET', '/oauth/wallet/x?code=SECRETCODE&code_verifier=V&state=s&access_token=T')
    await json('GET', '/__sandbox/knobs')
    const res = await json('GET', `/__sandbox/requests?since=${since}`)
    const { requests } = expectContract('getSandboxRequests', res) as { requests: Record<string, unknown>[] }
    expect(requests.map((r) => [r.method, r.status, r.appId])).toEqual([
      ['PUT', 200, 'shop'],
      ['GET', 404, 'nope'],
      ['GET', 404, null],
    ])
    expect(requests[0]).toMatchObject({ path: '/api/v1/storage/k1', idempotencyKey: 'idem-1' })
    expect(requests[1]).toMatchObject({ code: 'app_not_found' })
    expect(requests[2]!.path).toBe(
      `/oauth/wallet/x?code=${MASK}&code_verifier=${MASK}&state=s&access_token=${MASK}`,
    )
    expect(res.text).not.toContain('SECRETCODE')
    for (const r of requests) expect(r.durationMs).toBeGreaterThanOrEqual(0)
    const basic = await json('POST', '/oauth/token', 'grant_type=refresh_token&refresh_token=x', {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('shop:wrong-secret').toString('base64')}`,
    })
    expect(basic.status).toBeGreaterThanOrEqual(400)
    const oauth = api.requests.entries({ limit: 1 }).at(-1)!
    expect(oauth).toMatchObject({ path: '/oauth/token', appId: 'shop', status: basic.status })
    expect(oauth.code).toMatch(/^invalid_/)
    const onlyShop = (await json('GET', `/__sandbox/requests?appId=shop&since=${since}`)).json as {
      requests: unknown[]
    }
    expect(onlyShop.requests).toHaveLength(2)
  })

  it('keeps the newest 2,000 and answers `limit` of them', async () => {
    for (let i = 0; i < 2005; i++)
      api.requests.add({
        at: 0,
        appId: 'bulk',
        method: 'GET',
        path: `/x/${i}`,
        status: 200,
        durationMs: 0,
        requestId: 'r',
      })
    expect(api.requests.entries({ limit: 5000 })).toHaveLength(2000)
    const { requests } = (await json('GET', '/__sandbox/requests?appId=bulk&limit=3')).json as {
      requests: { path: string }[]
    }
    expect(requests.map((r) => r.path)).toEqual(['/x/2002', '/x/2003', '/x/2004'])
  })

  it.each(['limit=0', 'limit=2001', 'since=-1', 'appId=Not_An_App', 'extra=1'])('refuses %s', async (q) => {
    expectProblem(
      await json('GET', `/__sandbox/requests?${q}`),
      400,
      'invalid_parameter',
      'getSandboxRequests',
    )
  })

  it('is for the wallet only: another origin is refused', async () => {
    expectProblem(
      await json('GET', '/__sandbox/requests', undefined, { origin: 'http://shop.localhost:7322' }),
      403,
      'admin_forbidden',
    )
  })
})

/** Opens the SSE stream; answers its events as they come and a close function. */
function openStream(query = '') {
  const events: Record<string, unknown>[] = []
  let buffer = ''
  let closed = false
  let resolveClosed: () => void
  const ended = new Promise<void>((r) => {
    resolveClosed = r
  })
  const { port } = new URL(api.url)
  const req = request({ host: '127.0.0.1', port, path: `/__sandbox/requests/stream${query}` })
  const ready = new Promise<{ status: number; type: string }>((resolve, reject) => {
    req.on('response', (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let at = buffer.indexOf('\n\n')
        while (at >= 0) {
          const block = buffer.slice(0, at)
          buffer = buffer.slice(at + 2)
          const data = /^data: (.*)$/m.exec(block)
          if (/^event: request$/m.test(block) && data) events.push(JSON.parse(data[1]!))
          at = buffer.indexOf('\n\n')
        }
      })
      res.on('close', () => {
        closed = true
        resolveClosed()
      })
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) })
    })
    req.on('error', reject)
  })
  req.end()
  return { events, ready, ended, isClosed: () => closed, close: () => req.destroy() }
}

const waitFor = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, 5))
  }
  return true
}

describe('GET /__sandbox/requests/stream', () => {
  it('sends the backlog after `since`, then each request within a second', async () => {
    const since = api.requests.entries({ limit: 1 }).at(-1)?.seq ?? 0
    await json('GET', '/api/v1/apps/backlog-one')
    const stream = openStream(`?since=${since}`)
    expect(await stream.ready).toEqual({ status: 200, type: 'text/event-stream; charset=utf-8' })
    expect(await waitFor(() => stream.events.length === 1, 1000)).toBe(true)
    expect(stream.events[0]).toMatchObject({ path: '/api/v1/apps/backlog-one' })
    const sent = Date.now()
    await json('GET', '/api/v1/apps/live-one')
    expect(await waitFor(() => stream.events.length === 2, 1000)).toBe(true)
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(stream.events[1]).toMatchObject({ path: '/api/v1/apps/live-one', status: 404, appId: 'live-one' })
    stream.close()
  })

  it('filters by app, and lets go of a client that left', async () => {
    const stream = openStream(`?appId=shop&since=${api.requests.entries({ limit: 1 }).at(-1)?.seq ?? 0}`)
    await stream.ready
    await json('GET', '/api/v1/apps/not-shop')
    await signedCall(api.url, shop, 'GET', '/api/v1/storage/k1')
    expect(await waitFor(() => stream.events.length === 1, 1000)).toBe(true)
    expect(stream.events[0]).toMatchObject({ appId: 'shop', method: 'GET' })
    stream.close()
    expect(await waitFor(stream.isClosed, 1000)).toBe(true)
  })

  it('resumes after Last-Event-ID (an EventSource reconnecting)', async () => {
    await json('GET', '/api/v1/apps/before-resume')
    const last = api.requests.entries({ limit: 1 }).at(-1)!.seq
    await json('GET', '/api/v1/apps/after-resume')
    const { port } = new URL(api.url)
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/__sandbox/requests/stream',
        headers: { 'last-event-id': String(last) },
      })
      req.on('response', (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          body += c
          if (body.includes('after-resume')) {
            req.destroy()
            resolve(body)
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(text).not.toContain('before-resume')
    expect(text).toContain(`id: ${last + 1}`)
  })

  it(`keeps at most ${MAX_REQUEST_STREAMS} streams open: a new one ends the oldest`, async () => {
    const streams = Array.from({ length: MAX_REQUEST_STREAMS + 1 }, () => openStream('?appId=nobody'))
    for (const s of streams) await s.ready
    expect(await waitFor(() => streams[0]!.isClosed(), 1000)).toBe(true)
    expect(streams.slice(1).some((s) => s.isClosed())).toBe(false)
    for (const s of streams) s.close()
  })

  it('ends open streams when the API closes (close() does not hang)', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'chainless-workbench-'))
    const store2 = openStore({ dataDir: dir2, seed: false })
    const second = await startPlatformApi({ store: store2, port: 0, walletOrigin: WALLET })
    const { port } = new URL(second.url)
    const req = request({ host: '127.0.0.1', port, path: '/__sandbox/requests/stream' })
    const ended = new Promise<void>((resolve) =>
      req.on('response', (res) => res.on('close', resolve).resume()),
    )
    req.end()
    await new Promise((r) => req.on('response', r))
    const started = Date.now()
    await second.close()
    await ended
    expect(Date.now() - started).toBeLessThan(1000)
    store2.close()
    rmSync(dir2, { recursive: true, force: true })
  })
})

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  appId: 'shop',
  method: 'eth_sendTransaction',
  action: { kind: 'error', code: 4001, message: 'User rejected' },
  enabled: true,
  ...over,
})

describe('/__sandbox/mocks', () => {
  it('stores, answers and replaces the rules (persisted in the store)', async () => {
    expect(expectContract('getSandboxMocks', await json('GET', '/__sandbox/mocks'))).toEqual({ rules: [] })
    const rules = [
      rule(),
      rule({
        id: 'r2',
        appId: '*',
        method: '*',
        account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        action: { kind: 'delay', delayMs: 500 },
      }),
      rule({
        id: 'r_3',
        method: 'storageGet',
        action: { kind: 'result', result: { nested: [1, null] } },
        delayMs: 60000,
        enabled: false,
      }),
    ]
    const put = await json('PUT', '/__sandbox/mocks', { rules })
    expect(expectContract('putSandboxMocks', put)).toEqual({ rules })
    expect(listMockRules(store)).toEqual(rules)
    expect((await json('GET', '/__sandbox/mocks')).json).toEqual({ rules })
  })

  it.each([
    ['an id with a space', { rules: [rule({ id: 'a b' })] }],
    ['an id of 65 characters', { rules: [rule({ id: 'a'.repeat(65) })] }],
    ['a delay over 60 s', { rules: [rule({ delayMs: 60001 })] }],
    ['a negative delay action', { rules: [rule({ action: { kind: 'delay', delayMs: -1 } })] }],
    ['an unknown action', { rules: [rule({ action: { kind: 'explode' } })] }],
    ['an error without a code', { rules: [rule({ action: { kind: 'error' } })] }],
    ['a fractional code', { rules: [rule({ action: { kind: 'error', code: 1.5 } })] }],
    ['a bad appId', { rules: [rule({ appId: 'Shop!' })] }],
    ['a bad account', { rules: [rule({ account: '0x12' })] }],
    ['a bad account checksum', { rules: [rule({ account: '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266' })] }],
    ['a missing enabled', { rules: [{ ...rule(), enabled: undefined }] }],
    ['an unknown field', { rules: [rule({ extra: 1 })] }],
    ['201 rules', { rules: Array.from({ length: 201 }, (_, i) => rule({ id: `r${i}` })) }],
    ['duplicate ids', { rules: [rule(), rule()] }],
    ['no rules key', {}],
  ])('refuses %s and keeps the stored rules', async (_, body) => {
    const before = listMockRules(store)
    expectProblem(await json('PUT', '/__sandbox/mocks', body), 400, 'invalid_body', 'putSandboxMocks')
    expect(listMockRules(store)).toEqual(before)
  })

  it('accepts exactly 200 rules', async () => {
    const rules = Array.from({ length: 200 }, (_, i) => rule({ id: `r${i}` }))
    expect((await json('PUT', '/__sandbox/mocks', { rules })).status).toBe(200)
    await json('PUT', '/__sandbox/mocks', { rules: [] })
  })

  const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({
      rules: fc.array(
        fc.record(
          {
            id: fc.string({ maxLength: 70 }),
            appId: fc.constantFrom('*', 'shop', '', 'A'),
            method: fc.string({ maxLength: 5 }),
            action: fc.oneof(
              fc.record(
                {
                  kind: fc.constantFrom('error', 'result', 'delay', 'x'),
                  code: fc.oneof(fc.integer(), fc.double()),
                  delayMs: fc.integer({ min: -5, max: 70_000 }),
                },
                { requiredKeys: ['kind'] },
              ),
              fc.jsonValue({ maxDepth: 1 }),
            ),
            delayMs: fc.integer({ min: -5, max: 70_000 }),
            enabled: fc.oneof(fc.boolean(), fc.constant('yes')),
            __proto__: fc.constant({ polluted: 1 }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
    }),
  )
  test.prop([hostile], { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) })(
    'any body: 200 with exactly what was sent, or a 400 that stores nothing',
    async (body) => {
      await json('PUT', '/__sandbox/mocks', { rules: [rule({ id: 'keep' })] })
      const res = await json('PUT', '/__sandbox/mocks', body)
      if (res.status === 200) {
        expect(listMockRules(store)).toEqual((body as { rules: unknown[] }).rules)
      } else {
        expect(res.status).toBe(400)
        expect(['invalid_body', 'invalid_json']).toContain(
          expectProblem(res, 400, (res.json as { code: string }).code, 'putSandboxMocks').code,
        )
        expect(listMockRules(store).map((r) => r.id)).toEqual(['keep'])
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    },
    20_000,
  )
})

describe('POST /__sandbox/apps/{appId}/reset', () => {
  it("clears that app's platform data and nothing of another app", async () => {
    const user = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
    const seed = (appId: string) => {
      putStorageEntry(store, appId, { kind: 'app' }, 'a', 1)
      putStorageEntry(store, appId, { kind: 'user', userId: user.toLowerCase() }, 'b', 2)
      createFamily(store, {
        clientId: appId,
        account: user,
        scopes: ['user:basic'],
        authTime: 0,
        code: `code-${appId}`,
      })
      insertMessage(store, { appId, userId: user.toLowerCase(), title: 't', body: 'b' })
      insertAnalyticsEvents(store, appId, [{ id: `e-${appId}`, name: 'open', timestamp: 1 }])
      createDelivery(store, {
        appId,
        type: 'authorization.revoked',
        url: 'http://127.0.0.1:1/hook',
        data: {},
      })
      recordBroadcast(store, {
        hash: `0x${(appId === 'shop' ? 'aa' : 'bb').repeat(32)}`,
        raw: '0x01',
        chainId: 1,
        appId,
      })
    }
    seed('shop')
    seed('other')
    await json('PUT', '/__sandbox/mocks', {
      rules: [rule({ id: 's' }), rule({ id: 'o', appId: 'other' }), rule({ id: 'all', appId: '*' })],
    })
    const res = await json('POST', '/__sandbox/apps/shop/reset')
    expect(expectContract('resetSandboxApp', res)).toEqual({
      appId: 'shop',
      cleared: { storage: 3, tokens: 1, messages: 1, analytics: 1, webhooks: 1, transactions: 1, mocks: 1 },
    })
    expect(getStorageEntry(store, 'shop', { kind: 'app' }, 'a')).toBeUndefined()
    expect(getBroadcast(store, `0x${'aa'.repeat(32)}`)?.status).toBe('dropped')
    // the other app: untouched
    expect(getStorageEntry(store, 'other', { kind: 'app' }, 'a')).toBeDefined()
    expect(getBroadcast(store, `0x${'bb'.repeat(32)}`)?.status).toBe('pending')
    expect(listMockRules(store).map((r) => r.id)).toEqual(['o', 'all'])
    const again = await json('POST', '/__sandbox/apps/other/reset')
    expect((again.json as { cleared: Record<string, number> }).cleared).toEqual({
      storage: 2,
      tokens: 1,
      messages: 1,
      analytics: 1,
      webhooks: 1,
      transactions: 1,
      mocks: 1,
    })
  })

  it('answers 404 for an unknown app and 400 for a bad id', async () => {
    expectProblem(await json('POST', '/__sandbox/apps/ghost/reset'), 404, 'app_not_found', 'resetSandboxApp')
    expectProblem(
      await json('POST', '/__sandbox/apps/Bad_Id/reset'),
      400,
      'invalid_parameter',
      'resetSandboxApp',
    )
  })
})

describe('reports', () => {
  it('files a report (public, from an app origin too), lists it, rate limits a client', async () => {
    const res = await json(
      'POST',
      '/api/v1/apps/other/reports',
      { reason: 'scam', details: 'asks for my seed', contact: 'me@example.test' },
      { origin: WALLET },
    )
    const receipt = expectContract('reportApp', res) as { id: string; appId: string; receivedAt: number }
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe(WALLET)
    expect(receipt.appId).toBe('other')
    const { reports } = expectContract(
      'getSandboxReports',
      await json('GET', '/__sandbox/reports?appId=other'),
    ) as { reports: unknown[] }
    expect(reports).toEqual([
      {
        id: receipt.id,
        appId: 'other',
        reason: 'scam',
        details: 'asks for my seed',
        contact: 'me@example.test',
        receivedAt: receipt.receivedAt,
      },
    ])
    expectProblem(
      await json('POST', '/api/v1/apps/ghost/reports', { reason: 'other' }),
      404,
      'app_not_found',
      'reportApp',
    )
    // the third token of this test's bucket (capacity 3), then refused
    expect((await json('POST', '/api/v1/apps/other/reports', { reason: 'broken' })).status).toBe(201)
    const limited = await json('POST', '/api/v1/apps/other/reports', { reason: 'broken' })
    expectProblem(limited, 429, 'rate_limited', 'reportApp')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it.each([
    ['an unknown reason', { reason: 'spam' }],
    ['no reason', {}],
    ['details over 2,000 characters', { reason: 'scam', details: 'x'.repeat(2001) }],
    ['a contact over 200 characters', { reason: 'scam', contact: 'x'.repeat(201) }],
    ['an unknown field', { reason: 'scam', extra: 1 }],
  ])('refuses %s', async (_, body) => {
    const res = await json('POST', '/api/v1/apps/other/reports', body)
    expectProblem(res, 400, 'invalid_body', 'reportApp')
  })

  it('serves an accessible form at /report that files a report without any script', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'chainless-workbench-'))
    const store2 = openStore({ dataDir: dir2, seed: false })
    createApp(store2, {
      appId: 'hello',
      name: 'Hello <App>',
      origin: 'http://hello.localhost:7322',
      scopes: ['user:basic'],
    })
    const second = await startPlatformApi({
      store: store2,
      port: 0,
      walletOrigin: WALLET,
      reportRateLimit: { capacity: 1, refillPerSecond: 0.001 },
    })
    try {
      const page = await call(`${second.url}/report?appId=hello`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const csp = page.headers.get('content-security-policy')!
      expect(csp).toContain("default-src 'none'")
      expect(csp).not.toMatch(/script-src|unsafe-inline/)
      expect(page.text).not.toMatch(/<script/i)
      expect(page.text).toContain('<html lang="en">')
      expect(page.text).toContain('Report Hello &lt;App&gt;')
      for (const id of ['reason', 'details', 'contact']) expect(page.text).toContain(`<label for="${id}">`)
      const post = (fields: Record<string, string>) =>
        call(`${second.url}/report`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        })
      const bad = await post({ appId: 'hello', reason: 'nope' })
      expect(bad.status).toBe(400)
      expect(bad.text).toContain('role="alert"')
      const ok = await post({ appId: 'hello', reason: 'malware', details: 'drains <wallets>' })
      expect(ok.status).toBe(200)
      expect(ok.text).toContain('Report received')
      const listed = (await call(`${second.url}/__sandbox/reports`)).json as { reports: unknown[] }
      expect(listed.reports).toMatchObject([
        { appId: 'hello', reason: 'malware', details: 'drains <wallets>' },
      ])
      expect((await post({ appId: 'hello', reason: 'other' })).status).toBe(429)
      expect((await call(`${second.url}/report?appId=ghost`)).status).toBe(404)
    } finally {
      await second.close()
      store2.close()
      rmSync(dir2, { recursive: true, force: true })
    }
  })
})
