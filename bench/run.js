// @ts-check
// `npm run bench` (builds first) or `node bench/run.js` (after `npm run build`): runs every
// benchmark, prints a table, writes bench/results.json and exits 1 when a budget is exceeded.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { fuzzOptionsFromEnv } from '../e2e/support/fuzz-run.js'
import { measureAnalytics } from './analytics.js'
import { measureColdStart } from './coldstart.js'
import { measureDevtoolsOverhead } from './devtools-overhead.js'
import { LONG_FUZZ_MESSAGES, measureBrowserFuzz } from './fuzz.js'
import { measureGetAccessToken } from './get-access-token.js'
import { measureHmac } from './hmac.js'
import { launchChromium } from './lib/browser.js'
import { withinBudget } from './lib/entry.js'
import { startBenchSites } from './lib/sites.js'
import { measureProviderOverhead } from './provider-overhead.js'
import { measureRedisNonce } from './redis-nonce.js'
import { measureRequestLog } from './request-log.js'
import { measureRoundTrip } from './rtt.js'
import { measureSdkSize } from './size.js'
import { measureTxLatency } from './tx-latency.js'
import { measureVerifyToken } from './verify-token.js'

/** @typedef {import('./lib/entry.js').Entry} Entry */

const resultsPath = fileURLToPath(new URL('./results.json', import.meta.url))
const uiKitSize = new URL('./ui-kit-size.js', import.meta.url)

/** @returns {Promise<Entry[]>} */
async function browserBenchmarks() {
  const sites = await startBenchSites()
  const browser = await launchChromium()
  try {
    const before = loadavg()[0] ?? 0
    const entries = [
      ...(await measureRoundTrip(browser, sites)),
      ...(await measureColdStart(browser, sites)),
      ...(await measureProviderOverhead(browser)),
      ...(await measureGetAccessToken(browser)),
    ]
    // Timings depend on what else the machine runs: keep the 1-minute load average with them.
    const machine = {
      cpus: cpus().length,
      loadAverage1m: [before, loadavg()[0] ?? 0].map((l) => Number(l.toFixed(2))),
    }
    for (const entry of entries) entry.detail = { ...entry.detail, machine }
    return entries
  } finally {
    await browser.close()
    await sites.close()
  }
}

/** @returns {Promise<Entry[]>} */
async function sizeBenchmarks() {
  const entries = await measureSdkSize()
  // bench/ui-kit-size.js belongs to the ui-kit; included when present.
  if (existsSync(uiKitSize)) {
    const { measureUiKitSize } = await import(uiKitSize.href)
    entries.push(...(await measureUiKitSize()))
  }
  return entries
}

/** @param {Entry} entry */
function budgetText(entry) {
  if (!entry.budget) return '—'
  const on = entry.ratio === null ? 'value' : 'ratio'
  const { max, min } = entry.budget
  return [max !== undefined && `${on} ≤ ${max}`, min !== undefined && `${on} ≥ ${min}`]
    .filter(Boolean)
    .join(', ')
}

/** @param {Entry[]} entries */
function printTable(entries) {
  const rows = entries.map((e) => [
    e.id,
    `${e.value} ${e.unit}`,
    e.baseline === null ? '—' : `${e.baseline} ${e.unit}`,
    e.ratio === null ? '—' : String(e.ratio),
    budgetText(e),
    withinBudget(e) ? 'ok' : 'OVER BUDGET',
  ])
  const header = ['id', 'value', 'baseline', 'ratio', 'budget', '']
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => /** @type {string} */ (r[i]).length)),
  )
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  console.log(line(header))
  for (const row of rows) console.log(line(row))
}

console.log('Chainless benchmarks: headless Chromium, built packages. The bench host raises the rate limit')
console.log(
  '(capacity 1e9, refill 1e9/s): the default (burst 200, 100/s) would throttle 1,000 calls in flight.\n',
)
/** The long browser fuzz (bench/fuzz.js): a million port messages unless FUZZ_MESSAGES says otherwise. */
async function fuzzBenchmarks() {
  const { seed, messages } = fuzzOptionsFromEnv(LONG_FUZZ_MESSAGES)
  console.log(`Browser fuzz: ${messages} port messages, seed ${seed} (replay: FUZZ_SEED=${seed}); minutes.`)
  const { entries, failures } = await measureBrowserFuzz({ seed, messages })
  for (const line of failures) console.error(`  fuzz: ${line}`)
  return entries
}

const entries = [
  ...(await browserBenchmarks()),
  ...(await measureTxLatency()),
  ...(await measureVerifyToken()),
  ...(await measureHmac()),
  ...(await measureDevtoolsOverhead()),
  ...(await measureRequestLog()),
  ...(await measureAnalytics()),
  ...(await measureRedisNonce()),
  ...(await sizeBenchmarks()),
  ...(await fuzzBenchmarks()),
]
console.log(`(${cpus().length} CPUs, 1-minute load average now ${loadavg()[0]?.toFixed(2)})\n`)
await writeFile(resultsPath, `${JSON.stringify(entries, null, 2)}\n`)
printTable(entries)
const over = entries.filter((e) => !withinBudget(e))
console.log(`\nWrote ${resultsPath}`)
if (over.length > 0) {
  console.error(`Over budget: ${over.map((e) => e.id).join(', ')}`)
  process.exitCode = 1
}
