import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import {
  BridgeError,
  DisconnectedError,
  InvalidParamsError,
  type MethodName,
  TimeoutError,
  UserRejectedError,
} from '@chainless/protocol'
import { wrap } from 'comlink'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TokenBucket } from './rate-limit.js'
import { BridgeSession, type Dispatch } from './session.js'

const served = new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping'])
const realSetTimeout = globalThis.setTimeout
const flush = () => new Promise<void>((resolve) => realSetTimeout(resolve, 30))
/** Waits (in real time, also under fake timers) until `check` is true. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => realSetTimeout(resolve, 5))
  expect(check()).toBe(true)
}

interface Harness {
  session: BridgeSession
  /** The app's end of the channel (Node's real MessagePort). */
  app: NodeMessagePort
  next(): Promise<Record<string, unknown>>
  received: Record<string, unknown>[]
  onClose: ReturnType<typeof vi.fn>
}

const opened: Harness[] = []
afterEach(() => {
  vi.useRealTimers()
  for (const h of opened.splice(0)) {
    h.session.close('test-end')
    h.app.close()
  }
})

function start(
  dispatch: Dispatch,
  bucket = new TokenBucket({ capacity: 1000, refillPerSecond: 1000 }),
): Harness {
  const { port1, port2 } = new MessageChannel()
  const onClose = vi.fn()
  const session = new BridgeSession({ port: port1, served, dispatch, bucket, onClose })
  const app = port2 as unknown as NodeMessagePort
  const received: Record<string, unknown>[] = []
  const waiting: ((m: Record<string, unknown>) => void)[] = []
  app.on('message', (message: Record<string, unknown>) => {
    received.push(message)
    waiting.shift()?.(message)
  })
  let read = 0
  const harness: Harness = {
    session,
    app,
    received,
    onClose,
    next: () => {
      const index = read++
      return index < received.length
        ? Promise.resolve(received[index]!)
        : new Promise((resolve) => waiting.push(resolve))
    },
  }
  opened.push(harness)
  return harness
}

const apply = (id: string, method: string, params?: unknown) => ({
  id,
  type: 'APPLY',
  path: [method],
  argumentList: params === undefined ? [] : [{ type: 'RAW', value: params }],
})
const thrown = (message: Record<string, unknown>) =>
  (message.value as { isError: boolean; value: Record<string, unknown> }).value

describe('BridgeSession', () => {
  it('passes a call to dispatch and answers RAW in comlink wire format', async () => {
    const dispatch = vi.fn<Dispatch>(async (method, params) => ({ method, params }))
    const h = start(dispatch)
    h.app.postMessage(apply('1', 'setBackButton', { visible: true }))
    expect(await h.next()).toEqual({
      id: '1',
      type: 'RAW',
      value: { method: 'setBackButton', params: { visible: true } },
    })
    expect(dispatch).toHaveBeenCalledWith('setBackButton', { visible: true }, expect.any(AbortSignal))
    expect(h.session.inFlight).toBe(0)
  })

  it('serves a real comlink client', async () => {
    const h = start(async (method) => (method === 'ping' ? { time: 7 } : null))
    const remote = wrap<Record<MethodName, (params?: unknown) => Promise<unknown>>>(h.app as never)
    expect(await remote.ping()).toEqual({ time: 7 })
    expect(await remote.close({ reason: 'bye' })).toBeNull()
    // A thrown typed error arrives as the plain `{ code, message, data? }` payload.
    const rejecting = start(async () => {
      throw new UserRejectedError()
    })
    const remote2 = wrap<Record<MethodName, () => Promise<unknown>>>(rejecting.app as never)
    await expect(remote2.ping()).rejects.toEqual({ code: 4001, message: 'User rejected the request' })
  })

  it('answers a plain Error from a handler with a bare -32603 and no stack', async () => {
    const h = start(async () => {
      throw new Error('secret database path /var/db at line 3')
    })
    h.app.postMessage(apply('e', 'ping'))
    const reply = await h.next()
    expect(reply).toMatchObject({ id: 'e', type: 'HANDLER', name: 'throw', value: { isError: false } })
    expect(thrown(reply)).toEqual({ code: -32603, message: 'Internal error' })
    expect(JSON.stringify(reply)).not.toMatch(/secret|stack|at /)
  })

  it('keeps code, message and data of a thrown BridgeError', async () => {
    const h = start(async () => {
      throw new InvalidParamsError('Bad amount', { field: 'value' })
    })
    h.app.postMessage(apply('b', 'ping'))
    expect(thrown(await h.next())).toEqual({ code: -32602, message: 'Bad amount', data: { field: 'value' } })
    const custom = start(async () => {
      throw new BridgeError(4901, 'Chain 5 is not available', { chainId: 5 })
    })
    custom.app.postMessage(apply('c', 'ping'))
    expect(thrown(await custom.next())).toEqual({
      code: 4901,
      message: 'Chain 5 is not available',
      data: { chainId: 5 },
    })
  })

  it('refuses what the guard refuses, without calling dispatch', async () => {
    const dispatch = vi.fn<Dispatch>(async () => null)
    const h = start(dispatch)
    h.app.postMessage({ id: 'g', type: 'GET', path: ['ping'] })
    h.app.postMessage(apply('p', '__proto__'))
    h.app.postMessage(apply('v', 'setBackButton', { visible: 'yes' }))
    h.app.postMessage({ id: 'r', type: 'RELEASE', path: [] })
    h.app.postMessage('junk')
    expect(thrown(await h.next())).toMatchObject({ code: 4200 })
    expect(thrown(await h.next())).toMatchObject({ code: 4200 })
    expect(thrown(await h.next())).toMatchObject({ code: -32602, data: { method: 'setBackButton' } })
    expect(await h.next()).toEqual({ id: 'r', type: 'RAW' })
    await flush()
    expect(h.received).toHaveLength(4)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('answers 4290 with retryAfterMs once the bucket is empty', async () => {
    let now = 0
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 4 }, () => now)
    const dispatch = vi.fn<Dispatch>(async () => ({ time: 1 }))
    const h = start(dispatch, bucket)
    for (const id of ['1', '2', '3']) h.app.postMessage(apply(id, 'ping'))
    const replies = [await h.next(), await h.next(), await h.next()]
    const byId = Object.fromEntries(replies.map((r) => [r.id, r]))
    expect(byId['1']).toMatchObject({ type: 'RAW', value: { time: 1 } })
    expect(byId['2']).toMatchObject({ type: 'RAW', value: { time: 1 } })
    expect(byId['3']).toMatchObject({ type: 'HANDLER', name: 'throw' })
    expect(thrown(byId['3']!)).toEqual({ code: 4290, message: 'Rate limited', data: { retryAfterMs: 250 } })
    expect(dispatch).toHaveBeenCalledTimes(2)
    // A token is back after retryAfterMs.
    now = 250
    h.app.postMessage(apply('4', 'ping'))
    expect(await h.next()).toMatchObject({ id: '4', type: 'RAW' })
  })

  it('close() aborts handlers with 4900, posts chainless:disconnect, and ignores later messages', async () => {
    const reasons: unknown[] = []
    const dispatch = vi.fn<Dispatch>(
      (_method, _params, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason)
            reject(signal.reason)
          })
        }),
    )
    const h = start(dispatch)
    h.app.postMessage(apply('1', 'ping'))
    h.app.postMessage(apply('2', 'getContext'))
    await vi.waitFor(() => expect(h.session.inFlight).toBe(2))
    h.session.close('host')
    expect(h.session.closed).toBe(true)
    expect(h.session.inFlight).toBe(0)
    expect(reasons).toHaveLength(2)
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(DisconnectedError)
      expect(reason).toMatchObject({ code: 4900, data: { reason: 'host' } })
    }
    expect(h.onClose).toHaveBeenCalledTimes(1)
    expect(h.onClose).toHaveBeenCalledWith('host')
    expect(await h.next()).toEqual({ type: 'chainless:disconnect', reason: 'host' })
    // Later: nothing is dispatched or answered, sends fail, close is idempotent.
    h.app.postMessage(apply('3', 'ping'))
    expect(h.session.send('themeChanged', 'dark')).toBe(false)
    expect(await h.session.probe(1000)).toBe(false)
    h.session.close('again')
    await flush()
    expect(h.received).toEqual([{ type: 'chainless:disconnect', reason: 'host' }])
    expect(dispatch).toHaveBeenCalledTimes(2)
    expect(h.onClose).toHaveBeenCalledTimes(1)
  })

  it('closes with peer-closed when the app side of the port closes', async () => {
    const h = start(async () => null)
    h.app.close()
    await vi.waitFor(() => expect(h.onClose).toHaveBeenCalledWith('peer-closed'))
    expect(h.session.closed).toBe(true)
  })

  it('send() posts a chainless:event', async () => {
    const h = start(async () => null)
    expect(h.session.send('accountsChanged', ['0xabc'])).toBe(true)
    expect(await h.next()).toEqual({ type: 'chainless:event', event: 'accountsChanged', data: ['0xabc'] })
  })

  it('probe() resolves true on an ack with the same id, false on timeout', async () => {
    const h = start(async () => null)
    const alive = h.session.probe(1000)
    const probe = await h.next()
    expect(probe).toEqual({ type: 'chainless:probe', id: expect.any(String) })
    h.app.postMessage({ type: 'chainless:probe-ack', id: 'someone-else' })
    h.app.postMessage({ type: 'chainless:probe-ack', id: probe.id })
    expect(await alive).toBe(true)

    const started = performance.now()
    const silent = h.session.probe(50)
    await h.next()
    expect(await silent).toBe(false)
    expect(performance.now() - started).toBeGreaterThanOrEqual(45)
  })

  it('probe acks do not use rate-limit tokens', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }, () => 0)
    const h = start(async () => ({ time: 1 }), bucket)
    for (let i = 0; i < 3; i++) {
      const alive = h.session.probe(1000)
      const probe = await h.next()
      h.app.postMessage({ type: 'chainless:probe-ack', id: probe.id })
      expect(await alive).toBe(true)
    }
    h.app.postMessage(apply('1', 'ping'))
    expect(await h.next()).toMatchObject({ id: '1', type: 'RAW' })
  })

  it('times a call out on the host side with 4080 and aborts the handler', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let signal: AbortSignal | undefined
    const h = start((_method, _params, s) => {
      signal = s
      return new Promise(() => {})
    })
    h.app.postMessage(apply('t', 'ping'))
    await until(() => signal !== undefined)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(signal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(signal!.aborted).toBe(true)
    expect(signal!.reason).toBeInstanceOf(TimeoutError)
    const reply = await h.next()
    expect(reply).toMatchObject({ id: 't', type: 'HANDLER', name: 'throw' })
    expect(thrown(reply)).toEqual({
      code: 4080,
      message: 'Timed out',
      data: { method: 'ping', timeoutMs: 10_000 },
    })
    expect(h.session.inFlight).toBe(0)
  })
})
