// The wallet side of e2e/ui-actions.spec.ts: the real runtime host with its default UI (the sheets of
// @chainless/ui-kit, the UI action sheets loaded on first use), exposed to Playwright to mount apps.
import { type BrowserPermission, createRuntimeHost, type Manifest } from '@chainless/runtime-host'

const host = createRuntimeHost({ allowUnverifiedManifests: true, storage: false })

const uiWallet = {
  /** Mounts `appId` served at `origin`, declaring `permissions` in its manifest. */
  mount(appId: string, origin: string, permissions: BrowserPermission[] = []) {
    const manifest: Manifest = {
      appId,
      name: `App ${appId}`,
      version: '1.0.0',
      origin,
      entryUrl: `${origin}/`,
      scopes: [],
      permissions,
    }
    host.mount(manifest, document.getElementById('apps')!)
  },
}
declare global {
  interface Window {
    uiWallet: typeof uiWallet
  }
}
window.uiWallet = uiWallet
document.documentElement.dataset.loaded = 'true'
