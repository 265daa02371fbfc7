import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueNonce } from '../auth/siwe.js'
import { StoreUnavailableError } from './errors.js'
import { startRedis, type TestRedis } from './redis-server.testutil.js'
import { createRedisStores, type RedisLike, RedisNonceStore, RedisReplayStore } from './redis-stores.js'

let server: TestRedis
// Two back-end instances: two clients, one Redis.
let a: Redis
let b: Redis
const options = { commandTimeout: 1_000, maxRetriesPerRequest: 1, lazyConnect: false }

beforeAll(async () => {
  server = await startRedis()
  a = new Redis(server.port, '127.0.0.1', options)
  b = new Redis(server.port, '127.0.0.1', options)
})
afterAll(async () => {
  a?.disconnect()
  b?.disconnect()
  await server?.stop()
})

describe('RedisNonceStore', () => {
  it('is an ioredis client structurally (no runtime import)', () => {
    const client: RedisLike = a
    expect(client).toBe(a)
  })

  it('a nonce issued and accepted by one instance is refused by the other', async () => {
    const one = createRedisStores(a).nonces
    const two = createRedisStores(b).nonces
    const nonce = await issueNonce(one)
    expect(await a.pttl(`chainless:nonce:${nonce}`)).toBeGreaterThan(0)
    expect(await one.consume(nonce)).toBe(true)
    expect(await two.consume(nonce)).toBe(false)
    expect(await one.consume(nonce)).toBe(false)
  })

  it('a nonce issued by one instance is consumed once across concurrent instances', async () => {
    const one = new RedisNonceStore(a)
    const two = new RedisNonceStore(b)
    const nonce = await issueNonce(one)
    const results = await Promise.all([one.consume(nonce), two.consume(nonce), two.consume(nonce)])
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('an expired nonce is refused', async () => {
    const store = new RedisNonceStore(a)
    await store.add('short-lived-nonce', 30)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(await store.consume('short-lived-nonce')).toBe(false)
  })

  it('keys carry the prefix; another prefix is another namespace', async () => {
    const appOne = new RedisNonceStore(a, { prefix: 'app1:' })
    const appTwo = new RedisNonceStore(b, { prefix: 'app2:' })
    await appOne.add('shared', 10_000)
    expect(await a.exists('app1:nonce:shared')).toBe(1)
    expect(await appTwo.consume('shared')).toBe(false)
    expect(await appOne.consume('shared')).toBe(true)
  })

  it('a second add of a live nonce does not extend it (NX)', async () => {
    const store = new RedisNonceStore(a)
    await store.add('added-twice', 10_000)
    await store.add('added-twice', 100_000)
    expect(await a.pttl('chainless:nonce:added-twice')).toBeLessThanOrEqual(10_000)
    expect(await store.consume('added-twice')).toBe(true)
    expect(await store.consume('added-twice')).toBe(false)
  })

  it('refuses a non-positive TTL before writing anything', async () => {
    const store = new RedisNonceStore(a)
    await expect(store.add('bad-ttl', 0)).rejects.toThrow(RangeError)
    await expect(store.add('bad-ttl', Number.NaN)).rejects.toThrow(RangeError)
    expect(await a.exists('chainless:nonce:bad-ttl')).toBe(0)
  })
})

describe('RedisReplayStore', () => {
  it('a key claimed by one instance is refused by the other, also concurrently', async () => {
    const one = new RedisReplayStore(a)
    const two = new RedisReplayStore(b)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).claim('k1', 10_000)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await one.claim('k1', 10_000)).toBe(false)
    expect(await two.claim('k2', 10_000)).toBe(true)
  })

  it('odd keys are stored verbatim under the prefix', async () => {
    const store = new RedisReplayStore(a, { prefix: 'p:' })
    const key = 'ключ 🔑\r\n*3\r\n$3\r\nDEL'
    expect(await store.claim(key, 10_000)).toBe(true)
    expect(await a.exists(`p:replay:${key}`)).toBe(1)
    expect(await store.claim(key, 10_000)).toBe(false)
  })
})

describe('Redis down', () => {
  it('every operation fails fast with StoreUnavailableError (never a false accept)', async () => {
    const down = await startRedis()
    const client = new Redis(down.port, '127.0.0.1', {
      commandTimeout: 500,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    })
    client.on('error', () => {}) // expected: the server is stopped below
    await new Promise((resolve) => client.once('ready', resolve))
    await client.ping()
    await down.stop()
    const stores = createRedisStores(client, { timeoutMs: 1_000 })
    const started = Date.now()
    const failures = await Promise.allSettled([
      stores.nonces.add('n1', 1_000),
      stores.nonces.consume('n1'),
      stores.replay.claim('r1', 1_000),
    ])
    expect(Date.now() - started).toBeLessThan(2_000)
    for (const failure of failures) {
      expect(failure.status).toBe('rejected')
      if (failure.status === 'rejected') expect(failure.reason).toBeInstanceOf(StoreUnavailableError)
    }
    client.disconnect()
  })

  it('a client that queues while disconnected is cut off by the store timeout', async () => {
    const down = await startRedis()
    const client = new Redis(down.port, '127.0.0.1', { retryStrategy: () => 50 })
    await client.ping()
    client.on('error', () => {}) // expected: the server is stopped below
    await down.stop()
    const store = new RedisReplayStore(client, { timeoutMs: 200 })
    const started = Date.now()
    await expect(store.claim('r2', 1_000)).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(Date.now() - started).toBeLessThan(1_000)
    client.disconnect()
  })
})
