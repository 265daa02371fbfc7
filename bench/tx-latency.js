// @ts-check
// Transaction latency in the sandbox: from the user's click on Confirm in the wallet's sheet to the
// app's `eth_sendTransaction` answer (signed and accepted by the platform's broadcast) and to the app's
// `txStatus` confirmed event. Real demo wallet, real chain (mines at once), headless Chromium.
// `node bench/tx-latency.js` (after `npm run build`) runs it alone and merges its entries into
// bench/results.json; `measureTxLatency()` is for bench/run.js.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '@chainless/sandbox'
import { bundle } from '../e2e/support/bundle.js'
import { frameOf, launchChromium } from './lib/browser.js'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, percentile, round } from './lib/stats.js'

/** Transactions measured (after one warm-up); `TX_LATENCY_N` overrides. */
export const TX_COUNT = Number(process.env.TX_LATENCY_N ?? 15)
const APP_ID = 'bench-dapp'
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const PRIMARY = /^(Allow|Confirm)$/

/**
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<void>} once the sheet on top is armed and its primary button clicked
 */
async function approve(page) {
  const button = page.locator('dialog[open]').last().getByRole('button', { name: PRIMARY }).last()
  await button.waitFor({ state: 'visible' })
  // Primary actions arm 500 ms after the sheet opens; the click is timed from here, not the sheet.
  for (let i = 0; i < 200 && (await button.getAttribute('aria-disabled')) === 'true'; i++) {
    await page.waitForTimeout(10)
  }
  await button.click()
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureTxLatency() {
  const root = mkdtempSync(join(tmpdir(), 'chainless-bench-tx-'))
  const dir = join(root, 'app')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><script type="module" src="./app.js"></script></body></html>',
  )
  writeFileSync(
    join(dir, 'app.js'),
    await bundle(new URL('../e2e/pages/wallet-dapp.ts', import.meta.url), true),
  )
  const sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
    apps: [{ appId: APP_ID, dir, scopes: ['user:basic', 'tx:sign', 'tx:broadcast'] }],
  })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.goto(sandbox.urls.wallet)
    await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
    // Every click's wall-clock time, taken in the capture phase before the sheet handles it.
    await page.evaluate(() => {
      const w = /** @type {{clicks?: number[]}} */ (/** @type {unknown} */ (window))
      w.clicks = []
      document.addEventListener(
        'click',
        () => w.clicks?.push(performance.timeOrigin + performance.now()),
        true,
      )
    })
    await page.click(`#catalog li[data-app-id="${APP_ID}"] button`)
    await page
      .getByRole('dialog', { name: 'Before you start' })
      .getByRole('button', { name: 'Continue' })
      .click()
    const frame = await frameOf(page, sandbox.appOrigin(APP_ID))
    await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true')
    /** @param {string} method @param {unknown} [params] */
    const request = (method, params) =>
      frame.evaluate(
        async ([m, p]) => {
          const dapp = /** @type {any} */ (window).dapp
          const outcome = await dapp.request(m, p)
          return { outcome, at: performance.timeOrigin + performance.now() }
        },
        /** @type {const} */ ([method, params]),
      )
    const connecting = request('eth_requestAccounts')
    await approve(page)
    const [account] = /** @type {{ result: string[] }} */ ((await connecting).outcome).result
    if (!account) throw new Error('bench: connect failed')

    const broadcastMs = []
    const confirmedMs = []
    for (let i = 0; i <= TX_COUNT; i++) {
      const sending = request('eth_sendTransaction', [{ from: account, to: BOB, value: '0x1' }])
      await approve(page)
      const { outcome, at: answeredAt } = await sending
      if (!outcome.ok) throw new Error(`bench: eth_sendTransaction failed: ${JSON.stringify(outcome)}`)
      const hash = /** @type {string} */ (outcome.result)
      const clickedAt = /** @type {number} */ (
        await page.evaluate(() =>
          /** @type {{clicks: number[]}} */ (/** @type {unknown} */ (window)).clicks.at(-1),
        )
      )
      const confirmedAt = await frame.evaluate(async (h) => {
        const dapp = /** @type {any} */ (window).dapp
        for (let n = 0; n < 600; n++) {
          const event = dapp.events.find(
            (/** @type {any} */ e) =>
              e.event === 'txStatus' && e.data.hash === h && e.data.status === 'confirmed',
          )
          if (event) return /** @type {number} */ (event.at)
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
        throw new Error(`no confirmed txStatus for ${h}`)
      }, hash)
      if (i === 0) continue // warm-up: first gas estimate, first poll timer
      broadcastMs.push(answeredAt - clickedAt)
      confirmedMs.push(confirmedAt - clickedAt)
    }
    const detail = {
      where:
        'demo wallet (runtime host, LocalKeySigner) + test dapp in headless Chromium; sandbox chain mines at once',
      from: "the click on the transaction sheet's Confirm (wallet page, capture phase)",
      transactions: TX_COUNT,
      warmup: 1,
      note: "confirmed waits for the host's status poll (TxTracker pollIntervalMs, default 1000 ms)",
    }
    return [
      {
        id: 'tx.latency.broadcast',
        value: round(median(broadcastMs), 1),
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: null,
        detail: {
          ...detail,
          to: "the app's eth_sendTransaction answer (signed, broadcast accepted)",
          p90: round(percentile(broadcastMs, 90), 1),
          samples: broadcastMs.map((v) => round(v, 1)),
        },
      },
      {
        id: 'tx.latency.confirmed',
        value: round(median(confirmedMs), 1),
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: null,
        detail: {
          ...detail,
          to: "the app's txStatus confirmed event",
          p90: round(percentile(confirmedMs, 90), 1),
          samples: confirmedMs.map((v) => round(v, 1)),
        },
      },
    ]
  } finally {
    await browser.close()
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  const entries = await measureTxLatency()
  await saveAndPrint(entries, (e) => `${e.id}  ${e.value} ${e.unit}  (p90 ${e.detail?.p90} ms)`)
}
