// @ts-check
// Debian's Chromium and the flags that work on these machines, shared by the e2e config and the bench.
// (Playwright's own browser download cannot work here.)

/** Path of the Chromium binary; `CHROMIUM_PATH` overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launch flags: headless, no sandbox (root), and no background networking (the network is closed). */
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

/**
 * Waits (up to ~10 s) for the frame whose URL starts with `origin` and for its document to have loaded.
 * @param {import('@playwright/test').Page} page
 * @param {string} origin
 */
export async function frameOf(page, origin) {
  for (let i = 0; i < 400; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(origin))
    if (frame) {
      await frame.waitForLoadState('load')
      return frame
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`No frame of ${origin}`)
}
