import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { putStorageEntry } from '../store/cloud-storage.js'
import { createApp, openStore, type Store } from '../store/index.js'
import { createFamily } from '../store/tokens.js'
import { createWalletSession } from '../store/wallet-sessions.js'
import { call, expectContract, expectProblem } from './contract.testutil.js'
import { type PlatformApi, startPlatformApi } from './server.js'
import { type AppCredentials, effects, signedCall } from './services.testutil.js'

const WALLET = 'http://wallet.localhost:7101'
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
let dir: string
let store: Store
let api: PlatformApi
let shop: AppCredentials
let other: AppCredentials

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-services-'))
  store = openStore({ dataDir: dir, appsPort: 7102, seed: false })
  shop = createApp(store, {
    appId: 'shop',
    name: 'Coffee shop',
    origin: 'http://shop.localhost:7102',
    scopes: ['user:basic'],
  })
  other = createApp(store, {
    appId: 'other',
    name: 'Other',
    origin: 'http://other.localhost:7102',
    scopes: ['user:basic'],
  })
  // Alice authorized the shop (a redeemed code opens a token family)
  createFamily(store, { clientId: 'shop', account: ALICE, scopes: ['user:basic'], authTime: 1, code: 'c1' })
  api = await startPlatformApi({ store, port: 0, walletOrigin: WALLET, rateLimit: false })
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => api.setKnobs({}))

const app = (method: string, path: string, options?: Parameters<typeof signedCall>[4]) =>
  signedCall(api.url, shop, method, path, options)

describe('POST /api/v1/messages → GET /api/v1/wallet/messages', () => {
  it('stores a message for a user who authorized the app; the wallet lists it newest first', async () => {
    const first = await app('POST', '/api/v1/messages', { body: { userId: ALICE, title: 'Hi', body: 'One' } })
    expect(first.status, first.text).toBe(201)
    const { id } = expectContract('sendMessage', first) as { id: string }
    const second = await app('POST', '/api/v1/messages', {
      body: { userId: ALICE, title: 'Shipped', body: 'Two', url: 'https://shop.example/o/1' },
    })
    expect(second.status).toBe(201)
    const { token } = createWalletSession(store, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    const list = await call(`${api.url}/api/v1/wallet/messages`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const { messages } = expectContract('listWalletMessages', list) as { messages: Record<string, unknown>[] }
    expect(messages.map((m) => m.body)).toEqual(['Two', 'One'])
    expect(messages[1]).toMatchObject({ id, appId: 'shop', appName: 'Coffee shop', title: 'Hi' })
    expect(messages[0]!.url).toBe('https://shop.example/o/1')
    // Bob has none; no session is 401
    const bob = createWalletSession(store, BOB)
    const empty = await call(`${api.url}/api/v1/wallet/messages`, {
      headers: { authorization: `Bearer ${bob.token}` },
    })
    expect(empty.json).toEqual({ messages: [] })
    expectProblem(
      await call(`${api.url}/api/v1/wallet/messages`),
      401,
      'invalid_session',
      'listWalletMessages',
    )
  })

  it('refuses a user who never authorized the app (404 unknown_user) and bad bodies, with no effect', async () => {
    const before = await effects(api.url, 'shop')
    expectProblem(
      await app('POST', '/api/v1/messages', { body: { userId: BOB, title: 'x', body: 'y' } }),
      404,
      'unknown_user',
      'sendMessage',
    )
    for (const body of [
      { userId: ALICE, title: '', body: 'y' },
      { userId: ALICE, title: 'x'.repeat(121), body: 'y' },
      { userId: ALICE, title: 'x', body: 'y'.repeat(2001) },
      { userId: ALICE.toUpperCase().replace('0X', '0x'), title: 'x', body: 'y' },
      { userId: ALICE, title: 'x', body: 'y', url: 'javascript:alert(1)' },
      { userId: ALICE, title: 'x', body: 'y', extra: 1 },
    ])
      expectProblem(await app('POST', '/api/v1/messages', { body }), 400, 'invalid_body', 'sendMessage')
    expect(await effects(api.url, 'shop')).toEqual(before)
  })
})

describe('Idempotency-Key', () => {
  it('replays the first response with Idempotent-Replayed: true and no second effect', async () => {
    const body = { userId: ALICE, title: 'Once', body: 'Only once' }
    const before = (await effects(api.url, 'shop')).messages
    const headers = { 'idempotency-key': 'order-42:message' }
    const first = await app('POST', '/api/v1/messages', { body, headers })
    const again = await app('POST', '/api/v1/messages', { body, headers })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.json).toEqual(first.json)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect((await effects(api.url, 'shop')).messages).toBe(before + 1)
    // the same key for another app is another key
    createFamily(store, {
      clientId: 'other',
      account: ALICE,
      scopes: ['user:basic'],
      authTime: 1,
      code: 'c2',
    })
    const theirs = await signedCall(api.url, other, 'POST', '/api/v1/messages', { body, headers })
    expect(theirs.headers.get('idempotent-replayed')).toBeNull()
  })

  it('refuses the key with another body or path (422 idempotency_key_reused), no effect', async () => {
    const headers = { 'idempotency-key': 'k-reuse' }
    expect((await app('PUT', '/api/v1/storage/a', { body: { value: 1 }, headers })).status).toBe(200)
    const before = await effects(api.url, 'shop')
    expectProblem(
      await app('PUT', '/api/v1/storage/a', { body: { value: 2 }, headers }),
      422,
      'idempotency_key_reused',
      'putStorageValue',
    )
    expectProblem(
      await app('PUT', '/api/v1/storage/b', { body: { value: 1 }, headers }),
      422,
      'idempotency_key_reused',
      'putStorageValue',
    )
    expect(await effects(api.url, 'shop')).toEqual(before)
    expect(((await app('GET', '/api/v1/storage/a')).json as { value: number }).value).toBe(1)
  })

  it('refuses a malformed key (400 invalid_parameter)', async () => {
    for (const key of ['x'.repeat(256), 'has space'])
      expectProblem(
        await app('POST', '/api/v1/messages', {
          body: { userId: ALICE, title: 'x', body: 'y' },
          headers: { 'idempotency-key': key },
        }),
        400,
        'invalid_parameter',
        'sendMessage',
      )
  })

  it('failAfterNext: the effect happens, the answer is lost (503); the retry with the key replays it — one effect', async () => {
    api.setKnobs({ sendMessage: { failAfterNext: 1, retryAfterSeconds: 3 } })
    const body = { userId: ALICE, title: 'Lost', body: 'answer' }
    const headers = { 'idempotency-key': 'lost-answer-1' }
    const before = (await effects(api.url, 'shop')).messages
    const lost = await app('POST', '/api/v1/messages', { body, headers })
    expectProblem(lost, 503, 'injected_failure')
    expect(lost.headers.get('retry-after')).toBe('3')
    expect((await effects(api.url, 'shop')).messages).toBe(before + 1)
    expect(api.getKnobs()).toEqual({ sendMessage: { retryAfterSeconds: 3 } })
    const retry = await app('POST', '/api/v1/messages', { body, headers })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect((await effects(api.url, 'shop')).messages).toBe(before + 1)
  })

  it('failNext: refused before the handler (no effect), counted down; then served', async () => {
    api.setKnobs({ '*': { failNext: 2 } })
    const before = await effects(api.url, 'shop')
    for (let i = 0; i < 2; i++)
      expectProblem(await app('PUT', '/api/v1/storage/fn', { body: { value: i } }), 503, 'injected_failure')
    expect(await effects(api.url, 'shop')).toEqual(before)
    expect((await app('PUT', '/api/v1/storage/fn', { body: { value: 9 } })).status).toBe(200)
    expect(api.getKnobs()).toEqual({ '*': {} })
  })

  it('knobs: an unknown target lists the valid ones; the new fields are validated', async () => {
    const bad = await call(`${api.url}/__sandbox/knobs`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sendMesage: { failNext: 1 } }),
    })
    const p = expectProblem(bad, 400, 'invalid_body', 'putKnobs')
    expect(p.errors?.[0]?.message).toContain('unknown key: sendMesage (one of *,')
    expect(p.errors?.[0]?.message).toContain('putUserStorageValue')
    expect(() => api.setKnobs({ sendMesage: {} } as never)).toThrow(
      /Unknown knob target "sendMesage" \(one of \*, .*sendMessage/,
    )
    expect(() => api.setKnobs({ trackEvents: { failNext: -1 } })).toThrow()
    expect(() => api.setKnobs({ trackEvents: { retryAfterSeconds: 1.5 } })).toThrow()
  })
})

describe('POST /api/v1/analytics/events', () => {
  const event = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    name: 'view',
    timestamp: 1_767_225_600_000,
    ...extra,
  })

  it('accepts events, drops duplicates by (app, id), and the sandbox shows them', async () => {
    const first = await app('POST', '/api/v1/analytics/events', {
      body: { events: [event('e1', { userId: ALICE, properties: { page: '/' } }), event('e2'), event('e2')] },
    })
    expect(expectContract('trackEvents', first)).toEqual({ accepted: 2, duplicates: 1 })
    const second = await app('POST', '/api/v1/analytics/events', {
      body: { events: [event('e1'), event('e3', { name: 'buy' })] },
    })
    expect(second.json).toEqual({ accepted: 1, duplicates: 1 })
    // the same id for another app is another event
    const theirs = await signedCall(api.url, other, 'POST', '/api/v1/analytics/events', {
      body: { events: [event('e1')] },
    })
    expect(theirs.json).toEqual({ accepted: 1, duplicates: 0 })
    const shown = await call(`${api.url}/__sandbox/analytics?appId=shop`)
    const { count, events } = expectContract('getSandboxAnalytics', shown) as {
      count: number
      events: { id: string }[]
    }
    expect(count).toBe(3)
    expect(events.map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3'])
    const buys = (await call(`${api.url}/__sandbox/analytics?appId=shop&name=buy&limit=5`)).json as {
      events: unknown[]
    }
    expect(buys.events).toHaveLength(1)
    expect((await effects(api.url, 'shop')).analyticsEvents).toBe(3)
  })

  it('refuses oversized properties, too many events, bad events — the whole batch, nothing stored', async () => {
    const before = await effects(api.url, 'shop')
    const big = { blob: 'x'.repeat(8 * 1024) }
    expectProblem(
      await app('POST', '/api/v1/analytics/events', {
        body: { events: [event('ok1'), event('big', { properties: big })] },
      }),
      400,
      'invalid_body',
      'trackEvents',
    )
    const many = Array.from({ length: 1001 }, (_, i) => event(`m${i}`))
    expectProblem(
      await app('POST', '/api/v1/analytics/events', { body: { events: many } }),
      400,
      'invalid_body',
      'trackEvents',
    )
    for (const bad of [[], [event('')], [event('t', { timestamp: 1.5 })], [event('p', { properties: [1] })]])
      expectProblem(
        await app('POST', '/api/v1/analytics/events', { body: { events: bad } }),
        400,
        'invalid_body',
        'trackEvents',
      )
    // over 1 MiB of body
    const huge = Array.from({ length: 200 }, (_, i) =>
      event(`h${i}`, { properties: { s: 'x'.repeat(6000) } }),
    )
    expectProblem(
      await app('POST', '/api/v1/analytics/events', { body: { events: huge } }),
      413,
      'payload_too_large',
    )
    expect(await effects(api.url, 'shop')).toEqual(before)
  })
})

describe('cloud storage', () => {
  const path = (key: string, user?: string) =>
    `${user ? `/api/v1/users/${user}` : '/api/v1'}/storage/${encodeURIComponent(key)}`

  it('puts, gets, lists and deletes app-wide and per user, apart', async () => {
    const put = await app('PUT', path('cart'), { body: { value: { items: [1, 2] } } })
    expect(expectContract('putStorageValue', put)).toMatchObject({ key: 'cart' })
    expect((await app('PUT', path('cart', ALICE), { body: { value: 'alice' } })).status).toBe(200)
    const got = await app('GET', path('cart'))
    expect(expectContract('getStorageValue', got)).toMatchObject({ key: 'cart', value: { items: [1, 2] } })
    expect((await app('GET', path('cart', ALICE))).json).toMatchObject({ value: 'alice' })
    expectProblem(await app('GET', path('cart', BOB)), 404, 'not_found', 'getUserStorageValue')
    // another app sees nothing of it
    expectProblem(await signedCall(api.url, other, 'GET', path('cart')), 404, 'not_found', 'getStorageValue')
    await app('PUT', path('cart:2'), { body: { value: null } })
    const keys = await app('GET', '/api/v1/storage?prefix=cart')
    expect(expectContract('listStorageKeys', keys)).toEqual({ keys: ['cart', 'cart:2'] })
    expect((await app('GET', `/api/v1/users/${ALICE}/storage`)).json).toEqual({ keys: ['cart'] })
    const del = await app('DELETE', path('cart'))
    expect(del.status).toBe(204)
    expect((await app('DELETE', path('cart'))).status).toBe(204)
    expectProblem(await app('GET', path('cart')), 404, 'not_found')
  })

  it('takes keys of any character (percent-encoded), up to 256', async () => {
    const odd = [
      'a/b',
      'spaces and ?query#hash',
      '%41',
      'ümlaut 日本 🎉',
      '\u0000nul',
      '+&=;',
      '\'"<>\\',
      'x'.repeat(256),
      '🎉'.repeat(256),
    ]
    for (const key of odd) {
      const put = await app('PUT', path(key), { body: { value: key } })
      expect(put.status, `${key}: ${put.text}`).toBe(200)
      const got = await app('GET', path(key))
      expect(got.json, key).toMatchObject({ key, value: key })
    }
    const { keys } = (await app('GET', '/api/v1/storage')).json as { keys: string[] }
    for (const key of odd) expect(keys).toContain(key)
    for (const bad of ['x'.repeat(257), '🎉'.repeat(257)])
      expectProblem(
        await app('PUT', path(bad), { body: { value: 1 } }),
        400,
        'invalid_key',
        'putStorageValue',
      )
    // not UTF-8 once decoded
    expectProblem(await app('GET', '/api/v1/storage/%ED%A0%80'), 400, 'invalid_key', 'getStorageValue')
    expectProblem(await app('GET', '/api/v1/storage/%E0%A4%A'), 400, 'invalid_key', 'getStorageValue')
  })

  it('413 payload_too_large over 64 KiB, 413 quota_exceeded over 10 MiB — nothing half-written', async () => {
    const justFits = 'x'.repeat(64 * 1024 - 2) // the JSON string's quotes make it 64 KiB
    expect((await app('PUT', path('big'), { body: { value: justFits } })).status).toBe(200)
    const before = await effects(api.url, 'shop')
    expectProblem(
      await app('PUT', path('big'), { body: { value: `${justFits}y` } }),
      413,
      'payload_too_large',
      'putStorageValue',
    )
    expectProblem(
      await app('PUT', path('big'), { body: { value: 'x'.repeat(300_000) } }),
      413,
      'payload_too_large',
    )
    expect(((await app('GET', path('big'))).json as { value: string }).value).toBe(justFits)
    expect(await effects(api.url, 'shop')).toEqual(before)
    // fill the other app close to its quota in the store, then over it by HTTP
    const chunk = 'z'.repeat(64 * 1024 - 2)
    for (let i = 0; i < 155; i++)
      putStorageEntry(
        store,
        'other',
        i % 2 ? { kind: 'user', userId: ALICE } : { kind: 'app' },
        `q${i}`,
        chunk,
      )
    const used = () =>
      (
        store.db.prepare("SELECT sum(size) AS n FROM cloud_storage WHERE appId = 'other'").get() as {
          n: number
        }
      ).n
    let refused = -1
    for (let i = 155; i < 170 && refused < 0; i++) {
      const ex = await signedCall(api.url, other, 'PUT', path(`q${i}`), { body: { value: chunk } })
      if (ex.status !== 200) {
        expectProblem(ex, 413, 'quota_exceeded', 'putStorageValue')
        refused = i
      }
    }
    expect(refused).toBeGreaterThan(155)
    expect(used()).toBeLessThanOrEqual(10 * 1024 * 1024)
    const full = used()
    expectProblem(
      await signedCall(api.url, other, 'PUT', path('more', ALICE), { body: { value: chunk } }),
      413,
      'quota_exceeded',
    )
    expect(used()).toBe(full)
    // replacing an existing entry with a smaller value still works at the quota
    expect((await signedCall(api.url, other, 'PUT', path('q0'), { body: { value: 1 } })).status).toBe(200)
  })
})
