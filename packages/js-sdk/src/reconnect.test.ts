import { afterEach, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost, flush, HOST_ORIGIN, hellos } from '../test/fake-host.js'

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const setup = async (location?: Record<string, unknown>) => {
  const connected = await connectedSdk(undefined, location)
  host = connected.host
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  return connected
}

it('says hello again 250 ms after a host disconnect; pending calls settle with 4900; listeners stay', async () => {
  const { host, sdk, port } = await setup()
  const theme = vi.fn()
  sdk.on('themeChanged', theme)
  const pending = sdk.call('ping', undefined).catch((e: unknown) => e)
  await port.next()
  port.post({ type: 'chainless:disconnect', reason: 'navigated' })
  expect(await pending).toMatchObject({ code: 4900, data: { reason: 'navigated' } })
  await vi.advanceTimersByTimeAsync(249)
  expect(hellos(host)).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(hellos(host)).toHaveLength(2)
  const next = host.welcome()
  // The app had called ready(): the host hears it again, so it shows the app as ready.
  const readyAgain = await next.next()
  expect(readyAgain).toMatchObject({ type: 'APPLY', path: ['ready'] })
  next.post({ id: readyAgain.id, type: 'RAW', value: null })
  next.post({ type: 'chainless:event', event: 'themeChanged', data: 'light' })
  await vi.waitFor(() => expect(theme).toHaveBeenCalledWith('light'))
  // Calls go over the new port.
  const ping = sdk.call('ping', undefined)
  const message = await next.next()
  next.post({ id: message.id, type: 'RAW', value: { time: 2 } })
  expect(await ping).toEqual({ time: 2 })
})

it('backs off 250 ms, 1 s, 4 s between tries and stops after three', async () => {
  const { host, port } = await setup()
  port.post({ type: 'chainless:disconnect', reason: 'rate-limited' })
  await flush()
  // try 1 at 250; its handshake times out at 1250; try 2 at 2250 (fails 3250); try 3 at 7250.
  await vi.advanceTimersByTimeAsync(250)
  expect(hellos(host)).toHaveLength(2)
  await vi.advanceTimersByTimeAsync(1000 + 999)
  expect(hellos(host)).toHaveLength(2)
  await vi.advanceTimersByTimeAsync(1)
  expect(hellos(host)).toHaveLength(3)
  await vi.advanceTimersByTimeAsync(1000 + 3999)
  expect(hellos(host)).toHaveLength(3)
  await vi.advanceTimersByTimeAsync(1)
  expect(hellos(host)).toHaveLength(4)
  await vi.advanceTimersByTimeAsync(60_000)
  expect(hellos(host)).toHaveLength(4)
})

it.each(['closed', 'destroyed', 'host', 'app'])('does not reconnect after reason %s', async (reason) => {
  const { host, port } = await setup()
  port.post({ type: 'chainless:disconnect', reason })
  await flush()
  await vi.advanceTimersByTimeAsync(10_000)
  expect(hellos(host)).toHaveLength(1)
})

it('does not reconnect after a disconnect it caused (origin pinning)', async () => {
  const { host, sdk } = await setup()
  await expect(sdk.ready({ hostOrigins: ['https://pinned.example'] })).rejects.toMatchObject({ code: 4100 })
  await vi.advanceTimersByTimeAsync(10_000)
  expect(hellos(host)).toHaveLength(1)
})

it('pinning applies to the reconnection', async () => {
  const { host, sdk, port } = await setup()
  const pinned = sdk.ready({ hostOrigins: [HOST_ORIGIN] })
  const notice = await port.next()
  port.post({ id: notice.id, type: 'RAW', value: null })
  await pinned
  port.post({ type: 'chainless:disconnect', reason: 'reloaded' })
  await flush()
  await vi.advanceTimersByTimeAsync(250)
  expect(hellos(host)).toHaveLength(2)
  const stray = host.welcome({ origin: 'https://evil.example' })
  const next = host.welcome()
  expect(await next.next()).toMatchObject({ path: ['ready'] })
  expect(await Promise.race([stray.next(), flush().then(() => 'nothing')])).toBe('nothing')
})

it('a call made during the backoff shares the reconnection (one hello)', async () => {
  const { host, sdk, port } = await setup()
  port.post({ type: 'chainless:disconnect', reason: 'navigated' })
  await flush()
  const ping = sdk.call('ping', undefined)
  expect(hellos(host)).toHaveLength(2)
  await vi.advanceTimersByTimeAsync(250)
  expect(hellos(host)).toHaveLength(2)
  const next = host.welcome()
  const messages = [await next.next(), await next.next()]
  const call = messages.find((m) => (m.path as string[])[0] === 'ping')!
  next.post({ id: call.id, type: 'RAW', value: { time: 3 } })
  expect(await ping).toEqual({ time: 3 })
})
