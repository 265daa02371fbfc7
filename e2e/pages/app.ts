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
if (new URLSearchParams(location.search).has('auto')) void sdk.ready()
