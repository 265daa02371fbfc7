import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PlatformInputError } from '../../errors.js'
import { createPlatformClient } from '../../platform/create-client.js'
import { createAnalytics } from './analytics.js'
import { AnalyticsClosedError, AnalyticsDeliveryError, AnalyticsQueueFullError } from './errors.js'
import { type Sink, startSink } from './sink.testutil.js'

let sink: Sink
beforeEach(async () => {
  sink = await startSink()
})
afterEach(() => sink.close())

const client = (retries = 2) =>
  createPlatformClient({
    appId: 'analytics-app',
    appKey: 'ck_test_key',
    baseUrl: sink.url,
    retries,
    backoff: { baseMs: 1, maxMs: 5 },
    timeoutMs: 2_000,
  })

describe('createAnalytics', () => {
  it('batches by size: 1,234 events arrive in batches of at most maxBatch, all of them', async () => {
    const analytics = createAnalytics(client(), { maxBatch: 500, flushIntervalMs: 0 })
    const ids = Array.from({ length: 1_234 }, (_, i) => analytics.track('page_view', { userId: `u${i % 7}` }))
    await analytics.close()
    expect(sink.events.size).toBe(1_234)
    expect(new Set(ids).size).toBe(1_234)
    expect(sink.requests).toBe(3)
    expect(sink.largestBatch).toBe(500)
    expect(analytics.pending).toBe(0)
  })

  it('batches by interval', async () => {
    const analytics = createAnalytics(client(), { flushIntervalMs: 30 })
    analytics.track('a')
    analytics.track('b')
    expect(sink.requests).toBe(0)
    await expect.poll(() => sink.events.size, { timeout: 2_000, interval: 10 }).toBe(2)
    expect(sink.requests).toBe(1)
    await analytics.close()
  })

  it('keeps each body within maxBatchBytes', async () => {
    const analytics = createAnalytics(client(), {
      maxBatch: 1_000,
      maxBatchBytes: 64 * 1024,
      flushIntervalMs: 0,
    })
    const properties = { blob: 'x'.repeat(7_000) }
    for (let i = 0; i < 40; i++) analytics.track('big', { properties })
    await analytics.close()
    expect(sink.events.size).toBe(40)
    expect(sink.largestBody).toBeLessThanOrEqual(64 * 1024)
    expect(sink.requests).toBeGreaterThanOrEqual(5)
  })

  it('sends what it was given: a copy of properties, the given timestamp and id', async () => {
    const analytics = createAnalytics(client(), { flushIntervalMs: 0 })
    const properties: Record<string, unknown> = { plan: 'pro', nested: { n: 1 } }
    analytics.track('signup', {
      id: 'my-id',
      userId: '0xabc',
      properties,
      timestamp: new Date(1_700_000_000_000),
    })
    properties.plan = 'changed later'
    await analytics.flush()
    expect(sink.events.get('my-id')).toEqual({
      id: 'my-id',
      name: 'signup',
      userId: '0xabc',
      timestamp: 1_700_000_000_000,
      properties: { plan: 'pro', nested: { n: 1 } },
    })
    await analytics.close()
  })

  it('a lost answer is retried with the same ids: no duplicate effect', async () => {
    sink.failAfterNext = 1
    const analytics = createAnalytics(client(), { flushIntervalMs: 0 })
    for (let i = 0; i < 10; i++) analytics.track('e')
    await analytics.close()
    expect(sink.events.size).toBe(10)
    expect(sink.duplicates).toBe(10)
    expect(sink.requests).toBe(2)
  })

  it('a batch failing past the retry budget stays queued, is reported, and goes on the next flush', async () => {
    const errors: AnalyticsDeliveryError[] = []
    const analytics = createAnalytics(client(1), { flushIntervalMs: 0, onError: (e) => errors.push(e) })
    sink.failNext = 2
    for (let i = 0; i < 5; i++) analytics.track('e')
    await expect(analytics.flush()).rejects.toMatchObject({ dropped: false })
    expect(analytics.pending).toBe(5)
    expect(sink.events.size).toBe(0)
    await analytics.flush()
    expect(sink.events.size).toBe(5)
    expect(analytics.pending).toBe(0)
  })

  it('background failures go to onError with the events kept', async () => {
    const errors: AnalyticsDeliveryError[] = []
    sink.failNext = 100
    const analytics = createAnalytics(client(0), {
      maxBatch: 3,
      flushIntervalMs: 0,
      onError: (e) => errors.push(e),
    })
    for (let i = 0; i < 3; i++) analytics.track('e')
    await expect.poll(() => errors.length, { timeout: 2_000, interval: 10 }).toBe(1)
    expect(errors[0]).toBeInstanceOf(AnalyticsDeliveryError)
    expect(errors[0]?.dropped).toBe(false)
    expect(errors[0]?.events).toHaveLength(3)
    sink.failNext = 0
    await analytics.close()
    expect(sink.events.size).toBe(3)
  })

  it('a batch refused as invalid (400) is dropped and handed to onError, the rest goes on', async () => {
    const errors: AnalyticsDeliveryError[] = []
    sink.rejectNext = 1
    const analytics = createAnalytics(client(), {
      maxBatch: 2,
      flushIntervalMs: 0,
      onError: (e) => errors.push(e),
    })
    analytics.track('a', { id: 'a' })
    analytics.track('b', { id: 'b' })
    analytics.track('c', { id: 'c' })
    await analytics.close()
    expect(errors).toHaveLength(1)
    expect(errors[0]?.dropped).toBe(true)
    expect(errors[0]?.events.map((e) => e.id)).toEqual(['a', 'b'])
    expect([...sink.events.keys()]).toEqual(['c'])
  })

  it('the queue is bounded: track throws AnalyticsQueueFullError (-32005) and queues nothing', async () => {
    sink.failNext = 1_000
    const analytics = createAnalytics(client(0), {
      maxQueue: 100,
      maxBatch: 1_000,
      flushIntervalMs: 0,
      onError: () => {},
    })
    for (let i = 0; i < 100; i++) analytics.track('e')
    let error: unknown
    try {
      analytics.track('one too many')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AnalyticsQueueFullError)
    expect((error as AnalyticsQueueFullError).code).toBe(-32005)
    expect(analytics.pending).toBe(100)
    sink.failNext = 0
    await analytics.close()
    expect(sink.events.size).toBe(100)
  })

  it('the queue is bounded by bytes too', () => {
    const analytics = createAnalytics(client(), {
      maxQueueBytes: 16 * 1024,
      maxBatch: 1_000,
      flushIntervalMs: 0,
    })
    analytics.track('e', { properties: { blob: 'x'.repeat(8_150) } })
    expect(() => analytics.track('e', { properties: { blob: 'x'.repeat(8_150) } })).toThrow(
      AnalyticsQueueFullError,
    )
    expect(analytics.pending).toBe(1)
  })

  it('close() with the platform down rejects with every undelivered event, and a later flush delivers', async () => {
    sink.failNext = 1_000
    const analytics = createAnalytics(client(0), { flushIntervalMs: 0 })
    for (let i = 0; i < 7; i++) analytics.track('e')
    const error = await analytics.close().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnalyticsDeliveryError)
    expect((error as AnalyticsDeliveryError).events).toHaveLength(7)
    expect(() => analytics.track('late')).toThrow(AnalyticsClosedError)
    sink.failNext = 0
    await analytics.flush()
    expect(sink.events.size).toBe(7)
  })

  it('concurrent flushes send each event once', async () => {
    const analytics = createAnalytics(client(), { flushIntervalMs: 0 })
    for (let i = 0; i < 50; i++) analytics.track('e')
    await Promise.all([analytics.flush(), analytics.flush(), analytics.close()])
    expect(sink.events.size).toBe(50)
    expect(sink.duplicates).toBe(0)
  })

  it('refuses bad events with PlatformInputError naming the field, queueing nothing', () => {
    const analytics = createAnalytics(client(), { flushIntervalMs: 0 })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const cases: [string, Parameters<typeof analytics.track>[1], string][] = [
      ['', {}, 'name'],
      ['x'.repeat(129), {}, 'name'],
      ['e', { id: '' }, 'id'],
      ['e', { timestamp: 1.5 }, 'timestamp'],
      ['e', { timestamp: new Date(Number.NaN) }, 'timestamp'],
      ['e', { userId: '' }, 'userId'],
      ['e', { properties: cyclic }, 'properties'],
      ['e', { properties: { big: 1n } as unknown as Record<string, unknown> }, 'properties'],
      ['e', { properties: [] as unknown as Record<string, unknown> }, 'properties'],
      ['e', { properties: { blob: 'x'.repeat(9_000) } }, 'properties'],
      ['e', { properties: { toJSON: () => 'str' } }, 'properties'],
    ]
    for (const [name, options, field] of cases) {
      expect(() => analytics.track(name, options), field).toThrow(PlatformInputError)
      try {
        analytics.track(name, options)
      } catch (e) {
        expect((e as PlatformInputError).field).toBe(field)
      }
    }
    expect(analytics.pending).toBe(0)
  })

  it('refuses out-of-contract options', () => {
    expect(() => createAnalytics(client(), { maxBatch: 1_001 })).toThrow(PlatformInputError)
    expect(() => createAnalytics(client(), { maxBatchBytes: 2 * 1024 * 1024 })).toThrow(PlatformInputError)
    expect(() => createAnalytics(client(), { maxQueue: 0 })).toThrow(PlatformInputError)
  })
})
