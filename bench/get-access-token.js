// @ts-check
// 1,000 concurrent `getAccessToken()` (js-sdk auth entry, in an app frame in headless Chromium) across
// an expiry: the cached token is inside its 5-minute refresh margin, so every caller needs a new one.
// The host page answers `authGetAccessToken` the way the wallet does across an expiry — one refresh
// POST to the platform's token endpoint (a counting node:http route here) — and every round must show
// exactly ONE bridge call and ONE refresh request for the 1,000 callers. The wall time of those 1,000
// is compared with a baseline measured in the same round: 1,000 concurrent `getAccessToken()` served
// from the token already cached (no bridge, no network), i.e. the floor of 1,000 awaits.
// `node bench/get-access-token.js` (after `npm run build`) runs it alone and merges its entries into
// bench/results.json; `measureGetAccessToken(browser)` is for bench/run.js.
import { cpus, loadavg } from 'node:os'
import { frameOf, launchChromium } from './lib/browser.js'
import { bundleEntry } from './lib/bundle.js'
import { html, js, startSites } from './lib/server.js'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

const CALLERS = Number(process.env.GET_ACCESS_TOKEN_CALLERS ?? 1000)
const ROUNDS = Number(process.env.GET_ACCESS_TOKEN_ROUNDS ?? 7)
/** Tokens live 5 min (the js-sdk's refresh margin) plus this: fresh just long enough for the baseline. */
const FRESH_MS = 1500

// The app: the real js-sdk auth entry, bundled from the BUILT package.
const APP_ENTRY = `
import { ready } from '@chainless/js-sdk'
import { getAccessToken } from '@chainless/js-sdk/auth'
window.benchAuth = {
  async concurrent(n) {
    const t0 = performance.now()
    const tokens = await Promise.all(Array.from({ length: n }, () => getAccessToken()))
    return { ms: performance.now() - t0, distinct: new Set(tokens).size }
  },
}
ready().then(() => { document.documentElement.dataset.ready = 'true' })
`

// The host: handshake, then per authGetAccessToken one refresh at the "platform" (same origin).
const HOST = `
const appOrigin = new URL(location.href).searchParams.get('app')
const freshMs = Number(new URL(location.href).searchParams.get('fresh'))
const iframe = document.createElement('iframe')
iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin')
window.benchHost = { bridgeCalls: 0 }
addEventListener('message', (event) => {
  if (event.source !== iframe.contentWindow || event.data?.type !== 'chainless:hello') return
  const { port1, port2 } = new MessageChannel()
  port1.onmessage = async ({ data }) => {
    let value = null
    if (data.path[0] === 'authGetAccessToken') {
      window.benchHost.bridgeCalls++
      const response = await fetch('/oauth/token', {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt', client_id: 'bench' }),
      })
      const answer = await response.json()
      value = { accessToken: answer.access_token, expiresAt: Date.now() + 5 * 60000 + freshMs, scope: ['user:basic'] }
    }
    port1.postMessage({ id: data.id, type: 'RAW', value })
  }
  const context = {
    app: { appId: 'bench', name: 'Bench', version: '1.0.0', origin: appOrigin },
    host: { name: 'Bench', version: '0.0.0', platform: 'web' },
    locale: 'en', theme: 'light',
    safeAreaInsets: { top: 0, right: 0, bottom: 0, left: 0 },
    launchParams: {},
  }
  iframe.contentWindow.postMessage(
    { type: 'chainless:welcome', protocol: '1.0', context, capabilities: ['ready', 'authGetAccessToken', 'authLogout'] },
    appOrigin,
    [port2],
  )
})
iframe.src = appOrigin + '/'
document.body.append(iframe)
`

/**
 * @param {import('@playwright/test').Browser} browser
 * @returns {Promise<import('./lib/entry.js').Entry[]>}
 */
export async function measureGetAccessToken(browser) {
  const appJs = new TextDecoder().decode(await bundleEntry(APP_ENTRY))
  let refreshes = 0
  let issued = 0
  const sites = await startSites({
    localhost: {
      '/': html({ inline: HOST }),
      '/oauth/token': (req, res) => {
        req.resume()
        req.on('end', () => {
          refreshes++
          issued++
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          res.end(JSON.stringify({ access_token: `bench-token-${issued}`.padEnd(40, '.'), expires_in: 900 }))
        })
      },
    },
    'app.localhost': { '/': html({ src: '/app.js' }), '/app.js': js(appJs) },
  })
  const page = await browser.newPage()
  try {
    const appOrigin = sites.origin('app.localhost')
    await page.goto(`${sites.origin('localhost')}/?app=${encodeURIComponent(appOrigin)}&fresh=${FRESH_MS}`)
    const frame = await frameOf(page, appOrigin)
    await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true')
    /** @param {number} n */
    const concurrent = (n) =>
      frame.evaluate(
        (k) =>
          /** @type {{ benchAuth: { concurrent(n: number): Promise<{ ms: number, distinct: number }> } }} */ (
            /** @type {unknown} */ (window)
          ).benchAuth.concurrent(k),
        n,
      )
    const bridgeCalls = () =>
      page.evaluate(
        () =>
          /** @type {{ benchHost: { bridgeCalls: number } }} */ (/** @type {unknown} */ (window)).benchHost
            .bridgeCalls,
      )
    await concurrent(CALLERS) // warm-up: the first token, JIT
    /** @type {number[]} */
    const expiryMs = []
    /** @type {number[]} */
    const cachedMs = []
    /** @type {{ refreshes: number, bridgeCalls: number, distinct: number, cachedBridgeCalls: number }[]} */
    const perRound = []
    for (let r = 0; r < ROUNDS; r++) {
      // Past the cached token's refresh margin: every caller of this round needs a new token.
      await new Promise((done) => setTimeout(done, FRESH_MS + 100))
      const refreshesBefore = refreshes
      const callsBefore = await bridgeCalls()
      const across = await concurrent(CALLERS)
      const callsAfter = await bridgeCalls()
      // The baseline at once, while the new token is fresh: 1,000 awaits of the cached token.
      const cached = await concurrent(CALLERS)
      const cachedBridgeCalls = (await bridgeCalls()) - callsAfter
      expiryMs.push(across.ms)
      cachedMs.push(cached.ms)
      perRound.push({
        refreshes: refreshes - refreshesBefore,
        bridgeCalls: callsAfter - callsBefore,
        distinct: across.distinct,
        cachedBridgeCalls,
      })
    }
    const value = median(expiryMs)
    const baseline = median(cachedMs)
    const detail = {
      what: `${CALLERS} concurrent getAccessToken() across an expiry (one bridge call, one refresh POST) vs ${CALLERS} concurrent getAccessToken() of the cached token, same frame, same round`,
      where:
        'app frame (app.localhost) in a minimal host page (localhost) that refreshes over HTTP, headless Chromium',
      rounds: ROUNDS,
      perRound,
      expiryMs: expiryMs.map((v) => round(v, 2)),
      cachedMs: cachedMs.map((v) => round(v, 2)),
      machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
    }
    const worst = Math.max(...perRound.map((p) => Math.max(p.refreshes, p.bridgeCalls, p.distinct)))
    const fewest = Math.min(...perRound.map((p) => Math.min(p.refreshes, p.bridgeCalls, p.distinct)))
    return [
      {
        id: 'js-sdk.get-access-token.expiry-1000',
        value: round(value, 2),
        unit: 'ms',
        baseline: round(baseline, 2),
        ratio: round(value / baseline, 2),
        budget: null,
        detail,
      },
      {
        // Exactly one: fewer means a caller got a stale token, more means callers were not joined.
        id: 'js-sdk.get-access-token.refreshes-per-expiry',
        value: fewest < 1 ? fewest : worst,
        unit: 'requests',
        baseline: null,
        ratio: null,
        budget: { min: 1, max: 1 },
        detail: { perRound, callers: CALLERS },
      },
    ]
  } finally {
    await page.close()
    await sites.close()
  }
}

if (isMain(import.meta.url)) {
  const browser = await launchChromium()
  let entries
  try {
    entries = await measureGetAccessToken(browser)
  } finally {
    await browser.close()
  }
  await saveAndPrint(entries)
}
