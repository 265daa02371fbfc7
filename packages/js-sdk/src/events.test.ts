import { afterEach, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost, flush } from '../test/fake-host.js'

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const setup = async () => {
  const connected = await connectedSdk()
  host = connected.host
  return connected
}

/** Resolves once `count` calls reached `fn`. */
const calls = (fn: ReturnType<typeof vi.fn>, count: number) =>
  vi.waitFor(() => expect(fn).toHaveBeenCalledTimes(count), { timeout: 2000, interval: 5 })

it('on() receives chainless:event messages of its event only', async () => {
  const { sdk, port } = await setup()
  const theme = vi.fn()
  const visibility = vi.fn()
  sdk.on('themeChanged', theme)
  sdk.on('visibilityChanged', visibility)
  port.post({ type: 'chainless:event', event: 'themeChanged', data: 'light' })
  port.post({ type: 'chainless:event', event: 'visibilityChanged', data: { visible: false } })
  port.post({ type: 'chainless:event', event: 'themeChanged', data: 'dark' })
  await calls(theme, 2)
  await calls(visibility, 1)
  expect(theme.mock.calls).toEqual([['light'], ['dark']])
  expect(visibility).toHaveBeenCalledWith({ visible: false })
})

it('ignores events nobody listens to and unknown event names', async () => {
  const { sdk, port } = await setup()
  const listener = vi.fn()
  sdk.on('backButton', listener)
  port.post({ type: 'chainless:event', event: 'nope', data: 1 })
  port.post({ type: 'chainless:event', event: '__proto__', data: 1 })
  port.post({ type: 'chainless:event', event: 'txStatus', data: { hash: '0x', status: 'pending' } })
  port.post({ type: 'chainless:event', event: 'backButton', data: {} })
  await calls(listener, 1)
  expect(listener).toHaveBeenCalledWith({})
})

it('off() and the function on() returns remove the listener', async () => {
  const { sdk, port } = await setup()
  const a = vi.fn()
  const b = vi.fn()
  const sentinel = vi.fn()
  const stopA = sdk.on('themeChanged', a)
  sdk.on('themeChanged', b)
  sdk.on('themeChanged', sentinel)
  port.post({ type: 'chainless:event', event: 'themeChanged', data: 'dark' })
  await calls(sentinel, 1)
  stopA()
  sdk.off('themeChanged', b)
  sdk.off('chainChanged', b) // removing what was never added is harmless
  port.post({ type: 'chainless:event', event: 'themeChanged', data: 'light' })
  await calls(sentinel, 2)
  expect(a).toHaveBeenCalledTimes(1)
  expect(b).toHaveBeenCalledTimes(1)
})

it('a throwing listener does not prevent the others; its error is reported asynchronously', async () => {
  const { sdk, port } = await setup()
  const reported: (() => void)[] = []
  // The SDK rethrows listener errors in a microtask (like a browser reports them); capture it.
  const realQueueMicrotask = globalThis.queueMicrotask
  vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
    if (task.toString().includes('throw')) reported.push(task)
    else realQueueMicrotask(task)
  })
  const boom = new Error('listener bug')
  const before = vi.fn()
  const after = vi.fn()
  sdk.on('accountsChanged', before)
  sdk.on('accountsChanged', () => {
    throw boom
  })
  sdk.on('accountsChanged', after)
  port.post({ type: 'chainless:event', event: 'accountsChanged', data: ['0xabc'] })
  await calls(after, 1)
  expect(before).toHaveBeenCalledWith(['0xabc'])
  expect(after).toHaveBeenCalledWith(['0xabc'])
  expect(reported).toHaveLength(1)
  expect(() => reported[0]!()).toThrow(boom)
})

it('events that arrive after chainless:disconnect are not delivered', async () => {
  const { sdk, port } = await setup()
  const listener = vi.fn()
  sdk.on('chainChanged', listener)
  port.post({ type: 'chainless:event', event: 'chainChanged', data: '0x1' })
  await calls(listener, 1)
  // Queued right behind the disconnect, in the same turn.
  port.post({ type: 'chainless:disconnect', reason: 'host' })
  port.post({ type: 'chainless:event', event: 'chainChanged', data: '0x2' })
  await flush()
  expect(listener).toHaveBeenCalledTimes(1)
})
