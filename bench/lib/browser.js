// @ts-check
import { chromium } from '@playwright/test'

import { chromiumArgs, chromiumPath } from '../../e2e/support/chromium.js'

export { chromiumArgs, chromiumPath }

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
