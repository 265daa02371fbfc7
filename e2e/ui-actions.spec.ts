// Host UI actions end to end in Chromium: the real runtime host with its default sheets, and a
// mini-program on its own `*.localhost` origin calling the js-sdk's openLink, showPopup, confirm,
// writeClipboard, mainButton, haptic, expand and scanQr. Pages bundle the BUILT packages.
import { test as base, type Frame, type Page } from '@playwright/test'
import type { Outcome } from './pages/ui-actions-app.js'
import { bundle } from './support/bundle.js'
import { frameOf } from './support/chromium.js'
import { startSites } from './support/static-server.js'

type Sites = Awaited<ReturnType<typeof startSites>>

const html = (script: string, body = '') => ({
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script type="module" src="${script}"></script></body></html>`,
})
const js = (body: string) => ({ type: 'text/javascript; charset=utf-8', body })

const test = base.extend<object, { sites: Sites }>({
  sites: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const [walletJs, appJs] = await Promise.all([
        bundle(new URL('./pages/ui-actions-wallet.ts', import.meta.url)),
        bundle(new URL('./pages/ui-actions-app.ts', import.meta.url)),
      ])
      const app = { '/': html('/app.js'), '/app.js': js(appJs), '/help': html('/app.js') }
      const sites = await startSites({
        localhost: {
          '/': html('/wallet.js', '<div id="apps" style="height:400px"></div>'),
          '/wallet.js': js(walletJs),
        },
        'shop.localhost': app,
        'plain.localhost': app,
      })
      await use(sites)
      await sites.close()
    },
    { scope: 'worker' },
  ],
})
const { expect } = test
test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

type AppWindow = Window & {
  uiApp: {
    presses: number
    viewports: unknown[]
    run(name: string, ...args: unknown[]): Promise<Outcome>
    start(key: string, name: string, ...args: unknown[]): void
    startLater(key: string, delayMs: number, name: string, ...args: unknown[]): void
    result(key: string): Outcome | null
  }
}

/** Opens the wallet and mounts `appId` (declaring `permissions`); resolves with the app's ready frame. */
async function mount(
  page: Page,
  sites: Sites,
  appId: 'shop' | 'plain',
  permissions: string[] = [],
): Promise<Frame> {
  await page.goto(`${sites.origin('localhost')}/`)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  const origin = sites.origin(`${appId}.localhost`)
  await page.evaluate(([id, o, p]) => window.uiWallet.mount(id as string, o as string, p as never), [
    appId,
    origin,
    permissions,
  ] as const)
  const frame = await frameOf(page, origin)
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, {
    timeout: 15_000,
  })
  return frame
}
const run = (frame: Frame, name: string, ...args: unknown[]) =>
  frame.evaluate(([n, a]) => (window as unknown as AppWindow).uiApp.run(n as string, ...(a as unknown[])), [
    name,
    args,
  ] as const)
const start = (frame: Frame, key: string, name: string, ...args: unknown[]) =>
  frame.evaluate(
    ([k, n, a]) =>
      (window as unknown as AppWindow).uiApp.start(k as string, n as string, ...(a as unknown[])),
    [key, name, args] as const,
  )
const result = (frame: Frame, key: string) =>
  expect.poll(() => frame.evaluate((k) => (window as unknown as AppWindow).uiApp.result(k), key), {
    timeout: 10_000,
  })

test('showPopup: the host shows the app’s buttons; the one pressed comes back by id; confirm() is true for OK', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, 'plain')
  await start(frame, 'popup', 'showPopup', {
    title: 'Delete list?',
    message: 'This cannot be undone.',
    buttons: [
      { id: 'keep', text: 'Keep', style: 'cancel' },
      { id: 'delete', text: 'Delete', style: 'destructive' },
    ],
  })
  const dialog = page.getByRole('dialog', { name: 'Delete list?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('This cannot be undone.')
  await dialog.getByRole('button', { name: 'Delete' }).click()
  await result(frame, 'popup').toEqual({ ok: true, result: 'delete' })
  await expect(dialog).toBeHidden()

  await start(frame, 'confirm', 'confirm', 'Leave without saving?')
  await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click()
  await result(frame, 'confirm').toEqual({ ok: true, result: true })
  // Escape dismisses: null, not an error.
  await start(frame, 'dismissed', 'showPopup', { message: 'Hello' })
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await result(frame, 'dismissed').toEqual({ ok: true, result: null })
})

test('openLink: another site asks first (Cancel → false, nothing opened); the app’s own origin opens in a new tab', async ({
  page,
  sites,
  context,
}) => {
  const frame = await mount(page, sites, 'plain')
  let opened = 0
  context.on('page', () => opened++)
  await start(frame, 'link', 'openLink', 'https://unknown.example/offer?id=1')
  const dialog = page.getByRole('dialog', { name: 'Open an external link?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('[data-link-host]')).toHaveText('unknown.example')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await result(frame, 'link').toEqual({ ok: true, result: false })
  expect(opened).toBe(0)

  const own = `${sites.origin('plain.localhost')}/help`
  const [tab, outcome] = await Promise.all([context.waitForEvent('page'), run(frame, 'openLink', own)])
  expect(outcome).toEqual({ ok: true, result: true })
  await tab.waitForLoadState()
  expect(tab.url()).toBe(own)
  // noopener: the new tab has no handle on the wallet.
  expect(await tab.evaluate(() => window.opener)).toBeNull()
  await tab.close()
  expect(await run(frame, 'openLink', 'javascript:alert(1)')).toMatchObject({ ok: false, code: -32602 })
})

test('writeClipboard: written at once after a click in the app; without a gesture the host asks; undeclared → 4100', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, 'shop', ['clipboard-write', 'camera'])
  // A call long after the user's last gesture: the host shows the text and asks. Every Playwright
  // evaluate counts as a gesture, and Chromium's transient activation lasts 5 s: the app makes the
  // call 5.5 s after this evaluate, and the test touches no page until then.
  await frame.evaluate(() =>
    (window as unknown as AppWindow).uiApp.startLater('scripted', 5500, 'writeClipboard', 'swapped-address'),
  )
  await page.waitForTimeout(6000)
  const dialog = page.getByRole('dialog', { name: 'Copy to clipboard?' })
  await expect(dialog).toContainText('swapped-address')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await result(frame, 'scripted').toEqual({ ok: true, result: false })
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toBe('swapped-address')

  // A click in the app: the host page has transient activation too (about 5 s), and writes at once.
  await frame.locator('#copy').click()
  await result(frame, 'copy').toEqual({ ok: true, result: true })
  await expect(page.getByRole('dialog')).toHaveCount(0)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('code-4242')

  const plain = await mount(page, sites, 'plain')
  expect(await run(plain, 'writeClipboard', 'x')).toMatchObject({
    ok: false,
    code: 4100,
    data: { permission: 'clipboard-write' },
  })
})

test('mainButton: the host draws it below the frame; a press reaches the app; expand reports the height', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, 'plain')
  expect(await run(frame, 'showMainButton', 'Pay 5 DW20')).toEqual({ ok: true, result: '(undefined)' })
  const button = page.locator('[data-chainless-main-button]')
  await expect(button).toHaveText('Pay 5 DW20')
  // It is the wallet's element, outside the app's frame.
  expect(await button.evaluate((b) => b.previousElementSibling?.tagName)).toBe('IFRAME')
  await button.click()
  await expect.poll(() => frame.evaluate(() => (window as unknown as AppWindow).uiApp.presses)).toBe(1)

  const expanded = await run(frame, 'expand')
  expect(expanded).toMatchObject({ ok: true, result: { expanded: true } })
  expect((expanded as { result: { height: number } }).result.height).toBeGreaterThan(0)
  await expect
    .poll(() => frame.evaluate(() => (window as unknown as AppWindow).uiApp.viewports))
    .toContainEqual(expect.objectContaining({ expanded: true }))
})

test('haptic is a quiet no-op; scanQr without a camera or detector is a typed 4200; a flood gets 4290', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, 'shop', ['clipboard-write', 'camera'])
  expect(await run(frame, 'haptic')).toEqual({ ok: true, result: '(undefined)' })
  const scan = await run(frame, 'scanQr')
  expect(scan).toMatchObject({
    ok: false,
    name: 'UnsupportedMethodError',
    code: 4200,
    data: { method: 'uiScanQr' },
  })
  expect(['no_camera', 'no_detector']).toContain((scan as { data: { reason: string } }).data.reason)
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // uiExpand: 5 at once, then 4290 with the time to wait.
  const outcomes: Outcome[] = []
  for (let i = 0; i < 6; i++) outcomes.push(await run(frame, 'expand'))
  expect(outcomes.slice(0, 5).every((o) => o.ok)).toBe(true)
  expect(outcomes[5]).toMatchObject({
    ok: false,
    name: 'RateLimitedError',
    code: 4290,
    data: { method: 'uiExpand' },
  })
  expect((outcomes[5] as { data: { retryAfterMs: number } }).data.retryAfterMs).toBeGreaterThan(0)
})

test('share: without a system share sheet the host shows the text and copies it', async ({ page, sites }) => {
  const frame = await mount(page, sites, 'plain')
  // Desktop Linux Chromium has no Web Share: the host's sheet (elsewhere the system sheet, not driven here).
  test.skip(
    await page.evaluate(() => typeof navigator.share === 'function'),
    'this Chromium has a system share sheet',
  )
  await start(frame, 'share', 'share', { text: 'Join my team', url: 'https://game.example.com/join/42' })
  const dialog = page.getByRole('dialog', { name: 'Share' })
  await expect(dialog).toContainText('https://game.example.com/join/42')
  await dialog.getByRole('button', { name: 'Copy' }).click()
  await result(frame, 'share').toEqual({ ok: true, result: true })
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'Join my team\nhttps://game.example.com/join/42',
  )
})
