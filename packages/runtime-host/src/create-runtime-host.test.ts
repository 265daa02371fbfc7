// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import type { Manifest, UiAdapter } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppHandle } from './app-handle.js'
import { createRuntimeHost, type RuntimeHostOptions } from './create-runtime-host.js'
import { MountError } from './errors.js'
import type { SeenAppsStore } from './grants.js'
import { InvalidOptionError } from './invalid-option-error.js'

const manifest = (over: Partial<Manifest> = {}): Manifest => ({
  appId: 'hello',
  name: 'Hello',
  version: '1.0.0',
  origin: 'http://hello.localhost:8090',
  entryUrl: 'http://hello.localhost:8090/',
  scopes: ['user:basic'],
  ...over,
})

// happy-dom reports each iframe it does not load on the console; the iframes' documents are faked.
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})

const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
  vi.useRealTimers()
})

function devHost(options: RuntimeHostOptions = {}) {
  const host = createRuntimeHost({ ...options, allowUnverifiedManifests: true })
  hosts.push(host)
  return host
}

/** A stand-in for the app's window: records what the host posts to it. */
function appWindow() {
  const posted: { message: Record<string, unknown>; origin: string; port?: MessagePort }[] = []
  const source = {
    postMessage(message: Record<string, unknown>, origin: string, transfer?: Transferable[]) {
      posted.push({ message, origin, port: transfer?.[0] as MessagePort | undefined })
    },
  }
  return { source, posted }
}

const hello = { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' }
function sayHello(app: AppHandle, source: object, origin = app.manifest.origin): void {
  app.handleWindowMessage({ data: hello, origin, source } as unknown as MessageEvent)
}

/** Collects the events the app receives on its port. */
function events(port: MessagePort): { event: string; data: unknown }[] {
  const received: { event: string; data: unknown }[] = []
  port.onmessage = (e) => {
    if ((e.data as { type?: string }).type === 'chainless:event') received.push(e.data)
  }
  return received
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('account events need the user:basic grant (issue 7 item 3)', () => {
  it('send() refuses accountsChanged to an app without the grant, sends it with it', async () => {
    const host = devHost()
    const app = host.mount(manifest(), document.body)
    const { source, posted } = appWindow()
    sayHello(app, source)
    const received = events(posted[0]!.port!)
    expect(app.send('accountsChanged', ['0x0000000000000000000000000000000000000001'])).toBe(false)
    expect(app.send('themeChanged', 'dark')).toBe(true)
    host.grants.grant('hello', '', ['user:basic'])
    expect(app.send('accountsChanged', ['0x0000000000000000000000000000000000000002'])).toBe(true)
    await tick()
    expect(received).toEqual([
      { type: 'chainless:event', event: 'themeChanged', data: 'dark' },
      {
        type: 'chainless:event',
        event: 'accountsChanged',
        data: ['0x0000000000000000000000000000000000000002'],
      },
    ])
  })

  it('a grant for an undeclared scope does not count', () => {
    const host = devHost({ isGranted: () => true })
    const app = host.mount(manifest({ scopes: [] }), document.body)
    sayHello(app, appWindow().source)
    expect(app.send('accountsChanged', [])).toBe(false)
  })
})

describe('handshakes are rate limited per app (issue 7 item 4)', () => {
  it('builds at most 5 channels for a burst of hellos, then 1 a second', () => {
    vi.useFakeTimers()
    const host = devHost()
    const app = host.mount(manifest(), document.body)
    const { source, posted } = appWindow()
    for (let i = 0; i < 30; i++) sayHello(app, source)
    expect(posted.filter((p) => p.message.type === 'chainless:welcome')).toHaveLength(5)
    vi.advanceTimersByTime(1000)
    for (let i = 0; i < 20; i++) sayHello(app, source)
    expect(posted).toHaveLength(6)
    expect(app.state).not.toBe('closed')
    // Every welcome went to the app's origin only.
    expect(new Set(posted.map((p) => p.origin))).toEqual(new Set([app.manifest.origin]))
  })

  it('closes an app that keeps saying hello past the limit (rate-limited)', () => {
    const host = devHost()
    const app = host.mount(manifest(), document.body)
    const closed: unknown[] = []
    const errors: { code: number }[] = []
    app.on('close', (event) => closed.push(event))
    app.on('error', (error) => errors.push(error))
    const { source } = appWindow()
    for (let i = 0; i < 5 + 50; i++) sayHello(app, source)
    expect(app.state).not.toBe('closed')
    sayHello(app, source)
    expect(app.state).toBe('closed')
    expect(closed).toEqual([{ reason: 'rate-limited' }])
    expect(errors.map((e) => e.code)).toEqual([4290])
    expect(host.apps).not.toContain(app)
  })

  it('another app keeps its own handshake budget', () => {
    const host = devHost()
    const a = host.mount(manifest(), document.body)
    const b = host.mount(
      manifest({ appId: 'b', origin: 'http://b.localhost:8090', entryUrl: 'http://b.localhost:8090/' }),
      document.body,
    )
    const wa = appWindow()
    const wb = appWindow()
    for (let i = 0; i < 50; i++) sayHello(a, wa.source)
    sayHello(b, wb.source)
    expect(wb.posted).toHaveLength(1)
    expect(b.state).toBe('connected')
  })
})

describe('manifest trust (issue 7, found by reading)', () => {
  it('mount and open refuse a manifest that loadManifest did not verify', async () => {
    const host = createRuntimeHost()
    hosts.push(host)
    const literal = manifest()
    expect(() => host.mount(literal as never, document.body)).toThrowError(
      expect.objectContaining({ name: 'MountError', code: 'UNVERIFIED_MANIFEST' }),
    )
    // A cast cannot forge the brand: the check is a run-time one.
    await expect(host.open(Object.freeze({ ...literal }) as never, document.body)).rejects.toMatchObject({
      code: 'UNVERIFIED_MANIFEST',
    })
    expect(document.querySelectorAll('iframe')).toHaveLength(0)
  })

  it('host.loadManifest needs pinned keys unless the wallet opted out', async () => {
    const host = createRuntimeHost()
    hosts.push(host)
    await expect(
      host.loadManifest({ apiUrl: 'http://api.localhost', appId: 'hello' }),
    ).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('shows the security notice again when origin, rating, scopes or permissions change', async () => {
    const notices: string[] = []
    const ui = {
      securityNotice: async ({ manifest }: { manifest: Manifest }) => {
        notices.push(`${manifest.origin} ${manifest.securityRating ?? '-'} ${manifest.scopes.join(',')}`)
        return { confirmed: true }
      },
    } as unknown as UiAdapter
    const data = new Map<string, string>()
    const seenApps: SeenAppsStore = { get: (id) => data.get(id), set: (id, f) => data.set(id, f) }
    const host = devHost({ ui, seenApps })
    const open = async (m: Manifest) => (await host.open(m, document.body)).close()
    await open(manifest())
    await open(manifest({ scopes: ['user:basic'] }))
    await open(manifest({ securityRating: 'A' }))
    await open(manifest({ securityRating: 'A' }))
    await open(manifest({ securityRating: 'A', scopes: ['user:basic', 'tx:sign'] }))
    await open(manifest({ securityRating: 'A', scopes: ['tx:sign', 'user:basic'] }))
    await open(manifest({ securityRating: 'A', scopes: ['tx:sign', 'user:basic'], permissions: ['camera'] }))
    await open(
      manifest({
        securityRating: 'A',
        scopes: ['tx:sign', 'user:basic'],
        permissions: ['camera'],
        origin: 'http://other.localhost:8090',
        entryUrl: 'http://other.localhost:8090/',
      }),
    )
    expect(notices).toHaveLength(5)
  })
})

describe('reading items (issue 7)', () => {
  it('open() resolves into a destroyed host with HOST_DESTROYED, never a mount', async () => {
    let confirm!: () => void
    const ui = {
      securityNotice: () =>
        new Promise((resolve) => {
          confirm = () => resolve({ confirmed: true })
        }),
    } as unknown as UiAdapter
    const host = devHost({ ui, seenApps: { get: () => undefined, set: () => undefined } })
    const opening = host.open(manifest(), document.body)
    await vi.waitFor(() => expect(confirm).toBeTypeOf('function'))
    host.destroy()
    confirm()
    await expect(opening).rejects.toMatchObject({ name: 'MountError', code: 'HOST_DESTROYED' })
    expect(document.querySelectorAll('iframe')).toHaveLength(0)
    expect(host.apps).toHaveLength(0)
  })

  it.each([
    'http://hello.localhost:8090/',
    'http://HELLO.localhost:8090',
    'http://hello.localhost:8090/wallet',
  ])('the same-origin refusal holds for a host origin written %s', (origin) => {
    const host = devHost({ origin })
    expect(() => host.mount(manifest(), document.body)).toThrowError(
      expect.objectContaining({ code: 'SAME_ORIGIN' }),
    )
  })

  it.each([
    ['probeTimeoutMs', -1],
    ['probeTimeoutMs', Number.NaN],
    ['probeIntervalMs', 0],
    ['reconnectTimeoutMs', Number.POSITIVE_INFINITY],
    ['reconnectTimeoutMs', 2 ** 31],
    ['reconnectTimeoutMs', '5000'],
    ['rateLimit', { capacity: 0, refillPerSecond: 1 }],
    ['rateLimit', { capacity: 10, refillPerSecond: -1 }],
    ['origin', 'not a url'],
    ['origin', 'data:text/html,x'],
  ])('refuses %s = %s', (name, value) => {
    expect(() => createRuntimeHost({ [name]: value } as RuntimeHostOptions)).toThrowError(InvalidOptionError)
  })

  it('MountError is a ChainlessError with a string code and data', async () => {
    const { ChainlessError } = await import('@chainless/protocol')
    const host = devHost()
    host.destroy()
    let error: unknown
    try {
      host.mount(manifest(), document.body)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MountError)
    expect(error).toBeInstanceOf(ChainlessError)
    expect(error).toMatchObject({ code: 'HOST_DESTROYED', shortMessage: 'The runtime host was destroyed' })
  })
})

describe("the wallet's error hook (issue 14)", () => {
  it('an exception in a handler reaches onError once; the app gets -32603 without data', async () => {
    const onError = vi.fn()
    const boom = new Error('boom at file:///wallet.js:1:1')
    const host = devHost({
      onError,
      handlers: {
        ping: () => {
          throw boom
        },
      },
    })
    const app = host.mount(manifest(), document.body)
    const { source, posted } = appWindow()
    sayHello(app, source)
    const port = posted[0]!.port!
    const replies: unknown[] = []
    port.onmessage = (e) => replies.push(e.data)
    port.postMessage({ id: '1', type: 'APPLY', path: ['ping'], argumentList: [] })
    await vi.waitFor(() => expect(replies).toHaveLength(1))
    expect(replies[0]).toEqual({
      id: '1',
      type: 'HANDLER',
      name: 'throw',
      value: { isError: false, value: { code: -32603, message: 'Internal error' } },
    })
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(boom)
  })
})
