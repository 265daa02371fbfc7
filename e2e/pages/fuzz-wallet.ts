// The fuzz's wallet: the runtime host as a wallet uses it, mounting the fuzzing app beside a
// well-behaved one. The rate limit is raised so that every message of the fuzz reaches the guard
// (with the default, the host drops most of a flood by design, which would hide the guard).
import { createRuntimeHost, type Manifest, type RuntimeHostOptions } from '@chainless/runtime-host'

/** What the wallet saw of its apps. */
export interface WalletReport {
  /** Calls of the host's `onError` hook: an app's message made the host throw. */
  hostErrors: string[]
  /** Apps' `close` and `error` events, in order. */
  appEvents: string[]
  states: Record<string, string>
}

declare global {
  interface Window {
    fuzzWallet: {
      mount(manifests: Manifest[]): void
      report(): WalletReport
    }
  }
}

const hostErrors: string[] = []
const appEvents: string[] = []
const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : typeof error

// `allowUnverifiedManifests` and `onError` are newer options; an older host ignores them.
const options: RuntimeHostOptions & {
  allowUnverifiedManifests?: boolean
  onError?: (error: unknown) => void
} = {
  rateLimit: { capacity: 1e9, refillPerSecond: 1e9 },
  allowUnverifiedManifests: true,
  onError: (error) => hostErrors.push(describeError(error)),
}
const host = createRuntimeHost(options)

window.fuzzWallet = {
  mount(manifests) {
    const container = document.getElementById('apps')!
    for (const manifest of manifests) {
      const app = host.mount(manifest as never, container)
      app.on('close', ({ reason }) => appEvents.push(`${manifest.appId} closed: ${reason}`))
      app.on('error', ({ code, message }) => appEvents.push(`${manifest.appId} error ${code}: ${message}`))
    }
  },
  report() {
    const states = Object.fromEntries(host.apps.map((app) => [app.manifest.appId, app.state]))
    return { hostErrors: [...hostErrors], appEvents: [...appEvents], states }
  },
}
document.documentElement.dataset.loaded = 'true'
