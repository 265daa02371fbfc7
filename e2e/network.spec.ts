// The js-sdk network entry end to end in Chromium against the real sandbox: an app inside the demo
// wallet logs in (the wallet keeps its tokens) and calls the platform API (GET /api/v1/userinfo)
// through `createFetch`, with its access token; the sandbox's knobs (PUT /__sandbox/knobs from the test)
// inject 503s, a 429 with Retry-After and errors, and the module retries, waits and types them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '@chainless/sandbox'
import { test as base, type Frame, type Page } from '@playwright/test'
import type { NetCall, NetOutcome } from './pages/network-app.js'
import { bundle } from './support/bundle.js'
import { approve, openApp, openWallet } from './support/wallet-page.js'
import type { WalletSandbox } from './support/wallet-sandbox.js'

const APP = 'network-app'

/** The sandbox with this spec's app only (the shared test apps are not needed here). */
const test = base.extend<object, { wallet: WalletSandbox }>({
  wallet: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const root = mkdtempSync(join(tmpdir(), 'chainless-network-e2e-'))
      const dir = join(root, 'apps', APP)
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(dir, 'index.html'),
        `<!doctype html><html><head><meta charset="utf-8"><title>${APP}</title></head><body><script type="module" src="./app.js"></script></body></html>`,
      )
      writeFileSync(join(dir, 'app.js'), await bundle(new URL('./pages/network-app.ts', import.meta.url)))
      const sandbox = await startSandbox({
        ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
        dataDir: join(root, 'data'),
        reset: true,
        apps: [{ appId: APP, dir, name: APP, scopes: ['user:basic'] }],
      })
      const wallet = {
        sandbox,
        walletUrl: sandbox.urls.wallet,
        origin: (appId: string) => sandbox.appOrigin(appId),
        chain: () => Promise.reject(new Error('not used')),
        close: () => sandbox.close(),
      } as WalletSandbox
      await use(wallet)
      await sandbox.close()
      rmSync(root, { recursive: true, force: true })
    },
    { scope: 'worker', timeout: 120_000 },
  ],
})
const { expect } = test

test.describe.configure({ mode: 'serial', timeout: 90_000 })

type NetWindow = Window & {
  networkApp: {
    live: NetOutcome['retries']
    login(): Promise<string[]>
    request(call: NetCall): Promise<NetOutcome>
  }
}

/** Sets the platform's knobs (replacing all) from the test process, as a non-browser admin caller. */
async function knobs(wallet: WalletSandbox, value: object): Promise<void> {
  const response = await fetch(`${wallet.sandbox.urls.api}/__sandbox/knobs`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })
  expect(response.status, await response.text()).toBe(200)
}

const userinfo = (frame: Frame, wallet: WalletSandbox, call: Partial<NetCall> = {}) =>
  frame.evaluate((c) => (window as unknown as NetWindow).networkApp.request(c), {
    baseUrl: wallet.sandbox.urls.api,
    path: '/api/v1/userinfo',
    ...call,
  })

let page: Page
let frame: Frame

test.beforeAll(async ({ browser, wallet }) => {
  page = await browser.newPage()
  await openWallet(page, wallet)
  frame = await openApp(page, wallet, APP)
  // login: the wallet asks once (consent), then keeps the app's tokens.
  const scopes = frame.evaluate(() => (window as unknown as NetWindow).networkApp.login())
  await approve(page)
  expect(await scopes).toEqual(['user:basic'])
})
test.afterAll(() => page?.close())
test.afterEach(({ wallet }) => knobs(wallet, {}))

test('the access token reaches the platform: GET /api/v1/userinfo answers the account', async ({
  wallet,
}) => {
  const outcome = await userinfo(frame, wallet)
  expect(outcome).toMatchObject({ ok: true, status: 200, retries: [] })
  const account = wallet.sandbox.chain.accounts[0]!.address
  expect((outcome as { body: { address: string } }).body.address.toLowerCase()).toBe(account.toLowerCase())
})

test('two injected 503s (failNext) → retried after Retry-After, then the answer', async ({ wallet }) => {
  await knobs(wallet, { getUserInfo: { failNext: 2, retryAfterSeconds: 1 } })
  const outcome = await userinfo(frame, wallet)
  expect(outcome, JSON.stringify(outcome)).toMatchObject({
    ok: true,
    status: 200,
    retries: [
      { retry: 1, delayMs: 1000, status: 503 },
      { retry: 2, delayMs: 1000, status: 503 },
    ],
  })
  expect(outcome.elapsedMs).toBeGreaterThanOrEqual(1900)
})

test('a 429 with Retry-After: 2 is waited for, then the retry succeeds', async ({ wallet }) => {
  await knobs(wallet, { getUserInfo: { status: 429, retryAfterSeconds: 2 } })
  const pending = userinfo(frame, wallet)
  // The first answer is the 429: once the module reports its wait, the platform recovers.
  await expect
    .poll(() => frame.evaluate(() => (window as unknown as NetWindow).networkApp.live.length))
    .toBe(1)
  await knobs(wallet, {})
  const outcome = await pending
  expect(outcome, JSON.stringify(outcome)).toMatchObject({
    ok: true,
    status: 200,
    retries: [{ retry: 1, delayMs: 2000, status: 429 }],
  })
  expect(outcome.elapsedMs).toBeGreaterThanOrEqual(1900)
})

test('attempts are bounded: 1 + retries, then the typed error with code and requestId', async ({
  wallet,
}) => {
  await knobs(wallet, { getUserInfo: { failNext: 10, retryAfterSeconds: 0 } })
  const outcome = await userinfo(frame, wallet, { retries: 2 })
  expect(outcome, JSON.stringify(outcome)).toMatchObject({
    ok: false,
    name: 'PlatformError',
    code: 'injected_failure',
    status: 503,
    retries: [{ retry: 1 }, { retry: 2 }],
  })
  expect((outcome as { requestId?: string }).requestId).toMatch(/\S/)
  // Exactly three attempts reached the platform: 7 of the 10 injected failures are left.
  const left = (await (await fetch(`${wallet.sandbox.urls.api}/__sandbox/knobs`)).json()) as {
    getUserInfo?: { failNext?: number }
  }
  expect(left.getUserInfo?.failNext).toBe(7)
})

test('a Retry-After above maxDelayMs is not waited for: the 429 reaches the app typed', async ({
  wallet,
}) => {
  await knobs(wallet, { getUserInfo: { status: 429, retryAfterSeconds: 120 } })
  const outcome = await userinfo(frame, wallet, { maxDelayMs: 5000 })
  expect(outcome, JSON.stringify(outcome)).toMatchObject({
    ok: false,
    name: 'PlatformError',
    code: 'forced_status',
    status: 429,
    retryAfterMs: 120_000,
    retries: [],
  })
})

test("the platform's own problem (no token → 401 invalid_token) is typed, not retried", async ({
  wallet,
}) => {
  const outcome = await userinfo(frame, wallet, { token: false })
  expect(outcome, JSON.stringify(outcome)).toMatchObject({
    ok: false,
    name: 'PlatformError',
    code: 'invalid_token',
    status: 401,
    retries: [],
  })
  expect((outcome as { requestId?: string }).requestId).toMatch(/\S/)
})
