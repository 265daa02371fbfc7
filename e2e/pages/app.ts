// A mini-program for the bridge tests: exposes the js-sdk to Playwright and records events.
import * as sdk from '@chainless/js-sdk'

declare global {
  interface Window {
    sdk: typeof sdk
    received: { event: string; data: unknown }[]
  }
}
window.sdk = sdk
window.received = []
for (const event of ['themeChanged', 'visibilityChanged', 'backButton', 'accountsChanged'] as const) {
  sdk.on(event, (data) => window.received.push({ event, data }))
}
const search = new URLSearchParams(location.search)
if (search.has('auto')) void sdk.ready()
// `?busy=ms`: the main thread is blocked that long right after load (a heavy app's first render).
const busy = Number(search.get('busy') ?? 0)
if (busy > 0) {
  addEventListener('load', () =>
    setTimeout(() => {
      const end = performance.now() + busy
      while (performance.now() < end) {
        // busy
      }
    }, 0),
  )
}
