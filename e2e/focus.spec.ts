// Focus after Escape in the demo wallet (issue 11, WAI-ARIA dialog and menu button patterns): whatever
// opened a sheet, the app info page, the runner menu or a dialog gets focus back when Escape closes
// it, so a keyboard user continues where they were instead of at the top of the page.
// @see https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
// @see https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Sandbox, startSandbox } from '@chainless/sandbox'
import { expect, type Frame, type Page, test } from '@playwright/test'
import { approve, openApp, sheet } from './support/wallet-page.js'
import type { WalletSandbox } from './support/wallet-sandbox.js'

test.describe.configure({ timeout: 90_000 })

/** Hello says it is connected (it has no `data-ready`). */
const HELLO_READY = `document.getElementById('status')?.textContent === 'Connected'`

let root: string
let sandbox: Sandbox
let wallet: WalletSandbox

test.beforeAll(async () => {
  test.setTimeout(120_000)
  root = mkdtempSync(join(tmpdir(), 'chainless-focus-'))
  sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
  })
  wallet = {
    sandbox,
    walletUrl: sandbox.urls.wallet,
    origin: (appId) => sandbox.appOrigin(appId),
    chain: () => Promise.reject(new Error('not used')),
    close: () => sandbox.close(),
  }
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

/** Describes `document.activeElement` of the wallet page: what a screen reader would announce. */
const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return el ? `${el.tagName.toLowerCase()}#${el.id}[${el.getAttribute('aria-label') ?? ''}]` : 'none'
  })

/** Whether `selector` is `document.activeElement` (checked in the page, not by Playwright's focus model). */
const isActive = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement === document.querySelector(s), selector)

/** Presses Escape on the open sheet and waits until none is open. */
async function pressEscape(page: Page): Promise<void> {
  await expect(sheet(page)).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.locator('dialog[open]')).toHaveCount(0)
}

test('the first-use notice opened from the catalog with Enter: Escape returns to that Open button', async ({
  page,
}) => {
  await ready(page)
  const open = page.locator('#catalog li[data-app-id="hello"] button').first()
  await open.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Before you start' })).toBeVisible()
  await pressEscape(page)
  await expect(open).toBeFocused()
  expect(await open.evaluate((el) => el === document.activeElement)).toBe(true)
})

test('closing a running app returns focus to the Open button that started it', async ({ page }) => {
  await ready(page)
  await openApp(page, wallet, 'hello', HELLO_READY)
  await page.locator('#close-app').focus()
  await page.keyboard.press('Enter')
  await expect(page.locator('#runner')).toBeHidden()
  await expect(page.locator('#catalog li[data-app-id="hello"] button').first()).toBeFocused()
})

test('app info opened with the keyboard: Escape returns focus to the App info button', async ({ page }) => {
  await ready(page)
  await openApp(page, wallet, 'hello', HELLO_READY)
  const button = page.locator('#app-info')
  await expect(button).toBeEnabled()
  await button.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'App info' })).toBeVisible()
  await pressEscape(page)
  await expect.poll(() => isActive(page, '#app-info'), { message: await active(page) }).toBe(true)
  // Again with Space: the same button, the same way back.
  await page.keyboard.press('Space')
  await expect(page.getByRole('dialog', { name: 'App info' })).toBeVisible()
  await pressEscape(page)
  await expect.poll(() => isActive(page, '#app-info')).toBe(true)
})

test('runner menu: Escape returns to the menu button; app info chosen from it returns there too', async ({
  page,
}) => {
  await ready(page)
  await openApp(page, wallet, 'hello', HELLO_READY)
  const more = page.locator('#runner .wl-more')
  await more.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('menuitem', { name: 'App info' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect.poll(() => isActive(page, '#runner .wl-more')).toBe(true)
  await expect(more).toHaveAttribute('aria-expanded', 'false')

  // The menu item that opened the sheet is gone once the menu closes: focus goes to its button.
  await page.keyboard.press('Enter')
  await expect(page.getByRole('menuitem', { name: 'App info' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'App info' })).toBeVisible()
  await pressEscape(page)
  await expect.poll(() => isActive(page, '#runner .wl-more'), { message: await active(page) }).toBe(true)
})

/** Focuses `selector` inside the app's frame and presses Enter on it, as a keyboard user would. */
async function pressInApp(page: Page, frame: Frame, selector: string): Promise<void> {
  await page.locator('#app-container iframe').focus()
  await frame.locator(selector).focus()
  await page.keyboard.press('Enter')
}

test('a consent sheet an app opened: Escape gives focus back to the app, on the button that asked', async ({
  page,
}) => {
  await ready(page)
  const frame = await openApp(page, wallet, 'web3-demo')
  await pressInApp(page, frame, '#connect')
  await expect(sheet(page)).toBeVisible()
  // While the sheet is open the app cannot hold focus (the frame is inert behind the modal).
  expect(await isActive(page, '#app-container iframe')).toBe(false)
  await pressEscape(page)
  await expect.poll(() => isActive(page, '#app-container iframe'), { message: await active(page) }).toBe(true)
  await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('connect')
  // The app heard the rejection (4001), and keys reach it again: Enter asks once more.
  await page.keyboard.press('Enter')
  await expect(sheet(page)).toBeVisible()
  await pressEscape(page)
  await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('connect')
})

test("a signing sheet: Escape gives focus back to the app's Sign button", async ({ page }) => {
  await ready(page)
  const frame = await openApp(page, wallet, 'web3-demo')
  await pressInApp(page, frame, '#connect')
  await approve(page)
  await expect(frame.locator('#sign')).toBeEnabled()
  await pressInApp(page, frame, '#sign')
  await expect(sheet(page)).toContainText('hello from web3-demo', { ignoreCase: true })
  await pressEscape(page)
  await expect.poll(() => isActive(page, '#app-container iframe')).toBe(true)
  await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('sign')
})
