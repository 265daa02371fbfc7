import { expect, type Frame, type Page } from '@playwright/test'
import { type Sites, test } from './support/sites-test.js'

// System sheets are modal over app frames (issue 7, items 1 and 2): while the host asks the user,
// an app that grabs focus in a loop receives no keystroke, and a queued sheet never inherits the
// state of the one before it. Real Chromium: happy-dom has no top layer and no inertness.

type W = Window &
  Record<string, unknown> & {
    host: { ui(): Promise<Record<string, (r: unknown) => Promise<unknown>>> }
    app: { state: string; showInfo(): Promise<unknown> }
  }

/** Opens the wallet page, mounts the app (which says ready) and waits until it is shown. */
async function mountReadyApp(page: Page, sites: Sites): Promise<Frame> {
  const manifest = sites.manifest('app', '/?auto=1')
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate((manifest) => {
    const w = window as unknown as W
    const host = window.runtimeHost.createRuntimeHost({ allowUnverifiedManifests: true } as never)
    w.host = host as never
    w.app = host.mount(manifest as never, document.getElementById('apps')!) as never
  }, manifest)
  await expect.poll(() => page.frames().find((f) => f.url().startsWith(manifest.origin))).toBeTruthy()
  const frame = page.frames().find((f) => f.url().startsWith(manifest.origin))!
  await expect.poll(() => page.evaluate(() => (window as unknown as W).app.state)).toBe('ready')
  return frame
}

type AppWindow = Window & { keys: string[]; grab(): void; loop(ms: number): void; stop(): void }
const appKeys = (frame: Frame) => frame.evaluate(() => (window as unknown as AppWindow).keys.join(''))
const sheetKeys = (page: Page) =>
  page.evaluate(() => (window as unknown as { sheetKeys: string[] }).sheetKeys)

test('keystrokes go to the sheet, not to an app that takes focus while the sheet is open', async ({
  page,
  sites,
}) => {
  const frame = await mountReadyApp(page, sites)
  // The hostile app: an input it focuses (with its window) once or in a loop, and a key logger.
  await frame.evaluate(() => {
    const w = window as unknown as AppWindow
    const input = document.createElement('input')
    document.body.append(input)
    w.keys = []
    addEventListener('keydown', (e) => w.keys.push(e.key), true)
    w.grab = () => {
      window.focus()
      input.focus()
    }
    let timer: ReturnType<typeof setInterval> | undefined
    w.loop = (ms) => {
      timer = setInterval(w.grab, ms)
    }
    w.stop = () => clearInterval(timer)
  })
  // Control: the app has the focus (the user was using it) and gets the keys.
  await page.locator('iframe').click()
  await frame.evaluate(() => (window as unknown as AppWindow).grab())
  await page.keyboard.type('ab')
  await expect.poll(() => appKeys(frame)).toBe('ab')

  await page.evaluate(() => {
    const w = window as unknown as W & { sheetKeys: string[]; info: Promise<unknown> }
    w.sheetKeys = []
    document.addEventListener(
      'keydown',
      (e) => {
        if ((e.target as Element | null)?.closest?.('dialog')) w.sheetKeys.push(e.key)
      },
      true,
    )
    w.info = w.app.showInfo()
  })
  const dialog = page.getByRole('dialog', { name: 'App info' })
  await expect(dialog).toBeVisible()
  // The sheet is in the top layer; the rest of the page, the app's iframe included, is inert.
  expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(true)
  await page.keyboard.type('cd')
  // The app takes the focus back while the sheet is open: the sheet takes it back at once.
  await frame.evaluate(() => (window as unknown as AppWindow).grab())
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('DIALOG')
  await page.keyboard.type('ef')
  // In a loop, it never keeps the focus (Chromium lets a framed document focus itself even behind
  // a modal dialog; the sheet answers each grab, so focus ends on the sheet once the loop stops).
  await frame.evaluate(() => (window as unknown as AppWindow).loop(20))
  await page.waitForTimeout(300)
  await frame.evaluate(() => (window as unknown as AppWindow).stop())
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('DIALOG')
  await page.keyboard.type('g')
  await page.waitForTimeout(100)
  expect(await appKeys(frame)).toBe('ab')
  expect(await sheetKeys(page)).toEqual(['c', 'd', 'e', 'f', 'g'])
  // Escape still closes it (the dialog's cancel event); afterwards the app gets keys again.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { info: Promise<unknown> }).info)).toEqual([])
  await frame.evaluate(() => (window as unknown as AppWindow).grab())
  await page.keyboard.type('k')
  await expect.poll(() => appKeys(frame)).toBe('abk')
})

test('a queued sheet of the same kind opens fresh, with its primary action briefly disabled', async ({
  page,
  sites,
}) => {
  await mountReadyApp(page, sites)
  await page.evaluate(
    ({ a, b }) => {
      const w = window as unknown as W
      const out: Record<string, unknown> = {}
      w.out = out
      void w.host.ui().then((ui) => {
        ui.consent!({ manifest: a, scopes: ['user:basic', 'user:phone'] }).then(
          (d) => (out.a = d),
          (e: { code: number }) => (out.a = e.code),
        )
        ui.consent!({ manifest: b, scopes: ['user:basic', 'user:email'] }).then(
          (d) => (out.b = d),
          (e: { code: number }) => (out.b = e.code),
        )
      })
    },
    { a: sites.manifest('app'), b: sites.manifest('app2') },
  )
  await expect(page.getByRole('dialog', { name: 'Authorization request' })).toBeVisible()
  // Record each sheet's primary action as the sheet opens (a check after the fact would race the
  // 500 ms arming delay on a slow machine).
  await page.evaluate(() => {
    const w = window as unknown as { primaryAtOpen: (string | null)[] }
    w.primaryAtOpen = []
    for (const open of document.querySelectorAll<HTMLElement>('dialog[open]')) open.dataset.seen = '1'
    new MutationObserver(() => {
      for (const dialog of document.querySelectorAll<HTMLElement>('dialog[open]')) {
        if (dialog.dataset.seen) continue
        dialog.dataset.seen = '1'
        const primary = [...dialog.querySelectorAll('button')].find((b) =>
          /^(Continue|Share|Allow)$/.test(b.textContent ?? ''),
        )
        w.primaryAtOpen.push(primary?.getAttribute('aria-disabled') ?? null)
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true })
  })
  await page.getByRole('button', { name: 'Continue' }).click()
  const share = page.getByRole('button', { name: 'Share', exact: true })
  await expect(page.getByRole('dialog', { name: 'Share personal information?' })).toBeVisible()
  // The second step is a new sheet: its primary action starts disabled (a double tap cannot pass).
  await share.click()
  await expect
    .poll(() => page.evaluate(() => (window as unknown as W).out))
    .toMatchObject({
      a: { granted: ['user:basic', 'user:phone'] },
    })
  // App B's consent opens at its first step, showing its own name.
  const b = page.getByRole('dialog', { name: 'Authorization request' })
  await expect(b).toBeVisible()
  await expect(b).toContainText('App app2')
  await expect(page.getByRole('dialog', { name: 'Share personal information?' })).toHaveCount(0)
  // Both later sheets (A's second step, B's first) opened with their primary action disabled.
  expect(
    await page.evaluate(() => (window as unknown as { primaryAtOpen: unknown[] }).primaryAtOpen),
  ).toEqual(['true', 'true'])
  await page.keyboard.press('Escape')
  await expect.poll(() => page.evaluate(() => (window as unknown as W).out)).toMatchObject({ b: 4001 })
})
