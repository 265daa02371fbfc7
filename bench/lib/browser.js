// @ts-check
import { chromium } from '@playwright/test'

/** Debian's Chromium (Playwright's own browser download cannot work on these machines). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches headless Chromium for the benchmarks. */
export const launchChromium = () => chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })

/**
 * Waits for the frame whose URL starts with `origin` and for its document to have loaded.
 * @param {import('@playwright/test').Page} page
 * @param {string} origin
 */
export async function frameOf(page, origin) {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(origin))
    if (frame) {
      await frame.waitForLoadState('load')
      return frame
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`No frame of ${origin}`)
}
