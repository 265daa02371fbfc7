import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { StoreUnavailableError } from '../stores/errors.js'
import { startRedis, type TestRedis } from '../stores/redis-server.testutil.js'
import { createRedisStores } from '../stores/redis-stores.js'
import { signWebhook } from './signature.js'
import { verifyWebhook } from './verify.js'

const APP_KEY = 'redis-app-key'
const text = JSON.stringify({
  id: 'evt_r1',
  type: 'authorization.revoked',
  createdAt: new Date().toISOString(),
  appId: 'shop',
  data: { userId: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', scope: [] },
})

let server: TestRedis
let a: Redis
let b: Redis
beforeAll(async () => {
  server = await startRedis()
  a = new Redis(server.port, '127.0.0.1', { commandTimeout: 1_000, maxRetriesPerRequest: 1 })
  b = new Redis(server.port, '127.0.0.1', { commandTimeout: 1_000, maxRetriesPerRequest: 1 })
})
afterAll(async () => {
  a?.disconnect()
  b?.disconnect()
  await server?.stop()
})

describe('webhook replay across instances sharing Redis', () => {
  it('a delivery accepted by one back-end instance is refused by the other', async () => {
    const request = {
      method: 'POST',
      url: '/hooks',
      headers: signWebhook({ appKey: APP_KEY, path: '/hooks', body: text }),
      rawBody: text,
    }
    const one = createRedisStores(a)
    const two = createRedisStores(b)
    const results = await Promise.allSettled([
      verifyWebhook(request, { appKey: APP_KEY, replayStore: one.replay }),
      verifyWebhook(request, { appKey: APP_KEY, replayStore: two.replay }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(WebhookVerificationError)
    expect(refused?.status === 'rejected' && (refused.reason as WebhookVerificationError).reason).toBe(
      'replayed',
    )
  })

  it('Redis down: StoreUnavailableError, no event returned', async () => {
    const down = await startRedis()
    const client = new Redis(down.port, '127.0.0.1', {
      commandTimeout: 300,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 50,
    })
    await client.ping()
    client.on('error', () => {}) // expected: the server is stopped below
    await down.stop()
    const request = {
      method: 'POST',
      url: '/hooks',
      headers: signWebhook({ appKey: APP_KEY, path: '/hooks', body: text }),
      rawBody: text,
    }
    await expect(
      verifyWebhook(request, {
        appKey: APP_KEY,
        replayStore: createRedisStores(client, { timeoutMs: 500 }).replay,
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError)
    client.disconnect()
  })
})
