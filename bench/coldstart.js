// @ts-check
// Cold start: iframe created → `ready()` resolved, against an empty page on the app origin posting
// one message; both measured in the wallet page, interleaved, median of 30 each.
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
    const manifest = sites.manifest('/ready')
    const emptyUrl = `${sites.appOrigin}/empty`
    /** @type {{hostReady: number, readyResolved: number}[]} */
    const bridge = []
    /** @type {number[]} */
    const empty = []
    for (let i = 0; i < COLD_STARTS + WARMUP; i++) {
      // Alternate which goes first so drift hits both alike; the first WARMUP pairs are dropped.
      const runBridge = () => page.evaluate((m) => window.benchWallet.coldStartBridge(m), manifest)
      const runEmpty = () => page.evaluate((url) => window.benchWallet.coldStartEmpty(url), emptyUrl)
      let b
      let e
      if (i % 2 === 0) {
        b = await runBridge()
        e = await runEmpty()
      } else {
        e = await runEmpty()
        b = await runBridge()
      }
      if (i < WARMUP) continue
      bridge.push(b)
      empty.push(e)
    }
    const resolved = median(bridge.map((s) => s.readyResolved))
    const hostReady = median(bridge.map((s) => s.hostReady))
    const baseline = median(empty)
    return [
      {
        id: 'bridge.coldstart',
        value: round(resolved - baseline, 2),
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: { max: 15 },
        detail: {
          statistic: `median of ${COLD_STARTS} (after ${WARMUP} dropped), value = bridge − empty page`,
          bridgeMedianMs: round(resolved, 2),
          emptyPageMedianMs: round(baseline, 2),
          hostReadyEventMedianMs: round(hostReady, 2),
          bridge:
            "wallet page: before host.mount() → the app's message posted when ready() resolved (app imports only ready, minified, external module script)",
          baseline:
            'wallet page: iframe (same sandbox) created → the message of an empty page (inline script)',
          caching: 'cache-control: no-store on every response, both sides',
        },
      },
    ]
  } finally {
    await page.close()
  }
}
