// The browser fuzz of issue 14, short stream: a fuzzing app mounted by a real wallet page posts
// seeded random messages over its port and to window.parent, beside a well-behaved app. The seed
// is printed; `FUZZ_SEED=<n>` replays a run, `FUZZ_MESSAGES=<n>` lengthens it (`node bench/fuzz.js`
// runs a million).
import { expect, test } from '@playwright/test'
import { describeFailures, fuzzOptionsFromEnv, mb, runBrowserFuzz, WINDOW_SHARE } from './support/fuzz-run.js'
import { type FuzzSites, startFuzzSites } from './support/fuzz-sites.js'

const { seed, messages } = fuzzOptionsFromEnv(20_000)

let sites: FuzzSites
test.beforeAll(async () => {
  sites = await startFuzzSites()
})
test.afterAll(async () => {
  await sites.close()
})

// The title stays the same for every seed (Playwright finds a test by its title in the worker).
test(`browser fuzz: ${messages} port messages, ${Math.ceil(messages * WINDOW_SHARE)} to window.parent`, async ({
  page,
}) => {
  // The short stream takes well under a minute; a long one about 2 ms a message.
  test.setTimeout(90_000 + messages * 2)
  console.log(`browser fuzz: seed ${seed} (replay: FUZZ_SEED=${seed}), ${messages} port messages`)
  const r = await runBrowserFuzz(page, sites, { seed, messages })
  console.log(
    `browser fuzz: port ${r.port.sent} sent, ${r.port.answered}/${r.port.usable} usable ids answered, ${Math.round(r.port.ms)} ms (${Math.round(r.port.generateMs)} generating); window ${r.window.sent} sent; other app's ping max ${r.pings.maxMs} ms over ${r.pings.count}; heap ${mb(r.heap.before)} → ${mb(r.heap.after)} (max ${mb(r.heap.max)})`,
  )
  const failed = describeFailures(r)
  const replay = `seed ${seed}, replay: FUZZ_SEED=${seed} npx playwright test -c e2e/playwright.config.ts e2e/fuzz.spec.ts`
  expect.soft(failed.thrown, `1. nothing an app sends throws in the wallet (${replay})`).toEqual([])
  expect
    .soft(failed.replies, `2. every usable id answered once, in the protocol's shape (${replay})`)
    .toEqual([])
  expect.soft(r.port.answered, `2. the stream reached the guard (${replay})`).toBeGreaterThan(messages / 4)
  expect.soft(failed.pings, `3. the other app's ping stays under 1 s (${replay})`).toEqual([])
  expect.soft(failed.heap, `4. the wallet's heap stays bounded (${replay})`).toEqual([])
  expect.soft(failed.prototypes, `4. shared prototypes untouched (${replay})`).toEqual([])
  expect.soft(failed.apps, `both apps still mounted and connected (${replay})`).toEqual([])
})
