// @ts-check
// The long browser fuzz (issue 14): the same code as e2e/fuzz.spec.ts, a million port messages (and
// 50,000 to window.parent) by default. `node bench/fuzz.js` alone (after `npm run build`), or as part
// of `npm run bench`. FUZZ_MESSAGES=<n> sets the length, FUZZ_SEED=<n> replays a run.
import { pathToFileURL } from 'node:url'
import { describeFailures, fuzzOptionsFromEnv, mb, runBrowserFuzz } from '../e2e/support/fuzz-run.js'
import { startFuzzSites } from '../e2e/support/fuzz-sites.js'
import { launchChromium } from './lib/browser.js'

/** Port messages of the long run. */
export const LONG_FUZZ_MESSAGES = 1_000_000

/**
 * Runs the long fuzz in its own browser and sites; returns the bench entries and the failures.
 * @param {{seed: number, messages: number, log?: (line: string) => void}} options
 * @returns {Promise<{entries: import('./lib/entry.js').Entry[], failures: string[]}>}
 */
export async function measureBrowserFuzz({ seed, messages, log = () => {} }) {
  const sites = await startFuzzSites()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const started = performance.now()
    const r = await runBrowserFuzz(page, sites, { seed, messages, log })
    const seconds = (performance.now() - started) / 1000
    const failed = describeFailures(r)
    const failures = Object.entries(failed).flatMap(([property, lines]) =>
      lines.map((l) => `${property}: ${l}`),
    )
    const detail = {
      seed,
      replay: `FUZZ_SEED=${seed} FUZZ_MESSAGES=${messages} node bench/fuzz.js`,
      port: r.port,
      window: r.window,
      pings: r.pings,
      heapBytes: r.heap,
      walletLongestTasksMs: r.longTasks,
      fuzzApp: r.fuzzApp,
      seconds: Math.round(seconds),
      failures: failures.slice(0, 20),
    }
    /** @type {import('./lib/entry.js').Entry[]} */
    const entries = [
      {
        id: 'fuzz.browser.failures',
        value: failures.length,
        unit: 'properties broken',
        baseline: null,
        ratio: null,
        budget: { max: 0 },
        detail,
      },
      {
        id: 'fuzz.browser.rate',
        value: Math.round(r.port.sent / (r.port.ms / 1000)),
        unit: 'port messages/s',
        baseline: null,
        ratio: null,
        budget: null,
        detail: { seed, messages, note: 'generated, posted and answered, paced by batches of replies' },
      },
      {
        id: 'fuzz.browser.ping.max',
        value: r.pings.maxMs,
        unit: 'ms',
        baseline: null,
        ratio: null,
        budget: { max: 1000 },
        detail: { seed, pings: r.pings.count },
      },
      {
        id: 'fuzz.browser.heap.growth',
        value: Number(((r.heap.after - r.heap.before) / 1024 / 1024).toFixed(2)),
        unit: 'MiB',
        baseline: null,
        ratio: null,
        budget: { max: 32 },
        detail: { seed, before: mb(r.heap.before), after: mb(r.heap.after), max: mb(r.heap.max) },
      },
    ]
    return { entries, failures }
  } finally {
    await browser.close()
    await sites.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { seed, messages } = fuzzOptionsFromEnv(LONG_FUZZ_MESSAGES)
  console.log(`browser fuzz: seed ${seed} (replay: FUZZ_SEED=${seed}), ${messages} port messages`)
  const { entries, failures } = await measureBrowserFuzz({
    seed,
    messages,
    log: (l) => console.log(`  ${l}`),
  })
  for (const e of entries) console.log(`${e.id}: ${e.value} ${e.unit}`)
  if (failures.length > 0) {
    console.error(`\nFAILED (replay: FUZZ_SEED=${seed} FUZZ_MESSAGES=${messages} node bench/fuzz.js):`)
    for (const line of failures) console.error(`  ${line}`)
    process.exitCode = 1
  }
}
