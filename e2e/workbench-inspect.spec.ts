// The sandbox workbench's inspect panels through a real app in the demo wallet (issue 12): a bridge
// call shows in the Bridge log within 100 ms, a signature is not in the page until its row's Reveal,
// the Platform log shows the app's request, a storage value edited in the panel is what the app reads,
// and a wallet whose config.json does not turn the workbench on never fetches (or contains) it.
// Screenshots of the panel go to docs/screenshots/workbench-*.png for the wallet's README.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Sandbox, startSandbox } from '@chainless/sandbox'
import { expect, type Frame, type Page, test } from '@playwright/test'
import { build } from 'esbuild'
import { approve, connect, openApp, request } from './support/wallet-page.js'
import { WALLET_SCOPES, type WalletSandbox } from './support/wallet-sandbox.js'

test.describe.configure({ mode: 'serial', timeout: 90_000 })

const APP = 'probe'
const shots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
const walletBuild = fileURLToPath(new URL('../packages/sandbox/public/wallet/', import.meta.url))
const hostBuild = fileURLToPath(new URL('../packages/runtime-host/dist/', import.meta.url))
let root: string
let sandbox: Sandbox
let wallet: WalletSandbox

/** The test app: the wallet dapp page (window.dapp) and the storage page (window.storageApp) in one. */
async function probeBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import './wallet-dapp.ts'\nimport './storage-app.ts'\n`,
      resolveDir: fileURLToPath(new URL('./pages/', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // @chainless/* resolve to the BUILT packages, as in support/bundle.js.
    tsconfigRaw: { compilerOptions: {} },
  })
  return result.outputFiles[0]!.text
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  root = mkdtempSync(join(tmpdir(), 'chainless-workbench-'))
  const dir = join(root, 'apps', APP)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'app.js'), await probeBundle())
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>${APP}</title></head><body><h1>${APP}</h1><script type="module" src="./app.js"></script></body></html>`,
  )
  sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
    apps: [{ appId: APP, dir, name: 'Probe', scopes: WALLET_SCOPES }],
  })
  wallet = {
    sandbox,
    walletUrl: sandbox.urls.wallet,
    origin: (appId) => sandbox.appOrigin(appId),
    chain: () => Promise.reject(new Error('not used')),
    close: () => sandbox.close(),
  }
  mkdirSync(shots, { recursive: true })
})

test.afterAll(async () => {
  await sandbox?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

async function walletWithApp(page: Page): Promise<Frame> {
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  await expect(page.locator('[data-testid=workbench]')).toBeVisible()
  if (process.env.WORKBENCH_SHOTS) await page.screenshot({ path: `${process.env.WORKBENCH_SHOTS}/idle.png` })
  return openApp(page, wallet, APP)
}

const workbench = (page: Page) => page.locator('[data-testid=workbench]')
const tab = (page: Page, name: string) => workbench(page).getByRole('tab', { name, exact: true })

test('a bridge call shows in the Bridge log within 100 ms; a signature stays masked until Reveal', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' })
  const page = await context.newPage()
  const frame = await walletWithApp(page)
  await expect(tab(page, 'Bridge')).toHaveAttribute('aria-selected', 'true')

  // Wall-clock time (timeOrigin + now, comparable across the two documents) at which a new row for
  // the call appeared (the SDK's own eth_chainId at start may already be listed: count from here).
  const ROWS = '[data-testid=bridge-row][data-rpc-method=eth_chainId]'
  await page.evaluate((selector) => {
    const w = window as unknown as { rowSeenAt?: number }
    const baseline = document.querySelectorAll(selector).length
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll(selector).length > baseline) {
        w.rowSeenAt = performance.timeOrigin + performance.now()
        observer.disconnect()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true })
  }, ROWS)
  const calledAt = await frame.evaluate(() => {
    const at = performance.timeOrigin + performance.now()
    void window.dapp.request('eth_chainId')
    return at
  })
  await page.waitForFunction(() => (window as unknown as { rowSeenAt?: number }).rowSeenAt !== undefined)
  const seenAt = await page.evaluate(() => (window as unknown as { rowSeenAt?: number }).rowSeenAt)
  await expect(page.locator(ROWS).first()).toHaveAttribute('data-status', 'ok')
  const latency = seenAt! - calledAt
  console.log(`bridge log: row ${latency.toFixed(1)} ms after the call`)
  expect(latency).toBeLessThan(100)

  // personal_sign: the signature is masked in the row's details until that row's Reveal.
  const account = await connect(page, frame)
  const pending = request(frame, 'personal_sign', ['0x776f726b62656e6368', account])
  await approve(page)
  const outcome = await pending
  expect(outcome).toMatchObject({ ok: true })
  const signature = (outcome as { result: string }).result
  expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
  const signRow = page.locator('[data-testid=bridge-row][data-rpc-method=personal_sign]').first()
  await expect(signRow).toHaveAttribute('data-status', 'ok')
  expect(await page.content()).not.toContain(signature.slice(2, 40))
  await signRow.getByRole('button', { name: /personal_sign/ }).click()
  await expect(signRow.getByTestId('bridge-result')).toContainText('••••')
  expect(await page.content()).not.toContain(signature.slice(2, 40))
  await page.screenshot({ path: `${shots}workbench-desktop-light.png` })
  await signRow.getByRole('button', { name: 'Reveal' }).click()
  await expect(signRow.getByTestId('bridge-result')).toContainText(signature)
  expect(await page.content()).toContain(signature)
  // Masked again: gone from the DOM once more.
  await signRow.getByRole('button', { name: 'Mask again' }).click()
  await expect(signRow.getByTestId('bridge-result')).not.toContainText(signature)
  expect(await page.content()).not.toContain(signature.slice(2, 40))

  // The filter narrows to one method; the export is masked JSON.
  await workbench(page).getByTestId('bridge-filter').fill('personal_sign')
  await expect(page.locator('[data-testid=bridge-row]')).toHaveCount(1)
  const download = page.waitForEvent('download')
  await workbench(page).getByRole('button', { name: 'Export JSON' }).click()
  const file = await (await download).path()
  const exported = readFileSync(file, 'utf8')
  expect(JSON.parse(exported)).toHaveLength(1)
  expect(exported).not.toContain(signature.slice(2, 40))
  await context.close()
})

test('the Platform log shows a request the app made; a storage value edited in the panel is what the app reads', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' })
  const page = await context.newPage()
  const frame = await walletWithApp(page)

  const marker = `probe-${Date.now()}`
  await tab(page, 'Platform').click()
  await frame.evaluate(
    ([api, app, probe]) =>
      fetch(`${api}/api/v1/apps/${app}?probe=${probe}`, { mode: 'no-cors' }).then(() => undefined),
    [sandbox.urls.api, APP, marker] as const,
  )
  await expect(page.locator(`[data-testid=platform-row][data-path*="${marker}"]`)).toBeVisible({
    timeout: 10_000,
  })
  await expect(page.locator(`[data-testid=platform-row][data-path*="${marker}"]`)).toHaveAttribute(
    'data-method',
    'GET',
  )

  // Storage: the app writes, the panel shows it; the panel edits, the app reads the edit.
  expect(await frame.evaluate(() => window.storageApp.set('greeting', { text: 'hi' }))).toMatchObject({
    ok: true,
  })
  await tab(page, 'Storage').click()
  const entry = page.locator('[data-testid=storage-row][data-key=greeting]')
  await expect(entry).toContainText('"hi"')
  await expect(page.getByTestId('storage-quota')).toContainText('of 5')
  await entry.getByRole('button', { name: 'Edit greeting' }).click()
  await entry.getByLabel('Value (JSON)').fill('not json')
  await entry.getByRole('button', { name: 'Save' }).click()
  await expect(entry.getByRole('alert')).toContainText('Not JSON')
  await entry.getByLabel('Value (JSON)').fill('{ "text": "edited", "n": 2 }')
  await entry.getByRole('button', { name: 'Save' }).click()
  await expect(entry.getByTestId('storage-editor')).toHaveCount(0)
  expect(await frame.evaluate(() => window.storageApp.get('greeting'))).toEqual({
    ok: true,
    result: { text: 'edited', n: 2 },
  })
  await expect(entry).toContainText('edited')
  await page.screenshot({ path: `${shots}workbench-desktop-dark.png` })

  // Performance: the open app's numbers.
  await tab(page, 'Performance').click()
  await expect(page.getByTestId('perf-stats')).toBeVisible()
  await expect(page.locator('[data-stat=calls] dd')).not.toHaveText('0')
  // The account select follows the test accounts: one created in the workbench is offered at once.
  const before = await page.locator('#account option').count()
  await tab(page, 'Accounts').click()
  await workbench(page).getByRole('button', { name: 'Create account' }).click()
  await expect(page.locator('#account option')).toHaveCount(before + 1)
  await tab(page, 'Performance').click()
  // The workbench follows the wallet's language.
  await page.locator('#language').click()
  await expect(tab(page, '性能')).toHaveAttribute('aria-selected', 'true')
  await expect(tab(page, '桥接')).toBeVisible()
  if (process.env.WORKBENCH_SHOTS) await page.screenshot({ path: `${process.env.WORKBENCH_SHOTS}/zh.png` })
  await page.locator('#language').click()
  await expect(tab(page, 'Bridge')).toBeVisible()
  await context.close()
})

test('phone: the workbench is a drawer over the running app', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' })
  const page = await context.newPage()
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  // Six tabs fit the phone's bar: no label is cut.
  const cut = await page
    .locator('.wl-tabs .wl-tab')
    .evaluateAll((tabs) =>
      tabs
        .filter((t) => t.scrollWidth > t.clientWidth + 1)
        .map((t) => `${t.textContent} ${t.scrollWidth}/${t.clientWidth}`),
    )
  expect(cut).toEqual([])
  // Its own tab before any app runs.
  await page.getByRole('button', { name: 'Workbench' }).click()
  if (process.env.WORKBENCH_SHOTS)
    await page.screenshot({ path: `${process.env.WORKBENCH_SHOTS}/phone-tab.png` })
  await expect(workbench(page)).toBeVisible()
  await page.getByRole('button', { name: 'Apps' }).click()
  await expect(workbench(page)).toBeHidden()
  const frame = await openApp(page, wallet, APP)
  await frame.evaluate(() => window.dapp.request('eth_chainId'))
  await page.locator('#workbench-toggle').click()
  await expect(workbench(page)).toBeVisible()
  await expect(page.locator('[data-testid=bridge-row][data-rpc-method=eth_chainId]').first()).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: `${shots}workbench-mobile-light.png` })
  await expect(tab(page, 'Bridge')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(workbench(page)).toBeHidden()
  await expect(page.locator('#workbench-toggle')).toBeFocused()
  await context.close()
})

test('without `workbench: true` in config.json the workbench is neither shown nor fetched', async ({
  page,
}) => {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch()
    const config = (await response.json()) as Record<string, unknown>
    delete config.workbench
    await route.fulfill({ response, json: config })
  })
  const requested: string[] = []
  page.on('request', (r) => requested.push(new URL(r.url()).pathname))
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  const frame = await openApp(page, wallet, APP)
  await frame.evaluate(() => window.dapp.request('eth_chainId'))
  await expect(page.locator('[data-testid=workbench]')).toHaveCount(0)
  await expect(page.locator('#workbench-toggle')).toHaveCount(0)
  expect(requested.some((path) => path.endsWith('/workbench.js'))).toBe(false)
  expect(requested).toContain('/wallet.js')

  // The wallet's entry carries none of the workbench (its words, test ids, sandbox routes).
  const entry = readFileSync(join(walletBuild, 'wallet.js'), 'utf8')
  for (const marker of ['Bridge log', 'bridge-row', 'Export JSON', '/__sandbox/requests', 'wl-wb-log'])
    expect(entry, marker).not.toContain(marker)
  // Nor does any chunk the entry loads: the workbench's code is only in workbench.js.
  const chunks = readdirSync(walletBuild).filter((name) => name.startsWith('chunk-') && name.endsWith('.js'))
  const loaded = chunks.filter((name) => requested.some((path) => path.endsWith(`/${name}`)))
  for (const name of loaded)
    expect(readFileSync(join(walletBuild, name), 'utf8'), name).not.toContain('bridge-row')
  // The runtime host's main entry (and what it imports) has no devtools code either.
  const hostMain = readFileSync(join(hostBuild, 'index.js'), 'utf8')
  const imported = [...hostMain.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]!)
  for (const file of ['index.js', ...imported]) {
    const text = readFileSync(join(hostBuild, file), 'utf8')
    for (const marker of ['createDevtools', 'maskSensitive', 'parseMockRules'])
      expect(text, `${file} ${marker}`).not.toContain(marker)
  }
})
