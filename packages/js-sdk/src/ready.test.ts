import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { context, type FakeHost, flush, HOST_ORIGIN, installFakeHost } from '../test/fake-host.js'

type Sdk = typeof import('./index.js')

// bridge.ts keeps module state (the connection): every test gets a fresh copy of the SDK.
const load = async (): Promise<Sdk> => {
  vi.resetModules()
  return import('./index.js')
}

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('without window (SSR)', () => {
  it('imports without side effects; isInHost() is false; ready() rejects with 4900 at once', async () => {
    expect(typeof window).toBe('undefined')
    const globals = Object.getOwnPropertyNames(globalThis).sort()
    const sdk = await load()
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globals)
    expect(sdk.isInHost()).toBe(false)
    const started = performance.now()
    const error = await sdk.ready().catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(50)
    expect(error).toBeInstanceOf(sdk.DisconnectedError)
    expect(error).toMatchObject({ code: 4900, name: 'DisconnectedError' })
    // Calls reject the same way.
    await expect(sdk.call('ping', undefined)).rejects.toMatchObject({ code: 4900 })
  })

  it('isInHost() is false for a top-level window', async () => {
    const top = new EventTarget() as EventTarget & { parent?: unknown }
    top.parent = top
    vi.stubGlobal('window', top)
    const sdk = await load()
    expect(sdk.isInHost()).toBe(false)
    await expect(sdk.ready()).rejects.toMatchObject({ code: 4900 })
  })
})

describe('handshake', () => {
  beforeEach(() => {
    host = installFakeHost()
  })

  it('posts hello with protocol and sdkVersion, and resolves ready() with the context', async () => {
    const sdk = await load()
    expect(sdk.isInHost()).toBe(true)
    const ready = sdk.ready()
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(1)
    expect(host!.parent.postMessage).toHaveBeenCalledWith(
      { type: 'chainless:hello', protocol: '1.0', sdkVersion: sdk.SDK_VERSION },
      '*',
    )
    const port = host!.welcome()
    // ready() tells the host the app rendered: APPLY of `ready` over the port, comlink's wire format.
    const call = await port.next()
    expect(call).toEqual({ id: expect.any(String), type: 'APPLY', path: ['ready'], argumentList: [] })
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await ready).toEqual(context)
    // A second ready() shares the connection: no second hello.
    const again = sdk.ready()
    const call2 = await port.next()
    expect(call2).toMatchObject({ type: 'APPLY', path: ['ready'] })
    port.post({ id: call2.id, type: 'RAW', value: null })
    expect(await again).toEqual(context)
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(1)
  })

  it('sends hello to the embedding origin when the browser tells it (location.ancestorOrigins)', async () => {
    host!.close()
    vi.unstubAllGlobals()
    host = installFakeHost({ ancestorOrigins: [HOST_ORIGIN] })
    const sdk = await load()
    void sdk.ready({ timeout: 10 }).catch(() => undefined)
    expect(host.parent.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'chainless:hello' }),
      HOST_ORIGIN,
    )
  })

  // whatwg/html#11560: with the host's own `no-referrer`, the browser reports the ancestor as "null".
  it.each([
    ['"null"', ['null']],
    ['an opaque scheme', ['file://']],
    ['a path', [`${HOST_ORIGIN}/app`]],
    ['a non-http scheme', ['chrome-extension://abc']],
    ['an empty list', []],
  ])('sends hello to "*" when ancestorOrigins[0] is %s, and connects', async (_, ancestorOrigins) => {
    host!.close()
    vi.unstubAllGlobals()
    host = installFakeHost({ ancestorOrigins })
    const sdk = await load()
    const ready = sdk.ready({ timeout: 500 })
    expect(host.parent.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'chainless:hello' }),
      '*',
    )
    const port = host.welcome()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await ready).toEqual(context)
  })

  it('turns any synchronous throw in the handshake into a typed 4900 rejection, keeping the cause', async () => {
    const sdk = await load()
    const boom = new Error('postMessage failed')
    host!.parent.postMessage.mockImplementationOnce(() => {
      throw boom
    })
    const error = await sdk.ready().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.BridgeError)
    expect(error).toMatchObject({ code: 4900, shortMessage: 'Handshake failed', cause: boom })
    // The listener is gone and a later ready() can connect.
    const again = sdk.ready()
    const port = host!.welcome()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await again).toEqual(context)
  })

  it('survives a location whose ancestorOrigins throws', async () => {
    host!.close()
    vi.unstubAllGlobals()
    host = installFakeHost({
      get ancestorOrigins(): never {
        throw new Error('no')
      },
    })
    const sdk = await load()
    void sdk.ready({ timeout: 10 }).catch(() => undefined)
    expect(host.parent.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'chainless:hello' }),
      '*',
    )
  })

  it.each([
    ['NaN', Number.NaN],
    ['negative', -1],
    ['a string', '100'],
  ])('rejects a %s handshake timeout with -32602 without saying hello', async (_, timeout) => {
    const sdk = await load()
    const error = await sdk.ready({ timeout: timeout as number }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.InvalidParamsError)
    expect(host!.parent.postMessage).not.toHaveBeenCalled()
  })

  it.each([
    ['above 2³¹−1 ms', 2 ** 31 + 5],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('a handshake timeout %s does not fire at once (setTimeout overflow)', async (_, timeout) => {
    const sdk = await load()
    let settled: unknown
    void sdk.ready({ timeout }).then(
      (v) => (settled = v),
      (e: unknown) => (settled = e),
    )
    await flush()
    expect(settled).toBeUndefined()
    const port = host!.welcome()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    await vi.waitFor(() => expect(settled).toEqual(context))
  })

  it('rejects with 4900 after `timeout` when the parent never answers, and can retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const sdk = await load()
    let settled: unknown
    const first = sdk.ready({ timeout: 300 }).catch((e: unknown) => e)
    void first.then((e) => (settled = e))
    await vi.advanceTimersByTimeAsync(299)
    expect(settled).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    const error = await first
    expect(error).toBeInstanceOf(sdk.DisconnectedError)
    expect(error).toMatchObject({ code: 4900, message: 'No host answered', data: { timeoutMs: 300 } })

    // A later ready() says hello again and can succeed.
    const second = sdk.ready({ timeout: 300 })
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(2)
    const port = host!.welcome()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await second).toEqual(context)
  })

  it('uses the default timeout of 1000 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const sdk = await load()
    let settled = false
    const ready = sdk.ready().catch((e: unknown) => e)
    void ready.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await ready).toMatchObject({ code: 4900 })
  })

  it('ignores a welcome from a window other than window.parent', async () => {
    const sdk = await load()
    const ready = sdk.ready({ timeout: 100 })
    const { port1, port2 } = new MessageChannel()
    host!.dispatch({
      data: { type: 'chainless:welcome', protocol: '1.0', capabilities: ['ready'], context },
      source: { postMessage() {} },
      ports: [port2],
    })
    await expect(ready).rejects.toMatchObject({ code: 4900, message: 'No host answered' })
    port1.close()
    port2.close()
  })

  it('ignores a welcome without a port, or with a malformed body', async () => {
    const sdk = await load()
    const ready = sdk.ready({ timeout: 100 })
    const { port1, port2 } = new MessageChannel()
    host!.dispatch({ data: { type: 'chainless:welcome', protocol: '1.0', capabilities: ['ready'], context } })
    host!.dispatch({ data: { type: 'chainless:welcome', capabilities: ['ready'] }, ports: [port2] })
    host!.dispatch({ data: { type: 'chainless:welcome', context, capabilities: 'ready' }, ports: [port2] })
    host!.dispatch({ data: null, ports: [port2] })
    host!.dispatch({ data: 'chainless:welcome', ports: [port2] })
    await expect(ready).rejects.toMatchObject({ code: 4900, message: 'No host answered' })
    port1.close()
    port2.close()
  })

  it('with hostOrigins, ignores a parent on another origin and accepts a pinned one', async () => {
    const sdk = await load()
    const ready = sdk.ready({ timeout: 1000, hostOrigins: [HOST_ORIGIN] })
    // Wrong origin: both a welcome and a refuse are ignored.
    host!.dispatch({
      data: { type: 'chainless:refuse', error: { code: 4200, message: 'x' } },
      origin: 'https://evil.example',
    })
    const stray = host!.welcome({ origin: 'https://evil.example' })
    const port = host!.welcome({ origin: HOST_ORIGIN })
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await ready).toEqual(context)
    // Nothing ever went to the stray port.
    const first = await Promise.race([stray.next(), flush().then(() => 'nothing')])
    expect(first).toBe('nothing')
  })

  it('with hostOrigins, refuses a connection an earlier unpinned call made to another origin', async () => {
    const sdk = await load()
    const early = sdk.call('ping', undefined)
    const port = host!.welcome({ origin: 'https://other.example' })
    const ping = await port.next()
    port.post({ id: ping.id, type: 'RAW', value: { time: 1 } })
    await expect(early).resolves.toEqual({ time: 1 })
    await expect(sdk.ready({ hostOrigins: [HOST_ORIGIN] })).rejects.toMatchObject({
      code: 4100,
      name: 'UnauthorizedError',
      data: { origin: 'https://other.example' },
    })
    // ...and the unpinned session is over: nothing more goes to that host without a new hello.
    const before = host!.parent.postMessage.mock.calls.length
    void sdk.call('ping', undefined, { timeout: 50 }).catch(() => undefined)
    await flush()
    expect(host!.parent.postMessage.mock.calls.length).toBe(before + 1)
    expect(host!.parent.postMessage.mock.calls.at(-1)?.[0]).toMatchObject({ type: 'chainless:hello' })
  })

  it('with hostOrigins, times out when only other origins answer', async () => {
    const sdk = await load()
    const ready = sdk.ready({ timeout: 100, hostOrigins: ['https://pinned.example'] })
    host!.welcome({ origin: HOST_ORIGIN })
    // The error names the origin that did answer, so a pin copied from an example explains itself.
    await expect(ready).rejects.toMatchObject({
      code: 4900,
      message: `No host answered on a pinned origin: ${HOST_ORIGIN} answered, add it to hostOrigins`,
      data: { timeoutMs: 100, answeredFrom: HOST_ORIGIN },
    })
  })

  it('without any answer, the timeout error names no origin', async () => {
    const sdk = await load()
    const ready = sdk.ready({ timeout: 50, hostOrigins: ['https://pinned.example'] })
    await expect(ready).rejects.toMatchObject({
      code: 4900,
      message: 'No host answered',
      data: { timeoutMs: 50 },
    })
  })

  it('rejects with the typed error of chainless:refuse', async () => {
    const sdk = await load()
    const ready = sdk.ready()
    host!.dispatch({
      data: {
        type: 'chainless:refuse',
        error: { code: 4200, message: 'Unsupported protocol version', data: { host: '1.0', app: '2.0' } },
      },
    })
    const error = await ready.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.UnsupportedMethodError)
    expect(error).toMatchObject({
      code: 4200,
      message: 'Unsupported protocol version',
      data: { host: '1.0', app: '2.0' },
    })
  })

  it('turns a malformed refuse into InternalError', async () => {
    const sdk = await load()
    const ready = sdk.ready()
    host!.dispatch({ data: { type: 'chainless:refuse', error: { code: 'x' } } })
    const error = await ready.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.InternalError)
    expect(error).toMatchObject({ code: -32603 })
  })

  it('rejects with signal.reason when aborted; the handshake still serves later callers', async () => {
    const sdk = await load()
    const controller = new AbortController()
    const ready = sdk.ready({ signal: controller.signal })
    const reason = new Error('user left')
    controller.abort(reason)
    await expect(ready).rejects.toBe(reason)
    // An already-aborted signal rejects without saying hello again.
    await expect(sdk.ready({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(1)
    // The welcome to the first hello still connects the next caller.
    const port = host!.welcome()
    const next = sdk.ready()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await next).toEqual(context)
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(1)
  })

  it('aborting one caller rejects that caller at once and not the others sharing the handshake', async () => {
    const sdk = await load()
    const controller = new AbortController()
    const reason = new Error('stop')
    // The aborted caller started the handshake ...
    const ping = sdk.call('ping', undefined, { signal: controller.signal })
    const ready = sdk.ready()
    controller.abort(reason)
    await expect(ping).rejects.toBe(reason)
    // ... and a caller that joined it still connects.
    const port = host!.welcome()
    const call = await port.next()
    expect(call).toMatchObject({ path: ['ready'] })
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await ready).toEqual(context)
    expect(host!.parent.postMessage).toHaveBeenCalledTimes(1)
  })

  it('a caller that joins a running handshake with a signal can still abort', async () => {
    const sdk = await load()
    const ready = sdk.ready()
    const controller = new AbortController()
    const ping = sdk.call('ping', undefined, { signal: controller.signal })
    controller.abort(new Error('stop'))
    await expect(ping).rejects.toThrow('stop')
    const port = host!.welcome()
    const call = await port.next()
    expect(call).toMatchObject({ path: ['ready'] })
    port.post({ id: call.id, type: 'RAW', value: null })
    expect(await ready).toEqual(context)
  })
})
