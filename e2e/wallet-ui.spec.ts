// The demo wallet as a tester meets it (issue 11): phone-shaped at 390 px and beside a dashboard on a
// desktop, dark when the system is (apps too, readable), English / 简体中文, a failed load that says
// why and retries, and revoking a connection from the Connected apps page. Screenshots go to
// docs/screenshots/ for the READMEs.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Sandbox, startSandbox } from '@chainless/sandbox'
import { expect, type Frame, type Page, test } from '@playwright/test'
import { approve, openApp } from './support/wallet-page.js'
import type { WalletSandbox } from './support/wallet-sandbox.js'

test.describe.configure({ timeout: 90_000 })

/** Hello says it is connected (it has no `data-ready`). */
const HELLO_READY = `document.getElementById('status')?.textContent === 'Connected'`

const shots = new URL('../docs/screenshots/', import.meta.url).pathname
const helloBuild = new URL('../packages/sandbox/public/apps/hello/', import.meta.url).pathname
let root: string
let brokenDir: string
let sandbox: Sandbox
let wallet: WalletSandbox

test.beforeAll(async () => {
  test.setTimeout(120_000)
  root = mkdtempSync(join(tmpdir(), 'chainless-wallet-ui-'))
  // An app whose entry page is missing: the frame gets a 404 and no SDK ever answers.
  brokenDir = join(root, 'apps', 'broken')
  mkdirSync(brokenDir, { recursive: true })
  sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
    apps: [{ appId: 'broken', dir: brokenDir, name: 'Broken app', scopes: ['user:basic'] }],
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

async function ready(page: Page): Promise<void> {
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  await expect(page.locator('#catalog li[data-app-id="hello"]')).toBeVisible()
}

/** sRGB relative luminance of a CSS `rgb()`/`rgba()` colour (WCAG 2). */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The colours a reader sees in a frame's body: its text over the first opaque background up the tree. */
function readColors(frame: Frame) {
  return frame.evaluate(() => {
    const body = document.body
    let background = 'rgba(0, 0, 0, 0)'
    for (let el: Element | null = body; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor
      if (!/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') {
        background = bg
        break
      }
    }
    return { color: getComputedStyle(body).color, background }
  })
}

for (const scheme of ['light', 'dark'] as const) {
  test(`390 px phone and desktop screenshots, ${scheme}`, async ({ browser }) => {
    for (const [name, viewport] of [
      ['mobile', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const) {
      const context = await browser.newContext({ viewport, colorScheme: scheme })
      const page = await context.newPage()
      await ready(page)
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      )
      await page.screenshot({ path: `${shots}wallet-${name}-${scheme}.png` })
      if (name === 'mobile') {
        await page.getByRole('button', { name: 'Settings' }).click()
        await expect(page.locator('section[data-page="settings"]')).toBeVisible()
        await expect(page.locator('#launcher')).toBeHidden()
        await page.screenshot({ path: `${shots}wallet-settings-${name}-${scheme}.png` })
        await page.locator('section[data-page="sandbox"]').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${shots}wallet-sandbox-${name}-${scheme}.png` })
        await page.getByRole('button', { name: 'Apps' }).click()
      }
      const frame = await openApp(page, wallet, 'hello', HELLO_READY)
      await expect(page.locator('#runner .wl-chip')).toHaveText('Running')
      await expect(frame.locator('#status')).toHaveText('Connected')
      await page.screenshot({ path: `${shots}wallet-runner-${name}-${scheme}.png` })
      await context.close()
    }
  })
}

test('dark system: the wallet is dark, and an app follows it with readable text', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })
  const page = await context.newPage()
  await ready(page)
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const phone = await page.locator('.wl-phone').evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(luminance(phone)).toBeLessThan(0.05)
  const frame = await openApp(page, wallet, 'hello', HELLO_READY)
  await expect(frame.locator('[data-field="theme"]')).toHaveText('dark')
  const dark = await readColors(frame)
  expect(contrast(dark.color, dark.background)).toBeGreaterThanOrEqual(4.5)

  // The user's pick wins over the system's, reaches the app, and survives a reload. (On a phone a
  // running app has the whole screen: the theme button is in the bar of a wider window.)
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.click('#theme')
  await expect(frame.locator('[data-field="theme"]')).toHaveText('light')
  const light = await readColors(frame)
  expect(contrast(light.color, light.background)).toBeGreaterThanOrEqual(4.5)
  await page.reload()
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await context.close()
})

test('language switch: the wallet chrome and the sheets in 简体中文, kept after a reload', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await ready(page)
  await expect(page.locator('#search')).toHaveAttribute('placeholder', 'Search mini-programs')
  await page.click('#language')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.locator('#search')).toHaveAttribute('placeholder', '搜索小程序')
  await expect(page.locator('#connections-title')).toHaveText('已连接的小程序')
  await expect(page.locator('#catalog li[data-app-id="hello"] button')).toHaveText('打开')
  await page.reload()
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  await expect(page.locator('#search')).toHaveAttribute('placeholder', '搜索小程序')
  // The system sheets speak the wallet's language too.
  await page.click('#catalog li[data-app-id="hello"] button')
  const notice = page.getByRole('dialog', { name: '使用前须知' })
  await expect(notice).toBeVisible()
  await notice.getByRole('button', { name: '继续' }).click()
  await expect(page.locator('#runner .wl-chip')).toHaveText('运行中')
  await page.click('#language')
  await expect(page.locator('#runner .wl-chip')).toHaveText('Running')
  await context.close()
})

test('a failed load says why and offers Retry, which works once the app is fixed', async ({ page }) => {
  await ready(page)
  await page.click('#catalog li[data-app-id="broken"] button')
  await page
    .getByRole('dialog', { name: 'Before you start' })
    .getByRole('button', { name: 'Continue' })
    .click()
  // Readable progress, not the host's raw state word.
  await expect(page.locator('#runner .wl-overlay')).toContainText('Loading…')
  const failed = page.locator('#runner [role="alert"]')
  await expect(failed).toContainText('Broken app did not load', { timeout: 15_000 })
  await expect(failed).toContainText('never connected to the wallet')
  await expect(page.locator('#runner')).toBeVisible()
  await page.screenshot({ path: `${shots}wallet-load-failed.png` })

  // The author fixes the entry page; Retry opens the app (no second security notice).
  cpSync(join(helloBuild, 'index.html'), join(brokenDir, 'index.html'))
  cpSync(join(helloBuild, 'main.js'), join(brokenDir, 'main.js'))
  await page.getByRole('button', { name: 'Retry' }).click()
  const frame = page.frameLocator('#app-container iframe')
  await expect(frame.locator('#status')).toHaveText('Connected', { timeout: 15_000 })
  await expect(page.locator('#runner .wl-chip')).toHaveText('Running')
  await expect(failed).toHaveCount(0)
  await page.click('#close-app')
  await expect(page.locator('#launcher')).toBeVisible()
})

test('a failed open (the platform cannot be reached) says why; Retry opens the app', async ({ page }) => {
  await ready(page)
  await page.route('**/api/v1/apps/hello**', (route) => route.abort('connectionrefused'))
  await page.click('#catalog li[data-app-id="hello"] button')
  const failed = page.locator('#runner [role="alert"]')
  await expect(failed).toContainText('Could not open hello')
  await expect(page.locator('#catalog-status')).toContainText('Did not open hello')
  await page.unroute('**/api/v1/apps/hello**')
  await page.getByRole('button', { name: 'Retry' }).click()
  await page
    .getByRole('dialog', { name: 'Before you start' })
    .getByRole('button', { name: 'Continue' })
    .click()
  await expect(page.frameLocator('#app-container iframe').locator('#status')).toHaveText('Connected')
})

test('runner menu: app info, reload and close', async ({ page }) => {
  await ready(page)
  const frame = await openApp(page, wallet, 'hello', HELLO_READY)
  await expect(frame.locator('#status')).toHaveText('Connected')
  // Keyboard: the first item takes focus, arrows move, Escape closes and returns to the button.
  const more = page.getByRole('button', { name: 'More actions' })
  await more.click()
  await expect(page.getByRole('menuitem', { name: 'App info' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('menuitem', { name: 'Reload' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(more).toBeFocused()
  await more.click()
  await page.getByRole('menuitem', { name: 'App info' }).click()
  const info = page.getByRole('dialog', { name: 'App info' })
  await expect(info).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(info).toBeHidden()
  await page.getByRole('button', { name: 'More actions' }).click()
  await page.getByRole('menuitem', { name: 'Reload' }).click()
  await expect(page.frameLocator('#app-container iframe').locator('#status')).toHaveText('Connected')
  await page.getByRole('button', { name: 'More actions' }).click()
  await page.getByRole('menuitem', { name: 'Close' }).click()
  await expect(page.locator('#runner')).toBeHidden()
  await expect(page.locator('iframe')).toHaveCount(0)
})

test('Connected apps: revoke a connection; the app hears it', async ({ page }) => {
  await ready(page)
  const frame = await openApp(page, wallet, 'web3-demo')
  await frame.click('#connect')
  await approve(page)
  const account = sandbox.chain.accounts[0]!.address
  await expect(frame.locator('#account')).toHaveText(account)
  const row = page.locator('#connections li[data-app-id="web3-demo"]')
  await expect(row).toBeVisible()
  await expect(row).toContainText('See your user ID and wallet address')
  await page.screenshot({ path: `${shots}wallet-connected-desktop.png` })
  await row.getByRole('button', { name: 'Disconnect web3-demo' }).click()
  await expect(page.locator('#connections li')).toHaveCount(0)
  await expect(page.locator('#connections-empty')).toBeVisible()
  await expect(frame.locator('#account')).toHaveText('—')
})

test('sandbox panel: auto-approve decides the connect sheet; knobs round-trip through the API', async ({
  page,
}) => {
  await ready(page)
  await page.getByRole('group', { name: 'Sheets' }).getByRole('button', { name: 'Auto-approve' }).click()
  const frame = await openApp(page, wallet, 'web3-demo')
  await frame.click('#connect')
  await expect(frame.locator('#account')).toHaveText(sandbox.chain.accounts[0]!.address)
  await expect(page.locator('dialog[open]')).toHaveCount(0)
  await page.getByRole('group', { name: 'Sheets' }).getByRole('button', { name: 'Ask me' }).click()

  const form = page.locator('#knobs-form')
  await form.getByLabel('Operation').selectOption('getTxStatus')
  await form.getByLabel('Latency (ms)').fill('250')
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect(page.locator('#knobs li[data-target="getTxStatus"]')).toContainText('latencyMs=250')
  const knobs = await (
    await fetch(new URL('/__sandbox/knobs', sandbox.urls.api.replace('localhost', '127.0.0.1')))
  ).json()
  expect(knobs).toEqual({ getTxStatus: { latencyMs: 250 } })
  await page.getByRole('button', { name: 'Clear knobs' }).click()
  await expect(page.locator('#knobs-none')).toBeVisible()
})
