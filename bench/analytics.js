// @ts-check
// Analytics under load: 100,000 events tracked through node-sdk `createAnalytics` (validation, a
// copy of each event, batches of 500, HMAC-signed requests through `createPlatformClient`) into a
// local node:http sink that counts events by id, with the queue bounded (`maxQueue` 10,000: when
// `track` throws AnalyticsQueueFullError the producer awaits `flush()`, the documented back-pressure).
// Baseline, same run: the same 200 bodies of 500 events posted directly with bare `fetch` (no
// signing, no queue). Reported: events/s of both and their ratio; the peak heap growth during the
// SDK run (sampled every 1,000 events); and that every event was delivered exactly once.
// `node --expose-gc bench/analytics.js` (after `npm run build`) runs it alone and merges its entries
// into bench/results.json; `measureAnalytics()` is for bench/run.js.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { cpus, loadavg } from 'node:os'
import { AnalyticsQueueFullError, createAnalytics, createPlatformClient } from '@chainless/node-sdk'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { round } from './lib/stats.js'

/** Events per run; `ANALYTICS_EVENTS` overrides. */
const EVENTS = Number(process.env.ANALYTICS_EVENTS ?? 100_000)
const BATCH = 500
const MAX_QUEUE = 10_000
/** Peak heap growth allowed while tracking, MiB: the queue's bound, not the number of events, sets it. */
const HEAP_BUDGET_MIB = 64

/** A sink that keeps the ids it has seen (duplicates counted, as the platform drops them). */
async function startSink() {
  const seen = new Set()
  const stats = { requests: 0, accepted: 0, duplicates: 0 }
  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      stats.requests++
      const { events } = JSON.parse(Buffer.concat(chunks).toString())
      let accepted = 0
      for (const e of events) {
        if (seen.has(e.id)) stats.duplicates++
        else {
          seen.add(e.id)
          accepted++
        }
      }
      stats.accepted += accepted
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ accepted, duplicates: events.length - accepted }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    stats,
    reset: () => {
      seen.clear()
      Object.assign(stats, { requests: 0, accepted: 0, duplicates: 0 })
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  }
}

/** @param {number} i */
const eventProperties = (i) => ({ path: `/products/${i % 997}`, referrer: 'https://example.com/', n: i })

/** @param {string} url */
async function runSdk(url) {
  const client = createPlatformClient({ appId: 'bench-app', appKey: 'ck_bench_key', baseUrl: url })
  const analytics = createAnalytics(client, { maxBatch: BATCH, maxQueue: MAX_QUEUE, flushIntervalMs: 1_000 })
  globalThis.gc?.()
  const heapStart = process.memoryUsage().heapUsed
  let peak = heapStart
  let fullWaits = 0
  const start = performance.now()
  for (let i = 0; i < EVENTS; i++) {
    const options = { userId: `user-${i % 100}`, properties: eventProperties(i) }
    try {
      analytics.track('page_view', options)
    } catch (error) {
      if (!(error instanceof AnalyticsQueueFullError)) throw error
      fullWaits++
      await analytics.flush()
      analytics.track('page_view', options)
    }
    if (i % 1_000 === 0) {
      peak = Math.max(peak, process.memoryUsage().heapUsed)
      // Yield now and then, as a server between requests: the batches in flight progress.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await analytics.close()
  const ms = performance.now() - start
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  client.close()
  return { ms, heapGrowthMiB: (peak - heapStart) / 2 ** 20, fullWaits }
}

/** @param {string} url */
async function runBare(url) {
  const start = performance.now()
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const events = []
    for (let j = 0; j < BATCH; j++) {
      const i = b * BATCH + j
      events.push({
        id: randomUUID(),
        name: 'page_view',
        timestamp: Date.now(),
        userId: `user-${i % 100}`,
        properties: eventProperties(i),
      })
    }
    const res = await fetch(`${url}/api/v1/analytics/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    })
    await res.arrayBuffer()
  }
  return { ms: performance.now() - start }
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureAnalytics() {
  const sink = await startSink()
  try {
    // Warm-up of both paths (JIT, keep-alive connections), then the measured runs.
    await runBare(sink.url)
    sink.reset()
    const bare = await runBare(sink.url)
    const bareDelivered = sink.stats.accepted
    sink.reset()
    const sdk = await runSdk(sink.url)
    const { accepted, duplicates, requests } = sink.stats
    if (accepted !== EVENTS || bareDelivered !== EVENTS)
      throw new Error(`analytics bench: ${accepted} of ${EVENTS} events delivered (bare: ${bareDelivered})`)
    const value = Math.round((EVENTS * 1000) / sdk.ms)
    const baseline = Math.round((EVENTS * 1000) / bare.ms)
    const machine = { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) }
    return [
      {
        id: 'node-sdk.analytics.throughput',
        value,
        unit: 'events/s',
        baseline,
        ratio: round(value / baseline, 3),
        // Validation, copies and signing cost something; the network and the sink dominate.
        budget: { min: 0.5 },
        detail: {
          what: `${EVENTS} events via createAnalytics (batches of ${BATCH}, signed, maxQueue ${MAX_QUEUE}) vs the same ${EVENTS / BATCH} bodies posted with bare fetch, local node:http sink`,
          delivered: accepted,
          duplicates,
          requests,
          queueFullWaits: sdk.fullWaits,
          sdkMs: Math.round(sdk.ms),
          bareMs: Math.round(bare.ms),
          machine,
        },
      },
      {
        id: 'node-sdk.analytics.heap',
        value: round(sdk.heapGrowthMiB, 1),
        unit: 'MiB',
        baseline: null,
        ratio: null,
        budget: { max: HEAP_BUDGET_MIB },
        detail: {
          what: `peak heap growth while tracking ${EVENTS} events (sampled every 1,000), all delivered; bounded by maxQueue ${MAX_QUEUE}, not by the event count`,
          gcExposed: typeof globalThis.gc === 'function',
          machine,
        },
      },
    ]
  } finally {
    await sink.close()
  }
}

if (isMain(import.meta.url)) {
  const entries = await measureAnalytics()
  await saveAndPrint(entries)
}
