import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import {
  BridgeError,
  DisconnectedError,
  InternalError,
  InvalidParamsError,
  type MethodName,
  TimeoutError,
  UserRejectedError,
} from '@chainless/protocol'
import { wrap } from 'comlink'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TokenBucket } from './rate-limit.js'
import { BridgeSession, type BridgeSessionOptions, type Dispatch } from './session.js'

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
  onError: ReturnType<typeof vi.fn>
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
  extra: Partial<BridgeSessionOptions> = {},
): Harness {
  const { port1, port2 } = new MessageChannel()
  const onClose = vi.fn()
  const onError = vi.fn()
  const session = new BridgeSession({ port: port1, served, dispatch, bucket, onClose, onError, ...extra })
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
    onError,
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

  it('answers a port-level probe-ack like any unsupported message (the port probe is gone)', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }, () => 0)
    const h = start(async () => ({ time: 1 }), bucket)
    h.app.postMessage({ type: 'chainless:probe-ack', id: 'p1' })
    expect(thrown(await h.next())).toMatchObject({ code: 4200 })
    // It used the only token.
    h.app.postMessage(apply('1', 'ping'))
    expect(thrown(await h.next())).toMatchObject({ code: 4290 })
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

  it('answers a type whose toString is not callable with 4200, and throws nothing (issue 14)', async () => {
    const h = start(async () => null)
    h.app.postMessage({ id: 'ts', type: { toString: 1, valueOf: 1 }, path: ['ping'] })
    const reply = await h.next()
    expect(reply).toMatchObject({ id: 'ts', type: 'HANDLER', name: 'throw' })
    expect(thrown(reply)).toMatchObject({ code: 4200, message: 'Unsupported message type' })
    expect(h.onError).not.toHaveBeenCalled()
  })

  it('answers -32603 without data and reports once when handling a message throws unexpectedly', async () => {
    const failure = new Error('bug in the host')
    const broken = new (class extends Set<string> {
      override has(): boolean {
        throw failure
      }
    })()
    const h = start(async () => null, undefined, { served: broken })
    h.app.postMessage(apply('u', 'ping'))
    expect(await h.next()).toEqual({
      id: 'u',
      type: 'HANDLER',
      name: 'throw',
      value: { isError: false, value: { code: -32603, message: 'Internal error' } },
    })
    expect(h.onError).toHaveBeenCalledTimes(1)
    expect(h.onError).toHaveBeenCalledWith(failure)
    // Still serving (and still answering) afterwards.
    h.app.postMessage(apply('u2', 'ping'))
    expect(await h.next()).toMatchObject({ id: 'u2', value: { value: { code: -32603 } } })
  })

  it.each([
    ['a function', () => () => 1],
    ['a symbol', () => Symbol('s')],
    ['an object holding a function', () => ({ time: 1, f: () => 1 })],
    ['an Error (its stack must not cross)', () => new Error('/home/wallet/src/secret.ts:1:1')],
  ])('answers -32603 and reports when a result is %s', async (_name, make) => {
    const h = start(async () => make())
    h.app.postMessage(apply('dc', 'ping'))
    const reply = await h.next()
    expect(reply).toEqual({
      id: 'dc',
      type: 'HANDLER',
      name: 'throw',
      value: { isError: false, value: { code: -32603, message: 'Internal error' } },
    })
    expect(h.onError).toHaveBeenCalledTimes(1)
    // A synchronous handler too.
    const sync = start(() => make())
    sync.app.postMessage(apply('ds', 'ping'))
    expect(thrown(await sync.next())).toEqual({ code: -32603, message: 'Internal error' })
  })

  it('answers -32603 when posting the reply fails (DataCloneError) instead of leaving the call waiting', async () => {
    const { port1, port2 } = new MessageChannel()
    const post = port1.postMessage.bind(port1)
    let failures = 0
    port1.postMessage = ((message: { type?: string }, transfer?: Transferable[]) => {
      if (message?.type === 'RAW' && failures++ === 0)
        throw new DOMException('could not be cloned', 'DataCloneError')
      post(message, transfer ?? [])
    }) as typeof port1.postMessage
    const onError = vi.fn()
    const session = new BridgeSession({
      port: port1,
      served,
      dispatch: async () => ({ time: 1 }),
      bucket: new TokenBucket({ capacity: 10, refillPerSecond: 10 }),
      onError,
    })
    const app = port2 as unknown as NodeMessagePort
    const replies: unknown[] = []
    app.on('message', (m) => replies.push(m))
    app.postMessage(apply('c1', 'ping'))
    await vi.waitFor(() => expect(replies).toHaveLength(1))
    expect(replies[0]).toEqual({
      id: 'c1',
      type: 'HANDLER',
      name: 'throw',
      value: { isError: false, value: { code: -32603, message: 'Internal error' } },
    })
    expect(onError).toHaveBeenCalledTimes(1)
    app.postMessage(apply('c2', 'ping'))
    await vi.waitFor(() => expect(replies).toHaveLength(2))
    expect(replies[1]).toEqual({ id: 'c2', type: 'RAW', value: { time: 1 } })
    session.close('test-end')
    app.close()
  })

  it('sends a thrown InternalError with data and cause, and a plain Error, as a bare -32603 (issue 7 item 6)', async () => {
    const cause = new Error('upstream at file:///home/wallet/node_modules/x.js:10:5')
    const errors = [
      new InternalError('x', { secret: 'k3y' }, { cause }),
      new Error('/home/wallet/src/handlers.ts:12:7 stack', { cause }),
    ]
    for (const error of errors) {
      const h = start(async () => {
        throw error
      })
      h.app.postMessage(apply('i', 'ping'))
      const reply = await h.next()
      expect(reply).toEqual({
        id: 'i',
        type: 'HANDLER',
        name: 'throw',
        value: { isError: false, value: { code: -32603, message: 'Internal error' } },
      })
      expect(JSON.stringify(reply)).not.toMatch(/k3y|home|upstream|stack|cause/)
      expect(h.onError).toHaveBeenCalledWith(error)
    }
  })

  it('answers one 4290 per refill window in a flood and drops the rest silently', async () => {
    let now = 0
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 4 }, () => now)
    const dispatch = vi.fn<Dispatch>(() => ({ time: 1 }))
    const h = start(dispatch, bucket)
    for (let i = 0; i < 1000; i++) h.app.postMessage(apply(`f${i}`, 'ping'))
    h.app.postMessage(apply('last', 'ping'))
    await vi.waitFor(() => expect(h.received.length).toBeGreaterThanOrEqual(3))
    await flush()
    expect(h.received.map((r) => r.id)).toEqual(['f0', 'f1', 'f2'])
    expect(thrown(h.received[2]!)).toEqual({
      code: 4290,
      message: 'Rate limited',
      data: { retryAfterMs: 250 },
    })
    // The next window: a token is back, the call is served.
    now = 250
    h.app.postMessage(apply('after', 'ping'))
    // Then the bucket is empty again: one more 4290 for this window, then silence.
    h.app.postMessage(apply('again1', 'ping'))
    h.app.postMessage(apply('again2', 'ping'))
    await vi.waitFor(() => expect(h.received.length).toBe(5))
    await flush()
    expect(h.received.slice(3).map((r) => [r.id, r.type])).toEqual([
      ['after', 'RAW'],
      ['again1', 'HANDLER'],
    ])
    expect(h.session.closed).toBe(false)
    expect(dispatch).toHaveBeenCalledTimes(3)
  })

  it('disconnects with rate-limited an app refused more than 10 000 messages within 10 s', async () => {
    let now = 0
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }, () => now)
    const h = start(() => ({ time: 1 }), bucket)
    // 10 000 refusals spread over 9.9 s: still connected.
    for (let i = 0; i < 10_001; i++) {
      if (i % 1000 === 0) now = i * 0.99
      h.app.postMessage(apply(`f${i}`, 'ping'))
    }
    await vi.waitFor(() => expect(h.received.length).toBeGreaterThan(0))
    await flush()
    expect(h.session.closed).toBe(false)
    h.app.postMessage(apply('one-too-many', 'ping'))
    await vi.waitFor(() => expect(h.session.closed).toBe(true))
    expect(h.onClose).toHaveBeenCalledWith('rate-limited')
    expect(h.received.at(-1)).toEqual({ type: 'chainless:disconnect', reason: 'rate-limited' })
  })

  it('forgets refusals older than 10 s', async () => {
    let now = 0
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }, () => now)
    const h = start(() => ({ time: 1 }), bucket)
    for (let i = 0; i < 8000; i++) h.app.postMessage(apply(`a${i}`, 'ping'))
    await flush()
    await vi.waitFor(() => expect(h.received.length).toBeGreaterThan(0))
    now = 10_001
    for (let i = 0; i < 8000; i++) h.app.postMessage(apply(`b${i}`, 'ping'))
    h.app.postMessage(apply('end', 'ping'))
    await flush()
    await flush()
    expect(h.session.closed).toBe(false)
  })
})
