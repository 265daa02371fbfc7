// Analytics against the real sandbox platform API (packages/sandbox, built dist): events counted by
// the sandbox itself, a lost answer injected with its knobs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, openStore, type PlatformApi, type Store, startPlatformApi } from '@chainless/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformClient } from '../../platform/create-client.js'
import { createAnalytics } from './analytics.js'

let dataDir: string
let store: Store
let api: PlatformApi
let app: { appId: string; appKey: string }

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'node-sdk-analytics-'))
  store = openStore({ dataDir, reset: true })
  const created = createApp(store, {
    name: 'Analytics test',
    origin: 'http://analytics-test.localhost:8090',
    scopes: [],
  })
  app = { appId: created.appId, appKey: created.appKey }
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://localhost:1',
    chain: { rpcUrl: 'http://127.0.0.1:1', chainId: 31337 },
    rateLimit: false,
    onError: () => undefined,
  })
})
afterAll(async () => {
  await api?.close()
  store?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const admin = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(`${api.url}${path}`, init)
  expect(res.ok).toBe(true)
  return (await res.json()) as T
}
const counted = () =>
  admin<{ count: number }>(`/__sandbox/analytics?appId=${app.appId}&limit=1`).then((r) => r.count)

describe('analytics against the sandbox', () => {
  it('every tracked event is stored once, across batches', async () => {
    const client = createPlatformClient({ ...app, baseUrl: api.url })
    const analytics = createAnalytics(client, { maxBatch: 400, flushIntervalMs: 0 })
    for (let i = 0; i < 1_001; i++)
      analytics.track('page_view', {
        userId: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
        properties: { i },
      })
    await analytics.close()
    expect(await counted()).toBe(1_001)
    const { events } = await admin<{ events: { name: string; properties: { i: number } }[] }>(
      `/__sandbox/analytics?appId=${app.appId}&limit=1`,
    )
    expect(events[0]?.name).toBe('page_view')
  })

  it('an answer lost after the effect (knob failAfterNext): retried, no duplicate stored', async () => {
    const before = await counted()
    await admin('/__sandbox/knobs', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackEvents: { failAfterNext: 1 } }),
    })
    const client = createPlatformClient({ ...app, baseUrl: api.url, backoff: { baseMs: 1, maxMs: 10 } })
    const analytics = createAnalytics(client, { flushIntervalMs: 0 })
    for (let i = 0; i < 25; i++) analytics.track('retried')
    await analytics.close()
    expect((await counted()) - before).toBe(25)
    await admin('/__sandbox/knobs', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  })

  it('a failure before the effect past the retry budget keeps the events for the next flush', async () => {
    const before = await counted()
    await admin('/__sandbox/knobs', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackEvents: { failNext: 2 } }),
    })
    const client = createPlatformClient({
      ...app,
      baseUrl: api.url,
      retries: 1,
      backoff: { baseMs: 1, maxMs: 10 },
    })
    const analytics = createAnalytics(client, { flushIntervalMs: 0 })
    for (let i = 0; i < 5; i++) analytics.track('kept')
    await expect(analytics.flush()).rejects.toMatchObject({ dropped: false })
    expect(analytics.pending).toBe(5)
    await analytics.close()
    expect((await counted()) - before).toBe(5)
  })
})
