// @ts-check
// The EIP-1193 provider's overhead: `provider.request({ method: 'eth_chainId' })` against a direct
// `call('walletRequest', { method: 'eth_chainId' })`, from the same app frame to the same minimal host,
// interleaved in one run (bench/pages/provider-*.ts). Budget: p50 ratio ≤ 1.1.
// Run alone: `node bench/provider-overhead.js` (after `npm run build`).
import { pathToFileURL } from 'node:url'
import { frameOf, launchChromium } from './lib/browser.js'
import { bundlePage } from './lib/bundle.js'
import { html, ISOLATED, js, startSites } from './lib/server.js'
import { percentile, round } from './lib/stats.js'

const ROUND_TRIPS = 2000
const ROUNDS = 8
const WARMUP = 300

/**
 * @param {import('@playwright/test').Browser} browser
 * @returns {Promise<import('./lib/entry.js').Entry[]>}
 */
export async function measureProviderOverhead(browser) {
  const [hostJs, appJs] = await Promise.all([bundlePage('provider-host.ts'), bundlePage('provider-app.ts')])
  const sites = await startSites({
    localhost: { '/': html({ src: '/host.js', headers: ISOLATED }), '/host.js': js(hostJs) },
    'app.localhost': { '/provider': html({ src: '/app.js', headers: ISOLATED }), '/app.js': js(appJs) },
  })
  const page = await browser.newPage()
  try {
    const appOrigin = sites.origin('app.localhost')
    await page.goto(`${sites.origin('localhost')}/?app=${encodeURIComponent(appOrigin)}`)
    const frame = await frameOf(page, appOrigin)
    await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true')
    const { samples, crossOriginIsolated } = await frame.evaluate(
      (o) => window.benchProvider.roundTrips(o.n, o.rounds, o.warmup),
      { n: ROUND_TRIPS, rounds: ROUNDS, warmup: WARMUP },
    )
    const detail = {
      where: 'app frame (app.localhost) in a host page (localhost), headless Chromium',
      value: "getProvider().request({ method: 'eth_chainId' })",
      baseline: "call('walletRequest', { method: 'eth_chainId' }) (same bridge, same host, same reply)",
      host: 'a minimal host page answering every call at once (bench/pages/provider-host.ts): the js-sdk cost only',
      crossOriginIsolated,
      calls: samples.provider.length,
      warmup: WARMUP,
      interleavedBlocks: ROUNDS,
    }
    return [50, 99].map((p) => {
      const value = percentile(samples.provider, p)
      const baseline = percentile(samples.direct, p)
      return {
        id: `js-sdk.provider.overhead.p${p}`,
        value: round(value),
        unit: 'ms',
        baseline: round(baseline),
        ratio: round(value / baseline, 3),
        budget: p === 50 ? { max: 1.1 } : null,
        detail,
      }
    })
  } finally {
    await page.close()
    await sites.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const browser = await launchChromium()
  try {
    console.log(JSON.stringify(await measureProviderOverhead(browser), null, 2))
  } finally {
    await browser.close()
  }
}
