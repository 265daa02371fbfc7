// The wallet side of e2e/storage.spec.ts: the real runtime host (storage in this page's IndexedDB,
// quota from `?quota=`), exposed to Playwright to mount apps and to list / clear their storage.
import { createRuntimeHost, type Manifest } from '@chainless/runtime-host'

const quota = Number(new URLSearchParams(location.search).get('quota')) || undefined
const host = createRuntimeHost({
  allowUnverifiedManifests: true,
  storage: quota ? { quotaBytes: quota } : {},
})

const storageWallet = {
  capabilities: [] as string[],
  /** Mounts `appId` served at `origin` (its own `*.localhost` origin: a third-party frame here). */
  mount(appId: string, origin: string) {
    const manifest: Manifest = {
      appId,
      name: appId,
      version: '1.0.0',
      origin,
      entryUrl: `${origin}/`,
      scopes: [],
    }
    const app = host.mount(manifest, document.getElementById('apps')!)
    app.on('ready', () => {
      storageWallet.capabilities = [...app.capabilities]
    })
  },
  /** Closes every mounted app (its document goes away). */
  closeAll() {
    for (const app of host.apps) app.close('host')
  },
  list: (appId: string) => host.storage!.list(appId),
  clear: (appId: string) => host.storage!.clear(appId),
  remove: (appId: string, key: string) => host.storage!.remove(appId, key),
}
declare global {
  interface Window {
    storageWallet: typeof storageWallet
  }
}
window.storageWallet = storageWallet
document.documentElement.dataset.loaded = 'true'
