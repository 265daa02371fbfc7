// A hand-made host for the js-sdk unit tests (vitest's node environment): a fake `window` whose
// `parent` records what the SDK posts, and Node's real MessageChannel for the private port.
// The cross-origin flows in a real browser are covered by e2e/bridge.spec.ts.
import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import type { AppContext } from '@chainless/protocol'
import { vi } from 'vitest'

/** The context the fake host sends in `welcome`. */
export const context: AppContext = {
  app: { appId: 'demo', name: 'Demo', version: '1.0.0', origin: 'https://demo.apps.example' },
  host: { name: 'Test Wallet', version: '9.9.9', platform: 'web' },
  locale: 'zh-CN',
  theme: 'dark',
  safeAreaInsets: { top: 1, right: 2, bottom: 3, left: 4 },
  launchParams: { ref: 'unit' },
}

/** The wallet's origin in these tests. */
export const HOST_ORIGIN = 'https://wallet.example'

/** Everything the SDK can see and everything the tests need to play the host. */
export interface FakeHost {
  /** `window.parent`: `postMessage` is a spy. */
  parent: { postMessage: ReturnType<typeof vi.fn> }
  /** The fake `window` (an EventTarget). */
  window: EventTarget & { parent: unknown }
  /** Dispatches a window `message` event as a browser would. */
  dispatch(init: { data: unknown; source?: unknown; origin?: string; ports?: unknown[] }): void
  /** Posts a window-level `chainless:probe` from `window.parent` (as the host does). */
  probe(id: unknown, init?: { source?: unknown; origin?: string }): void
  /** Answers the SDK's `hello` with a `welcome` and a fresh port; returns the host's end. */
  welcome(options?: { capabilities?: readonly string[]; origin?: string }): HostPort
  /** Closes every port this host made. */
  close(): void
}

/** The host's end of the private port, with a queue of what the SDK sent. */
export interface HostPort {
  port: NodeMessagePort
  /** Resolves with the next message the SDK posts on the port. */
  next(): Promise<Record<string, unknown>>
  /** Posts to the SDK. */
  post(message: unknown): void
}

const ALL = ['ready', 'close', 'setBackButton', 'getContext', 'ping'] as const

/** Installs a fake `window`/`parent`/`location` (restore with `vi.unstubAllGlobals()`). */
export function installFakeHost(location: Record<string, unknown> = {}): FakeHost {
  const ports: NodeMessagePort[] = []
  // Like a browser: a target origin that is neither '*', '/' nor a URL throws a SyntaxError.
  const parent = {
    postMessage: vi.fn((_message: unknown, targetOrigin: string) => {
      if (targetOrigin === '*' || targetOrigin === '/') return
      try {
        new URL(targetOrigin)
      } catch {
        throw new DOMException(`Invalid target origin '${targetOrigin}'`, 'SyntaxError')
      }
    }),
  }
  const win = Object.assign(new EventTarget(), { parent })
  vi.stubGlobal('window', win)
  vi.stubGlobal('location', location)
  const dispatch: FakeHost['dispatch'] = ({ data, source = parent, origin = HOST_ORIGIN, ports = [] }) => {
    win.dispatchEvent(Object.assign(new Event('message'), { data, source, origin, ports }))
  }
  return {
    parent,
    window: win,
    dispatch,
    probe: (id, init) => dispatch({ data: { type: 'chainless:probe', id }, ...init }),
    welcome({ capabilities = ALL, origin = HOST_ORIGIN } = {}) {
      const { port1, port2 } = new MessageChannel()
      ports.push(port1 as unknown as NodeMessagePort, port2 as unknown as NodeMessagePort)
      dispatch({
        data: { type: 'chainless:welcome', protocol: '1.0', capabilities, context },
        origin,
        ports: [port2],
      })
      return hostPort(port1 as unknown as NodeMessagePort)
    },
    close() {
      for (const port of ports) port.close()
    },
  }
}

function hostPort(port: NodeMessagePort): HostPort {
  const queue: Record<string, unknown>[] = []
  const waiting: ((message: Record<string, unknown>) => void)[] = []
  port.on('message', (message: Record<string, unknown>) => {
    const resolve = waiting.shift()
    if (resolve) resolve(message)
    else queue.push(message)
  })
  return {
    port,
    next: () => {
      const queued = queue.shift()
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve))
    },
    post: (message) => port.postMessage(message),
  }
}

// Captured before any test fakes the timers.
const realSetTimeout = globalThis.setTimeout

/** Resolves after 30 ms of real time (message deliveries ran). Works under fake timers. */
export const flush = () => new Promise<void>((resolve) => realSetTimeout(resolve, 30))

/** The `hello`s the SDK posted so far. */
export const hellos = (host: FakeHost) =>
  host.parent.postMessage.mock.calls.filter(([message]) => message?.type === 'chainless:hello')

/** A fresh copy of the SDK (bridge.ts keeps module state), connected to a fake host. */
export async function connectedSdk(capabilities?: readonly string[], location?: Record<string, unknown>) {
  const host = installFakeHost(location)
  vi.resetModules()
  const sdk = await import('../src/index.js')
  const ready = sdk.ready()
  const port = host.welcome({ capabilities })
  const call = await port.next()
  port.post({ id: call.id, type: 'RAW', value: null })
  await ready
  return { host, sdk, port }
}
