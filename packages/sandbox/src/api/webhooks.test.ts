import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordBroadcast, setBroadcastStatus } from '../store/broadcasts.js'
import { createApp, openStore, type Store } from '../store/index.js'
import { createFamily, issueRefreshToken, spendRefreshToken } from '../store/tokens.js'
import { createWalletSession } from '../store/wallet-sessions.js'
import { checkWebhookUrl, InvalidWebhookUrlError, setWebhookUrl } from '../store/webhooks.js'
import { call, expectContract, expectProblem } from './contract.testutil.js'
import { issueAccessToken, loadAccessTokenKey } from './oauth/access-token.js'
import { type PlatformApi, startPlatformApi } from './server.js'
import { type AppCredentials, effects, signedCall } from './services.testutil.js'

const WALLET = 'http://wallet.localhost:7201'
const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
let dir: string
let store: Store
let api: PlatformApi
let shop: AppCredentials
let receiver: Server
let received: { headers: IncomingHttpHeaders; body: string; url: string }[] = []
/** Statuses the receiver answers, in turn (then 200). */
let answers: number[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-webhooks-'))
  store = openStore({ dataDir: dir, appsPort: 7202, seed: false })
  shop = createApp(store, {
    appId: 'shop',
    name: 'Shop',
    origin: 'http://shop.localhost:7202',
    scopes: ['user:basic'],
  })
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        url: req.url ?? '',
      })
      res.writeHead(answers.shift() ?? 200).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const port = (receiver.address() as AddressInfo).port
  setWebhookUrl(store, 'shop', `http://127.0.0.1:${port}/hooks/chainless?v=1`)
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: WALLET,
    rateLimit: false,
    rateLimits: { app: { capacity: 3, refillPerSecond: 0.25 }, user: { capacity: 2, refillPerSecond: 0.25 } },
    webhooks: { baseDelayMs: 20, maxAttempts: 3 },
  })
})
afterAll(async () => {
  await api.close()
  await new Promise((r) => receiver.close(r))
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Waits (bounded) until `n` webhook requests arrived. */
async function receivedCount(n: number, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs
  while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
  expect(received.length).toBeGreaterThanOrEqual(n)
}

/** The receiver's check, written from the contract with node:crypto (not the sandbox's code). */
function verify(r: (typeof received)[number], appKey: string) {
  const ts = String(r.headers['x-chainless-timestamp'])
  const nonce = String(r.headers['x-chainless-nonce'])
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{16,128}$/)
  expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(300)
  const bodyHash = createHash('sha256').update(r.body).digest('hex')
  const expected = createHmac('sha256', Buffer.from(appKey, 'utf8'))
    .update(`POST\n${r.url}\n${ts}\n${nonce}\n${bodyHash}`)
    .digest('hex')
  return r.headers['x-chainless-signature'] === `v1=${expected}`
}

describe('webhooks', () => {
  it('authorization.revoked on grant revocation: delivered once, signed v1 with the app key', async () => {
    received = []
    createFamily(store, { clientId: 'shop', account: ALICE, scopes: ['user:basic'], authTime: 1, code: 'c1' })
    const { token } = createWalletSession(store, ALICE)
    const res = await call(`${api.url}/api/v1/wallet/grants/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(204)
    await receivedCount(1)
    const [r] = received
    expect(r!.url).toBe('/hooks/chainless?v=1')
    expect(r!.headers['content-type']).toBe('application/json')
    expect(verify(r!, shop.appKey)).toBe(true)
    expect(verify(r!, 'ck_another_key')).toBe(false)
    const event = JSON.parse(r!.body)
    expect(event).toMatchObject({
      type: 'authorization.revoked',
      appId: 'shop',
      data: { userId: ALICE.toLowerCase(), scope: ['user:basic'] },
    })
    expect(event.id).toMatch(/^evt_/)
    expect(r!.headers['x-chainless-event-id']).toBe(event.id)
    expect(new Date(event.createdAt).toISOString()).toBe(event.createdAt)
    // revoking again revokes nothing: no second event
    await call(`${api.url}/api/v1/wallet/grants/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(received).toHaveLength(1)
  })

  it('retries after a 500 and a 503 with backoff until a 2xx; the same event id and body', async () => {
    received = []
    answers = [500, 503]
    const family = createFamily(store, {
      clientId: 'shop',
      account: ALICE,
      scopes: ['user:basic'],
      authTime: 1,
      code: 'c2',
    })
    const { token } = issueRefreshToken(store, family.familyId)
    expect(spendRefreshToken(store, token, 'shop').status).toBe('ok')
    // refresh-token reuse revokes the family: authorization.revoked
    expect(spendRefreshToken(store, token, 'shop').status).toBe('reused')
    await receivedCount(3)
    expect(received.map((r) => r.headers['x-chainless-event-id'])).toEqual(
      Array(3).fill(received[0]!.headers['x-chainless-event-id']),
    )
    expect(new Set(received.map((r) => r.body)).size).toBe(1)
    expect(new Set(received.map((r) => r.headers['x-chainless-nonce'])).size).toBe(3)
    for (const r of received) expect(verify(r, shop.appKey)).toBe(true)
    const list = await call(`${api.url}/__sandbox/webhooks?appId=shop`)
    const { deliveries } = expectContract('getSandboxWebhooks', list) as {
      deliveries: Record<string, unknown>[]
    }
    expect(deliveries[0]).toMatchObject({
      type: 'authorization.revoked',
      attempts: 3,
      status: 'delivered',
      lastStatus: 200,
    })
    expect((await effects(api.url, 'shop')).webhookDeliveries).toBe(2)
  })

  it('gives up after maxAttempts (failed), bounded', async () => {
    received = []
    answers = [500, 500, 500, 500]
    recordBroadcast(store, { hash: `0x${'ab'.repeat(32)}`, raw: '0x00', chainId: 31337, appId: 'shop' })
    setBroadcastStatus(store, `0x${'ab'.repeat(32)}`, 'confirmed', 7)
    await receivedCount(3)
    await new Promise((r) => setTimeout(r, 300))
    expect(received).toHaveLength(3)
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      type: 'transaction.confirmed',
      data: { hash: `0x${'ab'.repeat(32)}`, status: 'confirmed', blockNumber: 7, chainId: 31337 },
    })
    const { deliveries } = (await call(`${api.url}/__sandbox/webhooks?appId=shop`)).json as {
      deliveries: Record<string, unknown>[]
    }
    expect(deliveries[0]).toMatchObject({
      type: 'transaction.confirmed',
      attempts: 3,
      status: 'failed',
      lastStatus: 500,
    })
    answers = []
  })

  it('takes loopback http(s) URLs only', () => {
    expect(checkWebhookUrl('http://localhost:3000/h')).toBe('http://localhost:3000/h')
    expect(checkWebhookUrl('https://api.shop.localhost/h#x')).toBe('https://api.shop.localhost/h')
    expect(checkWebhookUrl('http://[::1]:9/h')).toBe('http://[::1]:9/h')
    for (const bad of [
      'ftp://127.0.0.1/x',
      'http://example.com/h',
      'http://10.0.0.1/h',
      'http://u:p@localhost/h',
      'nope',
    ])
      expect(() => checkWebhookUrl(bad), bad).toThrow(InvalidWebhookUrlError)
  })
})

describe('gateway rate limit per app', () => {
  it('answers 429 rate_limited with Retry-After (whole seconds) past the bucket, per app', async () => {
    const statuses: number[] = []
    let limited: Awaited<ReturnType<typeof signedCall>> | undefined
    for (let i = 0; i < 4; i++) {
      const ex = await signedCall(api.url, shop, 'GET', '/api/v1/storage')
      statuses.push(ex.status)
      if (ex.status === 429) limited = ex
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expectProblem(limited!, 429, 'rate_limited', 'listStorageKeys')
    expect(limited!.headers.get('retry-after')).toMatch(/^[1-4]$/)
    // anonymous calls are not counted in the app's bucket
    expect((await call(`${api.url}/api/v1/apps`)).status).toBe(200)
  })

  it('per user (bearer calls): 429 past the user bucket, other users unaffected', async () => {
    const ctx = { store, issuer: api.url, key: await loadAccessTokenKey(store), now: Date.now }
    const tokenOf = async (account: string, code: string) => {
      const family = createFamily(store, {
        clientId: 'shop',
        account,
        scopes: ['user:basic'],
        authTime: 1,
        code,
      })
      return (await issueAccessToken(ctx, { ...family, authTime: 1 })).token
    }
    const alice = await tokenOf(ALICE, 'u1')
    const bob = await tokenOf('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'u2')
    const userinfo = (token: string) =>
      call(`${api.url}/api/v1/userinfo`, { headers: { authorization: `Bearer ${token}` } })
    const statuses = [(await userinfo(alice)).status, (await userinfo(alice)).status]
    const limited = await userinfo(alice)
    expect(statuses).toEqual([200, 200])
    expectProblem(limited, 429, 'rate_limited', 'getUserInfo')
    expect(limited.headers.get('retry-after')).toMatch(/^[1-4]$/)
    expect((await userinfo(bob)).status).toBe(200)
  })
})
