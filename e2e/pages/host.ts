// The wallet side of the bridge tests: exposes the runtime host to Playwright.
import * as runtimeHost from '@chainless/runtime-host'

declare global {
  interface Window {
    runtimeHost: typeof runtimeHost
  }
}
window.runtimeHost = runtimeHost
document.documentElement.dataset.loaded = 'true'
