import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { startGallery } from '../examples/ui-gallery/serve.js'

// The README's screenshots are rewritten only on request (`UPDATE_SCREENSHOTS=1 npm run test:e2e`),
// so a test run leaves the work tree clean; the screenshots are still taken (and must succeed).
const shots = (name: string) =>
  process.env.UPDATE_SCREENSHOTS
    ? fileURLToPath(new URL(`../packages/ui-kit/docs/screenshots/${name}.png`, import.meta.url))
    : undefined

const SHEETS = [
  'consent',
  'consent-sensitive',
  'consent-account',
  'sign-message',
  'sign-hex',
  'sign-typed',
  'transaction',
  'transaction-sponsored',
  'payment-native',
  'payment-token',
  'batch',
  'security-notice',
  'app-info',
  'hostile',
  'hostile-app-info',
] as const

let gallery: { url: string; close: () => Promise<void> }
test.beforeAll(async () => {
  gallery = await startGallery({ port: 0 })
})
test.afterAll(async () => {
  await gallery?.close()
})

async function openGallery(page: Page, theme = 'light', locale = 'en') {
  page.on('dialog', (d) => {
    throw new Error(`unexpected browser dialog: ${d.message()}`)
  })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(`${gallery.url}?theme=${theme}&locale=${locale}`)
  await expect(page.locator('[data-panel]')).toHaveCount(4)
  return errors
}

async function decision(page: Page) {
  const out = page.locator('#decision')
  await expect(out).not.toHaveText(/^(pending)?$/)
  return JSON.parse((await out.textContent()) ?? '{}')
}

async function seriousViolations(page: Page, include: string) {
  const result = await new AxeBuilder({ page }).include(include).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }))
}

test.describe('ui-kit gallery', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`every sheet opens, passes axe and closes with 4001 (${theme})`, async ({ page }) => {
      test.setTimeout(300_000) // 16 sheets, each through axe: minutes on two busy cores
      const errors = await openGallery(page, theme)
      for (const name of SHEETS) {
        await page.click(`#open-${name}`)
        const dialog = page.getByRole('dialog')
        await expect(dialog).toBeVisible()
        await expect(dialog).toBeFocused()
        expect(await seriousViolations(page, '[role=dialog]'), `${name} (${theme})`).toEqual([])
        // Long and hostile strings never widen the sheet.
        const overflow = await page
          .locator('.cl-sheet')
          .evaluate(
            (el) => el.scrollWidth - el.clientWidth + (el.getBoundingClientRect().width > innerWidth ? 1 : 0),
          )
        expect(overflow, `${name} overflows`).toBeLessThanOrEqual(0)
        await page
          .locator('.cl-sheet')
          .screenshot({ path: shots(`${name}-${theme}`), animations: 'disabled' })
        await page.keyboard.press('Escape')
        await expect(dialog).toHaveCount(0)
        expect(await decision(page)).toEqual({
          sheet: name,
          error: { code: 4001, message: 'User rejected the request' },
        })
        await expect(page.locator(`#open-${name}`)).toBeFocused()
      }
      expect(errors).toEqual([])
    })
  }

  test('the component panels pass axe in both themes and both languages', async ({ page }) => {
    await openGallery(page)
    for (const panel of ['light-en', 'dark-en', 'light-zh-CN', 'dark-zh-CN']) {
      expect(await seriousViolations(page, `[data-panel="${panel}"]`), panel).toEqual([])
    }
    await page.screenshot({ path: shots('gallery'), fullPage: false })
  })

  test('sheets in Chinese, and as a bottom sheet on a narrow screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await openGallery(page, 'dark', 'zh-CN')
    await page.click('#open-consent-sensitive')
    const dialog = page.getByRole('dialog', { name: '授权请求' })
    await expect(dialog).toBeVisible()
    // The sheet slides in: measure once it has settled at the bottom edge.
    const bottom = async () => {
      const box = (await page.locator('.cl-sheet').boundingBox())!
      return { bottom: Math.round(box.y + box.height), width: Math.round(box.width) }
    }
    await expect.poll(bottom).toEqual({ bottom: 844, width: 390 })
    expect(await seriousViolations(page, '[role=dialog]')).toEqual([])
    await page.screenshot({ path: shots('consent-narrow-zh-dark'), animations: 'disabled' })
    await page.getByRole('button', { name: '继续' }).click()
    await expect(page.getByRole('dialog', { name: '分享个人信息？' })).toBeVisible()
    expect(await seriousViolations(page, '[role=dialog]')).toEqual([])
    await page.getByRole('button', { name: '不分享' }).click()
    expect(await decision(page)).toEqual({ sheet: 'consent-sensitive', ok: { granted: ['user:basic'] } })
  })

  test('decisions: consent with the second confirmation, transaction with a danger acknowledged', async ({
    page,
  }) => {
    await openGallery(page)
    await page.click('#open-consent-sensitive')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('checkbox', { name: 'See your phone number' }).uncheck()
    await page.getByRole('button', { name: 'Share', exact: true }).click()
    expect(await decision(page)).toEqual({
      sheet: 'consent-sensitive',
      ok: { granted: ['user:basic', 'user:email'] },
    })

    await page.click('#open-transaction')
    const confirm = page.getByRole('button', { name: 'Confirm' })
    await expect(confirm).toBeDisabled()
    await page.getByRole('checkbox', { name: 'I understand this risk' }).check()
    await confirm.click()
    expect(await decision(page)).toEqual({ sheet: 'transaction', ok: { confirmed: true } })

    await page.click('#open-app-info')
    await page.getByRole('button', { name: 'Revoke: See your phone number' }).click()
    await page.getByRole('button', { name: 'Revoke (1)' }).click()
    expect(await decision(page)).toEqual({ sheet: 'app-info', ok: { revoke: ['user:phone'] } })

    await page.click('#open-sign-message')
    await page.getByRole('button', { name: 'Close' }).click()
    expect((await decision(page)).error.code).toBe(4001)
  })

  test('keyboard only: Enter opens, Tab stays inside, Enter decides, focus returns to the opener', async ({
    page,
  }) => {
    await openGallery(page)
    await page.locator('#open-consent').focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog')
    await expect(dialog).toBeFocused()
    // Tab cycles inside the dialog and reaches Allow.
    const seen = new Set<string>()
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      const inside = await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))
      expect(inside).toBe(true)
      const label = await page.evaluate(() => document.activeElement?.textContent ?? '')
      seen.add(label)
      if (label === 'Allow') break
    }
    expect(seen.has('Allow')).toBe(true)
    // The primary action arms a moment after the sheet appears (no double-tap through a new sheet).
    await expect(page.getByRole('button', { name: 'Allow' })).not.toHaveAttribute('aria-disabled', 'true')
    await page.keyboard.press('Enter')
    expect(await decision(page)).toEqual({
      sheet: 'consent',
      ok: { granted: ['user:basic', 'tx:sign', 'asset:read'] },
    })
    await expect(page.locator('#open-consent')).toBeFocused()
    // Shift+Tab from the first control wraps to the last; Escape rejects.
    await page.keyboard.press('Enter')
    await expect(dialog).toBeFocused()
    await page.keyboard.press('Shift+Tab')
    await expect(page.getByRole('button', { name: 'Allow' })).toBeFocused()
    await page.keyboard.press('Escape')
    expect((await decision(page)).error.code).toBe(4001)
    await expect(page.locator('#open-consent')).toBeFocused()
  })

  test('hostile manifest strings are inert and visible', async ({ page }) => {
    await openGallery(page)
    await page.click('#open-hostile')
    const dialog = page.getByRole('dialog')
    await expect(dialog.locator('script, img[src="x"], a[href^="javascript"]')).toHaveCount(0)
    await expect(dialog.locator('.cl-app-name')).toContainText('U+202E')
    await expect(dialog.locator('.cl-app-name')).toContainText('<img src=x onerror=alert(1)>')
    await expect(
      dialog.getByText('Hidden or direction-changing characters, shown as codes').first(),
    ).toBeVisible()
    await dialog.getByRole('button', { name: 'Show all' }).first().click()
    await expect(dialog.locator('.cl-app-name')).toContainText('W'.repeat(10_000))
    const overflow = await page.locator('.cl-sheet').evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.keyboard.press('Escape')
  })
})
