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
