import { afterEach, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost, flush, hellos, installFakeHost } from '../test/fake-host.js'

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const setup = async (capabilities?: readonly string[]) => {
  const connected = await connectedSdk(capabilities)
  host = connected.host
  return connected
}

it('sends APPLY in comlink wire format and resolves with the RAW reply', async () => {
  const { sdk, port } = await setup()
  const result = sdk.call('setBackButton', { visible: true })
  const message = await port.next()
  expect(message).toEqual({
    id: expect.any(String),
    type: 'APPLY',
    path: ['setBackButton'],
    argumentList: [{ type: 'RAW', value: { visible: true } }],
  })
  port.post({ id: message.id, type: 'RAW', value: null })
  expect(await result).toBeNull()

  const ping = sdk.call('ping', undefined)
  const pingMessage = await port.next()
  expect(pingMessage).toMatchObject({ path: ['ping'], argumentList: [] })
  expect(pingMessage.id).not.toBe(message.id)
  port.post({ id: pingMessage.id, type: 'RAW', value: { time: 42 } })
  expect(await ping).toEqual({ time: 42 })
})

it('matches replies to calls by id, in any order, and ignores unknown ids', async () => {
  const { sdk, port } = await setup()
  const a = sdk.call('ping', undefined)
  const b = sdk.call('getContext', undefined)
  const [ma, mb] = [await port.next(), await port.next()]
  port.post({ id: 'nobody', type: 'RAW', value: 'junk' })
  port.post({ id: mb.id, type: 'RAW', value: 'context' })
  port.post({ id: ma.id, type: 'RAW', value: { time: 1 } })
  expect(await a).toEqual({ time: 1 })
  expect(await b).toBe('context')
})

it('rejects with the typed error of a HANDLER throw reply, keeping code, message and data', async () => {
  const { sdk, port } = await setup()
  const result = sdk.call('setBackButton', { visible: 'yes' } as never)
  const message = await port.next()
  const payload = { code: -32602, message: 'Invalid params', data: { issues: [{ path: 'visible' }] } }
  port.post({ id: message.id, type: 'HANDLER', name: 'throw', value: { isError: false, value: payload } })
  const error = await result.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.InvalidParamsError)
  expect(error).toBeInstanceOf(sdk.BridgeError)
  expect(error).toMatchObject(payload)
})

it.each([
  ['an unknown reply type', { type: 'GET', value: 1 }, 'Malformed reply'],
  ['a HANDLER reply that is not a throw', { type: 'HANDLER', name: 'proxy', value: 1 }, 'Malformed reply'],
  ['a throw without a payload', { type: 'HANDLER', name: 'throw' }, 'Malformed error from peer'],
  [
    'a throw with a junk payload',
    { type: 'HANDLER', name: 'throw', value: { value: { code: '4001' } } },
    'Malformed error from peer',
  ],
])('turns %s into InternalError', async (_, reply, message) => {
  const { sdk, port } = await setup()
  const result = sdk.call('ping', undefined)
  const { id } = await port.next()
  port.post({ id, ...reply })
  const error = await result.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.InternalError)
  expect(error).toMatchObject({ code: -32603, message })
})

it('rejects with 4080 TimeoutError after `timeout` and ignores a late reply', async () => {
  const { sdk, port } = await setup()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  let settled: unknown
  const result = sdk.call('ping', undefined, { timeout: 250 }).catch((e: unknown) => e)
  void result.then((e) => (settled = e))
  const { id } = await port.next()
  await vi.advanceTimersByTimeAsync(249)
  expect(settled).toBeUndefined()
  await vi.advanceTimersByTimeAsync(1)
  const error = await result
  expect(error).toBeInstanceOf(sdk.TimeoutError)
  expect(error).toMatchObject({ code: 4080, data: { method: 'ping', timeoutMs: 250 } })
  port.post({ id, type: 'RAW', value: { time: 1 } })
  await flush()
})

it('uses the registry timeout by default (10 s for ping)', async () => {
  const { sdk, port } = await setup()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  let settled: unknown
  const result = sdk.call('ping', undefined).catch((e: unknown) => e)
  void result.then((e) => (settled = e))
  await port.next()
  await vi.advanceTimersByTimeAsync(9_999)
  expect(settled).toBeUndefined()
  await vi.advanceTimersByTimeAsync(1)
  expect(await result).toMatchObject({ code: 4080, data: { timeoutMs: 10_000 } })
})

it('rejects with signal.reason on abort and drops the pending call', async () => {
  const { sdk, port } = await setup()
  const controller = new AbortController()
  const result = sdk.call('ping', undefined, { signal: controller.signal })
  const { id } = await port.next()
  const reason = new Error('cancelled')
  controller.abort(reason)
  await expect(result).rejects.toBe(reason)
  // The pending entry is gone: a late reply is ignored, and a later call still works.
  port.post({ id, type: 'RAW', value: { time: 1 } })
  const next = sdk.call('ping', undefined)
  const message = await port.next()
  port.post({ id: message.id, type: 'RAW', value: { time: 2 } })
  expect(await next).toEqual({ time: 2 })
  // An already-aborted signal rejects without posting.
  await expect(sdk.call('ping', undefined, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
  const after = sdk.call('getContext', undefined)
  const afterMessage = await port.next()
  expect(afterMessage).toMatchObject({ path: ['getContext'] })
  port.post({ id: afterMessage.id, type: 'RAW', value: null })
  await after
})

it('rejects a method the host does not serve with 4200 without posting', async () => {
  const { sdk, port } = await setup(['ready', 'ping'])
  const error = await sdk.call('getContext', undefined).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.UnsupportedMethodError)
  expect(error).toMatchObject({ code: 4200, data: { method: 'getContext' } })
  await expect(sdk.showBackButton()).rejects.toMatchObject({ code: 4200 })
  // The next message the host sees is the next served call: nothing was posted for the others.
  const ping = sdk.call('ping', undefined)
  const message = await port.next()
  expect(message).toMatchObject({ path: ['ping'] })
  port.post({ id: message.id, type: 'RAW', value: { time: 3 } })
  await ping
})

it('rejects params that cannot be cloned with -32602, without a pending entry', async () => {
  const { sdk, port } = await setup()
  const error = await sdk.call('close', { reason: (() => 'x') as never }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.InvalidParamsError)
  expect(error).toMatchObject({ code: -32602 })
  const ping = sdk.call('ping', undefined)
  const message = await port.next()
  expect(message).toMatchObject({ path: ['ping'] })
  port.post({ id: message.id, type: 'RAW', value: { time: 4 } })
  await ping
})

it('chainless:disconnect settles every pending call with 4900; later calls reject with 4900', async () => {
  const { host, sdk, port } = await setup()
  const a = sdk.call('ping', undefined).catch((e: unknown) => e)
  const b = sdk.call('getContext', undefined).catch((e: unknown) => e)
  await port.next()
  await port.next()
  port.post({ type: 'chainless:disconnect', reason: 'host' })
  for (const error of [await a, await b]) {
    expect(error).toBeInstanceOf(sdk.DisconnectedError)
    expect(error).toMatchObject({ code: 4900, data: { reason: 'host' } })
  }
  // A later call needs a new handshake; with no host answering it rejects with 4900.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const later = sdk.call('ping', undefined).catch((e: unknown) => e)
  expect(host.parent.postMessage).toHaveBeenCalledTimes(2)
  await vi.advanceTimersByTimeAsync(1000)
  expect(await later).toMatchObject({ code: 4900, name: 'DisconnectedError' })
  // The old port is closed: the SDK no longer answers probes on it.
  vi.useRealTimers()
  port.post({ type: 'chainless:probe', id: 'p1' })
  expect(await Promise.race([port.next(), flush().then(() => 'nothing')])).toBe('nothing')
})

it('ignores the old port-level chainless:probe (the host probes the window now)', async () => {
  const { port } = await setup()
  port.post({ type: 'chainless:probe', id: 'p7' })
  expect(await Promise.race([port.next(), flush().then(() => 'nothing')])).toBe('nothing')
})

it.each([
  ['above 2³¹−1 ms', 2 ** 31],
  ['Infinity', Number.POSITIVE_INFINITY],
])('a call timeout %s does not fire at once (setTimeout overflow)', async (_, timeout) => {
  const { sdk, port } = await setup()
  let settled: unknown
  void sdk.call('ping', undefined, { timeout }).then(
    (v) => (settled = v),
    (e: unknown) => (settled = e),
  )
  const { id } = await port.next()
  await flush()
  expect(settled).toBeUndefined()
  port.post({ id, type: 'RAW', value: { time: 5 } })
  await vi.waitFor(() => expect(settled).toEqual({ time: 5 }))
})

it.each([
  ['NaN', Number.NaN],
  ['negative', -5],
  ['not a number', '10'],
])('rejects a %s call timeout with -32602 without posting', async (_, timeout) => {
  const { sdk, port } = await setup()
  const error = await sdk.call('ping', undefined, { timeout: timeout as number }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.InvalidParamsError)
  expect(error).toMatchObject({ code: -32602, message: 'Invalid timeout' })
  expect(await Promise.race([port.next(), flush().then(() => 'nothing')])).toBe('nothing')
})

it("a call's timeout bounds its handshake too", async () => {
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('./index.js')
  const started = performance.now()
  const error = await sdk.call('ping', undefined, { timeout: 100 }).catch((e: unknown) => e)
  expect(performance.now() - started).toBeLessThan(400)
  expect(error).toBeInstanceOf(sdk.TimeoutError)
  expect(error).toMatchObject({ code: 4080, data: { method: 'ping', timeoutMs: 100 } })
})

it("a call's signal stops its wait for the handshake; the handshake goes on for others", async () => {
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('./index.js')
  const controller = new AbortController()
  const ping = sdk.call('ping', undefined, { signal: controller.signal })
  const reason = new Error('left')
  controller.abort(reason)
  await expect(ping).rejects.toBe(reason)
  const port = host.welcome()
  const again = sdk.call('ping', undefined)
  const message = await port.next()
  expect(message).toMatchObject({ path: ['ping'] })
  port.post({ id: message.id, type: 'RAW', value: { time: 9 } })
  expect(await again).toEqual({ time: 9 })
  expect(hellos(host)).toHaveLength(1)
})

it('the time spent in the handshake counts against the call', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('./index.js')
  let settled: unknown
  const result = sdk.call('ping', undefined, { timeout: 300 }).catch((e: unknown) => e)
  void result.then((e) => (settled = e))
  await vi.advanceTimersByTimeAsync(200)
  const port = host.welcome()
  await port.next()
  await vi.advanceTimersByTimeAsync(99)
  expect(settled).toBeUndefined()
  await vi.advanceTimersByTimeAsync(1)
  expect(await result).toMatchObject({ code: 4080, data: { timeoutMs: 300 } })
})

it('lifecycle helpers call the right methods', async () => {
  const { sdk, port } = await setup()
  const answer = async (expected: object, value: unknown = null) => {
    const message = await port.next()
    expect(message).toMatchObject(expected)
    port.post({ id: message.id, type: 'RAW', value })
  }
  const close = sdk.close({ reason: 'done' })
  await answer({ path: ['close'], argumentList: [{ type: 'RAW', value: { reason: 'done' } }] })
  await expect(close).resolves.toBeUndefined()
  const closeBare = sdk.close()
  await answer({ path: ['close'], argumentList: [] })
  await closeBare
  const show = sdk.showBackButton()
  await answer({ path: ['setBackButton'], argumentList: [{ type: 'RAW', value: { visible: true } }] })
  await show
  const hide = sdk.hideBackButton()
  await answer({ path: ['setBackButton'], argumentList: [{ type: 'RAW', value: { visible: false } }] })
  await hide
  const getContext = sdk.getContext()
  await answer({ path: ['getContext'] }, { theme: 'light' })
  expect(await getContext).toEqual({ theme: 'light' })
})
