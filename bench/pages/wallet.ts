// The wallet page of the benchmarks (served at `localhost`): mounts apps with the real runtime host
// and measures cold starts; for the round-trip baseline it transfers a raw MessagePort to the app
// and answers every message on it itself, as the bridge's host side does.
import {
  type AppHandle,
  createRuntimeHost,
  IFRAME_SANDBOX,
  type Manifest,
  type RuntimeHost,
} from '@chainless/runtime-host'

/**
 * Cold-start timeline of one mount, ms after the iframe was created (wallet and app clocks are
 * compared through `performance.timeOrigin`, good to a fraction of a ms).
 */
export interface ColdStartSample {
  /** The app's script started running. */
  scriptStart: number
  /** The host handled the app's `hello` (state `connected`; `welcome` sent). */
  hostConnected: number
  /** The app received `welcome`. */
  welcome: number
  /** The host's `ready` event (the app's `ready` call reached the host). */
  hostReady: number
  /** The app's `ready()` resolved. */
  resolved: number
  /** The app's message posted right after `ready()` resolved, as received here. */
  readyResolved: number
}

/** What the cold-start app posts when `ready()` resolved (see ready-only.ts); epoch ms. */
interface ReadyResolved {
  type: 'bench:ready-resolved'
  scriptStart: number
  welcome: number
  resolved: number
}

/**
 * The default rate limit (burst 200, 100/s) would refuse most of 1,000 calls in flight and of a
 * 2,000-call loop; the benchmark measures the bridge, not the limiter, so the bucket is made huge.
 * The bucket is still consulted on every call.
 */
export const BENCH_RATE_LIMIT = { capacity: 1e9, refillPerSecond: 1e9 }

const apps = document.getElementById('apps')!

// In the cross-origin isolated wallet page (round trips), give the host's iframe the
// `cross-origin-isolated` permission before it navigates (it navigates when appended), so the app
// frame gets 5 µs timers. Nothing else of the host's iframe changes; both bridge and baseline
// run between these same two frames.
if (crossOriginIsolated) {
  apps.append = (...nodes: (Node | string)[]) => {
    for (const node of nodes) if (node instanceof HTMLIFrameElement) node.allow = 'cross-origin-isolated'
    HTMLElement.prototype.append.apply(apps, nodes)
  }
}
// Literal manifests from the bench server: the development opt-out of manifest verification.
let host: RuntimeHost<Manifest> | undefined
const getHost = () => {
  host ??= createRuntimeHost({ rateLimit: BENCH_RATE_LIMIT, theme: 'light', allowUnverifiedManifests: true })
  return host
}

/** Resolves with the arrival time and data of the first message from `source()` of type `expected`. */
function waitForMessage<T = unknown>(
  source: () => Window | null,
  expected: string,
): Promise<{ at: number; data: T }> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const type = typeof event.data === 'string' ? event.data : event.data?.type
      if (event.source !== source() || type !== expected) return
      removeEventListener('message', onMessage)
      resolve({ at: performance.now(), data: event.data })
    }
    addEventListener('message', onMessage)
  })
}

const benchWallet = {
  /** Mounts `manifest`, resolves once the app called `ready()`; the app stays mounted. */
  async mountApp(manifest: Manifest): Promise<void> {
    const app = getHost().mount(manifest as never, apps)
    await new Promise<void>((resolve) => app.on('ready', () => resolve()))
    benchWallet.app = app
  },
  app: undefined as AppHandle | undefined,

  /**
   * Transfers a raw MessagePort to the mounted app and answers each message with the reply the
   * bridge would send for `ping` (same id, same shape): the baseline of the round-trip benchmark.
   */
  openEchoPort(): Promise<void> {
    const app = benchWallet.app!
    const channel = new MessageChannel()
    channel.port1.onmessage = (event: MessageEvent<{ id: string }>) => {
      channel.port1.postMessage({ id: event.data.id, type: 'RAW', value: { time: Date.now() } })
    }
    const acked = waitForMessage(() => app.iframe.contentWindow, 'bench:echo-ready')
    app.iframe.contentWindow!.postMessage({ type: 'bench:echo-port' }, app.manifest.origin, [channel.port2])
    return acked.then(() => undefined)
  },

  /** Iframe created (by `host.mount`) until the app's `ready()` resolved. The app is closed after. */
  async coldStartBridge(manifest: Manifest): Promise<ColdStartSample> {
    let app: AppHandle | undefined
    const resolved = waitForMessage<ReadyResolved>(
      () => app?.iframe.contentWindow ?? null,
      'bench:ready-resolved',
    )
    const t0 = performance.now()
    app = getHost().mount(manifest as never, apps)
    const hostConnected = new Promise<number>((resolve) =>
      app!.on('state', (state) => state === 'connected' && resolve(performance.now())),
    )
    const hostReady = new Promise<number>((resolve) => app!.on('ready', () => resolve(performance.now())))
    const [connected, ready, done] = await Promise.all([hostConnected, hostReady, resolved])
    app.close()
    const fromApp = (epochMs: number) => epochMs - performance.timeOrigin - t0
    return {
      scriptStart: fromApp(done.data.scriptStart),
      hostConnected: connected - t0,
      welcome: fromApp(done.data.welcome),
      hostReady: ready - t0,
      resolved: fromApp(done.data.resolved),
      readyResolved: done.at - t0,
    }
  },

  /** Baseline: iframe (same sandbox attributes) created until its empty page's one message arrived. */
  async coldStartEmpty(url: string): Promise<number> {
    const iframe = document.createElement('iframe')
    const received = waitForMessage(() => iframe.contentWindow, 'loaded')
    const t0 = performance.now()
    iframe.setAttribute('sandbox', IFRAME_SANDBOX)
    iframe.setAttribute('referrerpolicy', 'no-referrer')
    // Like the host's iframe, which stays hidden until its app says hello.
    iframe.style.visibility = 'hidden'
    iframe.src = url
    apps.append(iframe)
    const { at } = await received
    iframe.remove()
    return at - t0
  },
}

declare global {
  interface Window {
    benchWallet: typeof benchWallet
  }
}
window.benchWallet = benchWallet
// The echo page's round trip (see bench/lib/sites.js): answered at once, like a host answering hello.
addEventListener('message', (event) => {
  if (event.data === 'bench:hi') (event.source as Window).postMessage('bench:hi-back', event.origin)
})
document.documentElement.dataset.loaded = 'true'
