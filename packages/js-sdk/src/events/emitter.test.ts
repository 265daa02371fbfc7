import { afterEach, describe, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost } from '../../test/fake-host.js'
import { dropListeners } from '../bridge.js'
import { createEmitter } from './emitter.js'

type Events = { added: { sku: string }; cleared: undefined; count: number }

describe('createEmitter', () => {
  it('calls listeners of the event, in order, with the data; on() answers an unsubscribe', () => {
    const e = createEmitter<Events>()
    const calls: string[] = []
    const stop = e.on('added', ({ sku }) => calls.push(`a:${sku}`))
    e.on('added', ({ sku }) => calls.push(`b:${sku}`))
    e.on('count', (n) => calls.push(`n:${n}`))
    e.emit('added', { sku: 'tea' })
    stop()
    e.emit('added', { sku: 'rice' })
    e.emit('count', 3)
    expect(calls).toEqual(['a:tea', 'b:tea', 'b:rice', 'n:3'])
  })

  it('once() is called once; off() removes; an event without data takes no argument', () => {
    const e = createEmitter<Events>()
    const once = vi.fn()
    const cleared = vi.fn()
    e.once('cleared', once)
    e.on('cleared', cleared)
    e.emit('cleared')
    e.emit('cleared')
    expect(once).toHaveBeenCalledTimes(1)
    e.off('cleared', cleared)
    e.emit('cleared')
    expect(cleared).toHaveBeenCalledTimes(2)
    expect(e.listenerCount('cleared')).toBe(0)
  })

  it('adding the same listener twice registers it once; an old unsubscribe does not remove a new registration', () => {
    const e = createEmitter<Events>()
    const listener = vi.fn()
    const first = e.on('count', listener)
    e.on('count', listener)
    expect(e.listenerCount('count')).toBe(1)
    first()
    const second = e.on('count', listener)
    first()
    e.emit('count', 1)
    expect(listener).toHaveBeenCalledTimes(1)
    second()
    expect(e.listenerCount('count')).toBe(0)
  })

  it('a throwing listener stops no other; its error goes to onError', () => {
    const errors: unknown[] = []
    const e = createEmitter<Events>({ onError: (error) => errors.push(error) })
    const after = vi.fn()
    const boom = new Error('boom')
    e.on('count', () => {
      throw boom
    })
    e.on('count', after)
    e.emit('count', 1)
    expect(after).toHaveBeenCalledWith(1)
    expect(errors).toEqual([boom])
  })

  it('by default a listener error is rethrown in a microtask (window.onerror), after every listener ran', async () => {
    const e = createEmitter<Events>()
    const after = vi.fn()
    e.on('count', () => {
      throw new Error('late')
    })
    e.on('count', after)
    const queued = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation(() => {})
    e.emit('count', 1)
    expect(after).toHaveBeenCalled()
    expect(queued).toHaveBeenCalledTimes(1)
    queued.mockRestore()
  })

  it('emitting while listeners change: removed ones are skipped, added ones wait for the next emit', () => {
    const e = createEmitter<Events>()
    const calls: string[] = []
    const c = () => calls.push('c')
    const d = () => calls.push('d')
    e.on('count', () => {
      calls.push('a')
      e.off('count', c)
      e.on('count', d)
    })
    e.on('count', () => calls.push('b'))
    e.on('count', c)
    e.emit('count', 1)
    expect(calls).toEqual(['a', 'b'])
    calls.length = 0
    e.emit('count', 2)
    expect(calls).toEqual(['a', 'b', 'd'])
  })

  it('a listener emitting the same event re-entrantly, and clear() during an emit, are safe', () => {
    const e = createEmitter<Events>()
    const seen: number[] = []
    e.on('count', (n) => {
      seen.push(n)
      if (n < 3) e.emit('count', n + 1)
    })
    e.on('count', (n) => {
      if (n === 3) e.clear()
    })
    const late = vi.fn()
    e.on('count', late)
    e.emit('count', 1)
    expect(seen).toEqual([1, 2, 3])
    expect(late).not.toHaveBeenCalled()
    expect(e.listenerCount('count')).toBe(0)
  })

  it('event names such as __proto__ or constructor are plain keys', () => {
    const e = createEmitter<Record<string, number>>()
    const listener = vi.fn()
    e.on('__proto__', listener)
    e.emit('constructor', 1)
    e.emit('__proto__', 2)
    expect(listener.mock.calls).toEqual([[2]])
  })

  it('no listener survives close: listeners added before are gone, later ones work', () => {
    const e = createEmitter<Events>()
    const before = vi.fn()
    e.on('count', before)
    dropListeners()
    expect(e.listenerCount('count')).toBe(0)
    e.emit('count', 1)
    expect(before).not.toHaveBeenCalled()
    const after = vi.fn()
    e.on('count', after)
    e.emit('count', 2)
    expect(after).toHaveBeenCalledWith(2)
  })

  it('close during an emit: the remaining listeners are not called', () => {
    const e = createEmitter<Events>()
    const second = vi.fn()
    e.on('count', () => dropListeners())
    e.on('count', second)
    e.emit('count', 1)
    expect(second).not.toHaveBeenCalled()
  })
})

describe('close() and host events', () => {
  let host: FakeHost | undefined
  afterEach(() => {
    host?.close()
    host = undefined
    vi.unstubAllGlobals()
  })

  it("the core's close() removes host-event and emitter listeners, even when the host refuses", async () => {
    const connected = await connectedSdk()
    host = connected.host
    const { sdk, port } = connected
    const events = await import('./index.js')
    const theme = vi.fn()
    const local = vi.fn()
    events.on('themeChanged', theme)
    const emitter = events.createEmitter<{ x: number }>()
    emitter.on('x', local)
    port.post({ type: 'chainless:event', event: 'themeChanged', data: 'light' })
    await vi.waitFor(() => expect(theme).toHaveBeenCalledTimes(1))

    const closing = sdk.close()
    const call = await port.next()
    expect(call).toMatchObject({ path: ['close'] })
    port.post({
      id: call.id,
      type: 'HANDLER',
      name: 'throw',
      value: { value: { code: 4200, message: 'no' } },
    })
    await expect(closing).rejects.toMatchObject({ code: 4200 })

    port.post({ type: 'chainless:event', event: 'themeChanged', data: 'dark' })
    emitter.emit('x', 1)
    await new Promise((r) => setTimeout(r, 50))
    expect(theme).toHaveBeenCalledTimes(1)
    expect(local).not.toHaveBeenCalled()
  })
})
