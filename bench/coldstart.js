// @ts-check
// Cold start: iframe created → `ready()` resolved, against an empty page on the app origin posting
// one message; all measured in the wallet page, interleaved, median of 30 each.
import { median, round } from './lib/stats.js'

/** Samples per side. */
export const COLD_STARTS = 30
const WARMUP = 3

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {import('./lib/sites.js').BenchSites} sites
 * @returns {Promise<import('./lib/entry.js').Entry[]>}
 */
export async function measureColdStart(browser, sites) {
  const page = await browser.newPage()
  try {
    await page.goto(sites.walletUrl)
    await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
    /** @param {string} path */
    const runBridge = (path) =>
      page.evaluate((m) => window.benchWallet.coldStartBridge(m), sites.manifest(path))
    /** @param {string} path */
    const runEmpty = (path) =>
      page.evaluate((url) => window.benchWallet.coldStartEmpty(url), `${sites.appOrigin}${path}`)
    /** @type {Awaited<ReturnType<typeof runBridge>>[]} */
    const bridge = []
    /** @type {Awaited<ReturnType<typeof runBridge>>[]} */
    const bridgeModule = []
    /** @type {number[]} */
    const empty = []
    /** @type {number[]} */
    const emptyModule = []
    /** @type {number[]} */
    const echo = []
    for (let i = 0; i < COLD_STARTS + WARMUP; i++) {
      // Rotate the order so drift hits every kind alike; the first WARMUP rounds are dropped.
      /** @type {(() => Promise<void>)[]} */
      const kinds = [
        async () => void bridge.push(await runBridge('/ready')),
        async () => void bridgeModule.push(await runBridge('/ready-module')),
        async () => void empty.push(await runEmpty('/empty')),
        async () => void emptyModule.push(await runEmpty('/empty-module')),
        async () => void echo.push(await runEmpty('/echo')),
      ]
      for (let k = 0; k < kinds.length; k++) await kinds[(i + k) % kinds.length]?.()
      if (i < WARMUP)
        for (const samples of [bridge, bridgeModule, empty, emptyModule, echo]) samples.length = 0
    }
    const resolved = median(bridge.map((s) => s.readyResolved))
    const baseline = median(empty)
    const oneRoundTrip = median(echo)
    return [
      {
        id: 'bridge.coldstart',
        value: round(resolved - baseline, 2),
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: { max: 15 },
        detail: {
          statistic: `median of ${COLD_STARTS} each (${WARMUP} warm-up rounds dropped); value = bridge − empty page`,
          bridgeMedianMs: round(resolved, 2),
          emptyPageMedianMs: round(baseline, 2),
          moduleAppMedianMs: round(median(bridgeModule.map((s) => s.readyResolved)), 2),
          emptyModulePageMedianMs: round(median(emptyModule), 2),
          // Medians of each step of the bridge's timeline, ms after the iframe was created.
          bridgeTimelineMedianMs: Object.fromEntries(
            /** @type {const} */ ([
              'scriptStart',
              'hostConnected',
              'welcome',
              'hostReady',
              'resolved',
              'readyResolved',
            ]).map((step) => [step, round(median(bridge.map((s) => s[step])), 2)]),
          ),
          bridge:
            "wallet page: before host.mount() → the app's message posted when ready() resolved (the app imports only ready; minified; external module script)",
          baseline:
            'wallet page: iframe (same sandbox) created → the one message of an empty page (inline script)',
          emptyModulePage:
            'the empty page posting from an external module script instead: the cost of any app script',
          timeline:
            'scriptStart: app script runs; hostConnected: host handled hello; welcome: app got the port; hostReady: host got the ready call; resolved: ready() resolved in the app; readyResolved: its message arrived',
          caching: 'cache-control: no-store on every response, for all kinds',
        },
      },
      {
        // Report-only: what the bridge costs beyond the floor of any hello → welcome protocol.
        id: 'bridge.coldstart.over-one-round-trip',
        value: round(resolved - oneRoundTrip, 2),
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: null,
        detail: {
          statistic: `median of ${COLD_STARTS} each; value = bridge − echo page`,
          echoPageMedianMs: round(oneRoundTrip, 2),
          oneRoundTripAtLoadMs: round(oneRoundTrip - baseline, 2),
          echoPage:
            'an inline script posts one message to the wallet, which answers at once; on the answer it posts the final message: the least any handshake that waits for the host can cost',
        },
      },
    ]
  } finally {
    await page.close()
  }
}
