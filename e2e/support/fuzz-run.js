// @ts-check
// Drives the browser fuzz (issue 14): a wallet page mounts the fuzzing app beside a well-behaved one;
// the fuzzing app posts a seeded stream over its port and to window.parent; this checks from the
// outside that the wallet never throws, answers every usable id once with the protocol's shape, keeps
// serving the other app, and that its heap and prototypes stay as they were. Shared by
// e2e/fuzz.spec.ts (short stream) and bench/fuzz.js (long stream).

import { frameOf } from './chromium.js'
/** @typedef {import('../pages/fuzz-app.js').ChunkResult} ChunkResult */
/** @typedef {import('../pages/fuzz-app.js').FuzzViolation} FuzzViolation */
/** @typedef {import('../pages/fuzz-wallet.js').WalletReport} WalletReport */
/** @typedef {import('../pages/fuzz-watch.js').WatchReport} WatchReport */
/** @typedef {import('./fuzz-sites.js').FuzzSites} FuzzSites */
/** @typedef {import('../pages/app.js')} WellBehavedAppPage the js-sdk page: declares `window.sdk` */

/** Port messages per batch: the fuzzing app waits for the batch's replies before the next. */
export const BATCH_SIZE = 100
/** Window messages per batch (paced by one ping over the port). */
export const WINDOW_BATCH_SIZE = 50
/** Window messages per port message, as in the issue's run (60,000 for 1.2 million). */
export const WINDOW_SHARE = 0.05
/** Slowest acceptable `ping` of the well-behaved app, in ms. */
export const PING_LIMIT_MS = 1000
/** Largest acceptable growth of the wallet's heap after a GC, in bytes (generous: 32 MiB). */
export const HEAP_GROWTH_LIMIT = 32 * 1024 * 1024

/** A fresh seed when none is given (`FUZZ_SEED` replays one). */
export const randomSeed = () => Math.floor(Math.random() * 2 ** 31)

/**
 * Reads `FUZZ_SEED` and `FUZZ_MESSAGES` from the environment.
 * @param {number} defaultMessages
 */
export function fuzzOptionsFromEnv(defaultMessages) {
  const seedText = process.env.FUZZ_SEED
  const seed = seedText ? Number(seedText) : randomSeed()
  if (!Number.isInteger(seed)) throw new TypeError(`FUZZ_SEED must be an integer, got ${seedText}`)
  const messages = Number(process.env.FUZZ_MESSAGES ?? defaultMessages)
  if (!Number.isInteger(messages) || messages <= 0) {
    throw new TypeError(`FUZZ_MESSAGES must be a positive integer, got ${process.env.FUZZ_MESSAGES}`)
  }
  return { seed, messages }
}

/**
 * @typedef {object} FuzzResult
 * @property {number} seed
 * @property {Stream} port
 * @property {Stream} window
 * @property {FuzzViolation[]} violations property 2: the first few of each kind (port stream, then the check after the window stream)
 * @property {Record<string, number>} violationCounts property 2: how many of each kind
 * @property {string[]} thrown property 1: page errors, unhandled rejections, the host's onError calls
 * @property {{count: number, maxMs: number, slow: number, failures: string[], slowAt: number[]}} pings property 3 (`slowAt`: ms after the start of the fuzz)
 * @property {number[]} longTasks the wallet's longest tasks, in ms (where its main thread was busy)
 * @property {{before: number, after: number, max: number}} heap property 4: the wallet's used heap after GC
 * @property {string[]} prototypes property 4: changed properties of the shared prototypes
 * @property {string[]} apps apps closed or failing, and apps not in their expected state
 * @property {ReturnType<Window['fuzz']['stats']>} fuzzApp what the fuzzing app got besides replies
 */
/** @typedef {{sent: number, usable: number, answered: number, unsendable: number, ms: number, generateMs: number}} Stream */

/** Batches per `evaluate` call: progress, heap samples and the early stop happen between chunks. */
const CHUNK_BATCHES = 50

/**
 * Runs the fuzz in `page` (a fresh page of a Chromium context) against `sites`. The streams stop
 * after the chunk in which a reply was wrong.
 * @param {import('@playwright/test').Page} page
 * @param {FuzzSites} sites
 * @param {{seed: number, messages: number, log?: (line: string) => void}} options
 * @returns {Promise<FuzzResult>}
 */
export async function runBrowserFuzz(page, sites, { seed, messages, log = () => {} }) {
  /** @type {string[]} */
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.name}: ${error.message}`))
  await page.goto(sites.walletUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate(
    (manifests) => window.fuzzWallet.mount(manifests),
    [sites.manifest('app'), sites.manifest('fuzz')],
  )
  const app = await frameOf(page, sites.origin('app.localhost'))
  const fuzz = await frameOf(page, sites.origin('fuzz.localhost'))
  await app.evaluate(() => window.sdk.ready())
  await fuzz.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  if (!(await fuzz.evaluate(() => window.fuzz.connect()))) throw new Error('The fuzzing app got no welcome')
  await app.evaluate(startPinger)

  const cdp = await page.context().newCDPSession(page)
  const heapUsed = async () => {
    await cdp.send('HeapProfiler.collectGarbage')
    return (await cdp.send('Runtime.getHeapUsage')).usedSize
  }
  const heap = { before: await heapUsed(), after: 0, max: 0 }

  /** @type {FuzzViolation[]} */
  const violations = []
  /** @type {Record<string, number>} */
  const violationCounts = {}
  /** @param {ChunkResult} result @param {Stream} total */
  const collect = (result, total) => {
    total.sent += result.sent
    total.usable += result.usable
    total.answered += result.answered
    total.unsendable += result.unsendable
    total.ms += result.ms
    total.generateMs += result.generateMs
    for (const v of result.violations) {
      if (violations.filter((w) => w.what === v.what).length < 3) violations.push(v)
    }
    for (const [kind, n] of Object.entries(result.violationCounts)) {
      violationCounts[kind] = (violationCounts[kind] ?? 0) + n
    }
  }
  /** @returns {Stream} */
  const stream = () => ({ sent: 0, usable: 0, answered: 0, unsendable: 0, ms: 0, generateMs: 0 })

  const port = stream()
  const portBatches = Math.ceil(messages / BATCH_SIZE)
  for (let from = 0; from < portBatches && violations.length === 0; from += CHUNK_BATCHES) {
    const options = {
      seed,
      from,
      batches: Math.min(CHUNK_BATCHES, portBatches - from),
      batchSize: BATCH_SIZE,
    }
    collect(await fuzz.evaluate((o) => window.fuzz.runPort(o), options), port)
    heap.max = Math.max(heap.max, await heapUsed())
    log(`port: ${port.sent} sent, ${port.answered}/${port.usable} answered, ${Math.round(port.ms)} ms`)
  }

  const win = stream()
  const windowBatches = Math.ceil((messages * WINDOW_SHARE) / WINDOW_BATCH_SIZE)
  for (let from = 0; from < windowBatches && violations.length === 0; from += CHUNK_BATCHES) {
    const options = {
      seed,
      from,
      batches: Math.min(CHUNK_BATCHES, windowBatches - from),
      batchSize: WINDOW_BATCH_SIZE,
    }
    collect(await fuzz.evaluate((o) => window.fuzz.runWindow(o), options), win)
    heap.max = Math.max(heap.max, await heapUsed())
    log(`window: ${win.sent} sent, ${Math.round(win.ms)} ms`)
  }

  // After the window stream (whose look-alike hellos may have replaced the session): the fuzzing
  // app connects again and its port is still answered, exactly once, by the same rules.
  if (violations.length === 0) {
    if (await fuzz.evaluate(() => window.fuzz.connect())) {
      const options = { seed, from: portBatches, batches: 4, batchSize: BATCH_SIZE }
      collect(await fuzz.evaluate((o) => window.fuzz.runPort(o), options), port)
    } else {
      violations.push({ what: 'no welcome after the window stream', index: -1, message: '' })
      violationCounts['no welcome after the window stream'] = 1
    }
  }

  const pings = await app.evaluate(() => window.fuzzPings.stop())
  const fuzzApp = await fuzz.evaluate(() => window.fuzz.stats())
  heap.after = await heapUsed()
  heap.max = Math.max(heap.max, heap.after)
  await cdp.detach()
  /** @type {WatchReport} */
  const watch = JSON.parse(await page.evaluate(() => window.fuzzWatch.report()))
  const wallet = await page.evaluate(() => window.fuzzWallet.report())
  // A hello in a newer major protocol is refused (refuse + the app's `error` event, the wallet's way to
  // learn an app needs a newer host); the app stays connected. Any other app event is a failure.
  const apps = wallet.appEvents.filter((e) => e !== 'fuzz error 4200: Unsupported protocol version')
  for (const appId of ['app', 'fuzz']) {
    const state = wallet.states[appId]
    if (state !== 'ready' && state !== 'connected') apps.push(`${appId} is ${state ?? 'not mounted'}`)
  }
  return {
    seed,
    port,
    window: win,
    violations,
    violationCounts,
    thrown: [
      ...pageErrors,
      ...watch.errors.map((e) => `error: ${e}`),
      ...watch.rejections.map((e) => `unhandled rejection: ${e}`),
      ...wallet.hostErrors.map((e) => `onError: ${e}`),
    ],
    pings,
    heap,
    prototypes: watch.prototypes,
    longTasks: watch.longTasks,
    apps,
    fuzzApp,
  }
}

/**
 * Runs in the well-behaved app: `call('ping')` every 50 ms while the fuzz runs; a ping still
 * pending at `stop()` counts with its age.
 */
function startPinger() {
  const limit = 1000
  const started = performance.now()
  const state = {
    count: 0,
    maxMs: 0,
    slow: 0,
    failures: /** @type {string[]} */ ([]),
    slowAt: /** @type {number[]} */ ([]),
    stopped: false,
  }
  let pendingSince = 0
  const loop = async () => {
    while (!state.stopped) {
      const since = performance.now()
      pendingSince = since
      try {
        await window.sdk.call('ping', undefined)
      } catch (error) {
        state.failures.push(String(/** @type {{code?: unknown}} */ (error)?.code ?? error))
      }
      const ms = performance.now() - since
      pendingSince = 0
      state.count++
      state.maxMs = Math.max(state.maxMs, ms)
      if (ms >= limit) {
        state.slow++
        state.slowAt.push(Math.round(since - started))
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  void loop()
  window.fuzzPings = {
    stop() {
      state.stopped = true
      if (pendingSince > 0) {
        const age = performance.now() - pendingSince
        state.maxMs = Math.max(state.maxMs, age)
        if (age >= limit) state.slow++
      }
      const { count, slow, failures, slowAt } = state
      return { count, maxMs: Math.round(state.maxMs), slow, failures, slowAt }
    },
  }
}

/**
 * What failed, property by property, in short lines (empty arrays when all held).
 * @param {FuzzResult} r
 */
export function describeFailures(r) {
  /** @type {Map<string, number>} */
  const thrown = new Map()
  for (const line of r.thrown) {
    // The message and the first frame that is not the error's own line: enough to find the code.
    const [head = '', ...stack] = line.split('\n')
    const at = stack.find((l) => /^\s+at /.test(l))?.trim() ?? ''
    const key = `${head.slice(0, 200)} ${at}`.trim()
    thrown.set(key, (thrown.get(key) ?? 0) + 1)
  }
  const replies = Object.entries(r.violationCounts).map(([kind, n]) => {
    const first = r.violations.find((v) => v.what.split(':')[0] === kind)
    const example = first
      ? ` — e.g. #${first.index} ${first.what}: ${first.message}${first.reply ? ` → ${first.reply}` : ''}`
      : ''
    return `${n}× ${kind}${example}`.slice(0, 1200)
  })
  const pings = []
  if (r.pings.count === 0) pings.push('no ping completed')
  if (r.pings.slow > 0)
    pings.push(
      `${r.pings.slow} of ${r.pings.count} pings took ≥ ${PING_LIMIT_MS} ms (slowest ${r.pings.maxMs} ms; at ${r.pings.slowAt.slice(0, 5).join(', ')} ms into the run; the wallet's longest tasks: ${r.longTasks.join(', ')} ms)`,
    )
  if (r.pings.failures.length > 0)
    pings.push(`${r.pings.failures.length} pings failed: ${r.pings.failures.slice(0, 5).join(', ')}`)
  const growth = r.heap.after - r.heap.before
  return {
    thrown: [...thrown].map(([key, n]) => `${n}× ${key}`),
    replies,
    pings,
    heap:
      growth > HEAP_GROWTH_LIMIT ? [`grew ${mb(growth)}: ${mb(r.heap.before)} → ${mb(r.heap.after)}`] : [],
    prototypes: r.prototypes,
    apps: r.apps,
  }
}

/** @param {number} bytes */
export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
