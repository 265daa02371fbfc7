// @ts-check
// Bridge round trip (p50, p99) and throughput with 1,000 calls in flight, against a raw MessagePort
// echo between the same two frames, measured in the same page and run.
import { frameOf } from './lib/browser.js'
import { percentile, round } from './lib/stats.js'

/** Sequential round trips per side, after warm-up. */
export const ROUND_TRIPS = 2000
const ROUNDS = 8
const WARMUP = 300
const IN_FLIGHT = 1000
const THROUGHPUT_REPS = 10

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {import('./lib/sites.js').BenchSites} sites
 * @returns {Promise<import('./lib/entry.js').Entry[]>}
 */
export async function measureRoundTrip(browser, sites) {
  const page = await browser.newPage()
  try {
    await page.goto(sites.isolatedWalletUrl)
    await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
    await page.evaluate((manifest) => window.benchWallet.mountApp(manifest), sites.manifest('/rtt'))
    await page.evaluate(() => window.benchWallet.openEchoPort())
    const frame = await frameOf(page, sites.appOrigin)
    const [isolated, resolution] = await frame.evaluate(() => [
      crossOriginIsolated,
      window.benchApp.timerResolution(),
    ])
    const rtt = await frame.evaluate((o) => window.benchApp.roundTrips(o.n, o.rounds, o.warmup), {
      n: ROUND_TRIPS,
      rounds: ROUNDS,
      warmup: WARMUP,
    })
    const tp = await frame.evaluate((o) => window.benchApp.throughput(o.inFlight, o.reps), {
      inFlight: IN_FLIGHT,
      reps: THROUGHPUT_REPS,
    })
    const method = {
      where: 'app frame (app.localhost) in a wallet page (localhost), headless Chromium',
      bridge: "js-sdk call('ping') → runtime-host (guard, rate limit, comlink) → reply",
      baseline: 'raw MessagePort from the wallet page, answered there with the same reply shape',
      rateLimit: 'host created with rateLimit {capacity: 1e9, refillPerSecond: 1e9} (default would throttle)',
      crossOriginIsolated: isolated,
      timerResolutionMs: round(resolution, 4),
    }
    const entries = []
    for (const p of [50, 99]) {
      const value = percentile(rtt.bridge, p)
      const baseline = percentile(rtt.raw, p)
      entries.push({
        id: `bridge.rtt.p${p}`,
        value: round(value),
        unit: 'ms',
        baseline: round(baseline),
        ratio: round(value / baseline, 3),
        budget: p === 50 ? { max: 1.5 } : null,
        detail: {
          ...method,
          calls: rtt.bridge.length,
          warmup: WARMUP,
          interleavedBlocks: ROUNDS,
          // Where the time goes: the baseline's client against the real host (same port as the js-sdk).
          rawClientToHostMs: round(percentile(rtt.rawClient, p)),
          hostShareMs: round(percentile(rtt.rawClient, p) - baseline),
          sdkShareMs: round(value - percentile(rtt.rawClient, p)),
        },
      })
    }
    // Calls per second of each rep; the median rep is reported.
    const rate = (/** @type {number} */ ms) => (IN_FLIGHT / ms) * 1000
    const bridgeRate = percentile(tp.bridge.map(rate), 50)
    const rawRate = percentile(tp.raw.map(rate), 50)
    entries.push({
      id: `bridge.throughput.${IN_FLIGHT}-in-flight`,
      value: Math.round(bridgeRate),
      unit: 'calls/s',
      baseline: Math.round(rawRate),
      ratio: round(bridgeRate / rawRate, 3),
      budget: null,
      detail: { ...method, reps: THROUGHPUT_REPS, statistic: 'median rep', inFlight: IN_FLIGHT },
    })
    return entries
  } finally {
    await page.close()
  }
}
