// The wallet is untrusted input too (a hostile or buggy host): whatever it posts on the port or to the
// window, the js-sdk's handlers never throw, never settle a call with something that is not its reply,
// reject only with typed errors, and never pollute prototypes.
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { type FakeHost, HOST_ORIGIN, installFakeHost } from '../test/fake-host.js'
import { hostileMessage } from '../test/hostile.js'

type Sdk = typeof import('./index.js')

const RUNS = Number(process.env.FUZZ_RUNS ?? 100)
// Globals this harness replaces on purpose (fake window, fake timers) and vitest's own bookkeeping.
const ignoredRootRegex = /^(window|location|setTimeout|clearTimeout|__vitest\w*)$/
let assertNoPoisoning: typeof import('@fast-check/poisoning').assertNoPoisoning
let restoreGlobals: typeof import('@fast-check/poisoning').restoreGlobals

let host: FakeHost
let sdk: Sdk
let bridge: typeof import('./bridge.js')
let windowListeners: EventListener[]

// The full poisoning check walks every global (~100 ms): once at the end; each run checks the
// prototypes a parser could reach.
const shared = [Object, Array, Function, Promise, Map, Set, String, Number, Error, EventTarget]
const prototypes = () => shared.map((C) => Reflect.ownKeys(C.prototype).map(String).sort().join())
let pristine: string[]
const restore = () => {
  if (prototypes().join() !== pristine.join()) restoreGlobals({ ignoredRootRegex })
}

beforeAll(async () => {
  // Node defines some globals lazily (a getter replaced on first use): touch them before the snapshot.
  void [AbortController, AbortSignal, structuredClone, DOMException, MessageChannel, EventTarget, Event]
  ;({ assertNoPoisoning, restoreGlobals } = await import('@fast-check/poisoning'))
  host = installFakeHost()
  windowListeners = []
  const add = host.window.addEventListener.bind(host.window)
  host.window.addEventListener = (
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?,
  ) => {
    if (type === 'message') windowListeners.push(listener as EventListener)
    add(type, listener, options)
  }
  const remove = host.window.removeEventListener.bind(host.window)
  host.window.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject | null) => {
    windowListeners = windowListeners.filter((l) => l !== listener)
    remove(type, listener)
  }
  // Reconnect and call timers never fire here: each run starts from a known session.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  vi.resetModules()
  sdk = await import('./index.js')
  bridge = await import('./bridge.js')
  pristine = prototypes()
})
afterAll(() => {
  try {
    assertNoPoisoning({ ignoredRootRegex })
  } finally {
    restoreGlobals({ ignoredRootRegex })
  }
  host.close()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** A fake private port: the test calls the SDK's `onmessage` directly, synchronously. */
const fakePort = () => {
  const sent: Record<string, unknown>[] = []
  const port = {
    onmessage: null as ((event: { data: unknown }) => void) | null,
    postMessage: (message: Record<string, unknown>) => sent.push(message),
    close() {},
  }
  return { port, sent }
}

/** What arrives: a structured clone of what the host posted (a getter or function cannot cross). */
const delivered = (message: unknown): unknown => {
  try {
    return structuredClone(message)
  } catch {
    return message
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

type Outcome =
  | { status: 'pending' }
  | { status: 'resolved'; value: unknown }
  | { status: 'rejected'; error: unknown }
const track = (promise: Promise<unknown>) => {
  const outcome: { current: Outcome; count: number } = { current: { status: 'pending' }, count: 0 }
  promise.then(
    (value) => {
      outcome.count++
      outcome.current = { status: 'resolved', value }
    },
    (error: unknown) => {
      outcome.count++
      outcome.current = { status: 'rejected', error }
    },
  )
  return outcome
}

/** Connects with a well-formed welcome on a fresh fake port. */
const connectFresh = async () => {
  const { port, sent } = fakePort()
  const ready = sdk.ready({ timeout: Number.POSITIVE_INFINITY })
  host.dispatch({
    data: {
      type: 'chainless:welcome',
      protocol: '1.0',
      capabilities: ['ready', 'ping', 'getContext'],
      context: {},
    },
    ports: [port],
  })
  await ready
  return { port, sent }
}

test.prop(
  [
    fc.array(
      hostileMessage(['RAW', 'HANDLER', 'chainless:event', 'chainless:disconnect', 'GET'], ['1', '2', '3']),
      { minLength: 1, maxLength: 6 },
    ),
  ],
  {
    numRuns: RUNS,
    endOnFailure: true,
    // Seen: `String(data.reason)` threw on a reason whose toString is not a function.
    examples: [
      [[{ type: 'chainless:disconnect', reason: { toString: 1 } }]],
      [[{ type: 'chainless:disconnect', reason: Object.create(null) }]],
      [[{ type: 'chainless:event', event: '__proto__', data: { polluted: 1 } }]],
      [
        [
          {
            type: 'HANDLER',
            id: '1',
            name: 'throw',
            value: { value: { code: 4001, message: { toString: 1 } } },
          },
        ],
      ],
    ],
  },
)(
  'the port handler: total, replies settle only their own call, errors typed, no pollution',
  async (messages) => {
    try {
      if (bridge.current()) bridge.current()!.disconnect('test')
      const { port, sent } = await connectFresh()
      const listened = new Map<string, unknown[]>()
      const stops = ['themeChanged', 'backButton', 'visibilityChanged'].map((name) =>
        sdk.on(name as 'backButton', (data) => {
          listened.set(name, [...(listened.get(name) ?? []), data])
        }),
      )
      const calls = [0, 1, 2].map(() =>
        track(sdk.call('ping', undefined, { timeout: Number.POSITIVE_INFINITY })),
      )
      const ids = sent.filter((m) => m.path && (m.path as string[])[0] === 'ping').map((m) => m.id as string)
      expect(ids).toHaveLength(3)
      // Aim the fuzzed ids at the live calls.
      const arrived: unknown[] = []
      for (const message of messages) {
        const data = delivered(message)
        if (typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'string') {
          const id = (data as { id: string }).id
          if (['1', '2', '3'].includes(id)) (data as { id: string }).id = ids[Number(id) - 1]!
        }
        arrived.push(data)
        expect(() => port.onmessage?.({ data })).not.toThrow()
      }
      await settle()
      for (const [i, outcome] of calls.entries()) {
        expect(outcome.count).toBeLessThanOrEqual(1)
        const current = outcome.current
        if (current.status === 'resolved') {
          // Only a RAW reply carrying this call's id, with that very value.
          const replies = arrived.filter(
            (d): d is { type: string; id: string; value: unknown } =>
              typeof d === 'object' &&
              d !== null &&
              (d as { type?: unknown }).type === 'RAW' &&
              (d as { id?: unknown }).id === ids[i],
          )
          expect(replies.some((reply) => Object.is(reply.value, current.value))).toBe(true)
        }
        if (current.status === 'rejected') expect(current.error).toBeInstanceOf(sdk.BridgeError)
      }
      // Listeners get only their own event, with the data as it arrived.
      for (const [name, received] of listened) {
        const sentData = arrived
          .filter(
            (d) =>
              typeof d === 'object' &&
              d !== null &&
              (d as { type?: unknown }).type === 'chainless:event' &&
              (d as { event?: unknown }).event === name,
          )
          .map((d) => (d as { data: unknown }).data)
        for (const data of received) expect(sentData.some((s) => Object.is(s, data))).toBe(true)
      }
      for (const stop of stops) stop()
      // End the session: every call still pending settles with a typed error.
      bridge.current()?.disconnect('test')
      await settle()
      for (const outcome of calls) {
        expect(outcome.count).toBe(1)
        if (outcome.current.status === 'rejected')
          expect(outcome.current.error).toBeInstanceOf(sdk.BridgeError)
      }
      expect(prototypes()).toEqual(pristine)
    } finally {
      restore()
    }
  },
)

test.prop(
  [
    fc.array(hostileMessage(['chainless:welcome', 'chainless:refuse', 'chainless:probe'], ['p1']), {
      minLength: 1,
      maxLength: 4,
    }),
    // `event.ports` is the browser's: real ports or none.
    fc.constantFrom('port', 'none'),
  ],
  { numRuns: RUNS, endOnFailure: true },
)('the window handler (welcome, refuse, probe): total, typed, no pollution', async (messages, ports) => {
  try {
    bridge.current()?.disconnect('test')
    const outcome = track(sdk.ready({ timeout: Number.POSITIVE_INFINITY }))
    const { port } = fakePort()
    for (const message of messages) {
      const data = delivered(message)
      const event = { data, source: host.parent, origin: HOST_ORIGIN, ports: ports === 'port' ? [port] : [] }
      // As the browser does: every listener registered now (the handshake's, the probe answerer).
      for (const listener of [...windowListeners])
        expect(() => listener(event as unknown as Event)).not.toThrow()
    }
    await settle()
    const current = outcome.current
    if (current.status === 'rejected') expect(current.error).toBeInstanceOf(sdk.BridgeError)
    if (current.status === 'resolved') {
      const welcomes = messages
        .map((m) => m as { type?: unknown; context?: unknown })
        .filter((m) => typeof m === 'object' && m !== null && m.type === 'chainless:welcome')
      expect(welcomes.length).toBeGreaterThan(0)
      expect(typeof current.value).toBe('object')
    }
    if (current.status === 'pending') {
      // Finish the handshake so the next run starts clean.
      host.dispatch({
        data: { type: 'chainless:welcome', protocol: '1.0', capabilities: [], context: {} },
        ports: [fakePort().port],
      })
      await settle()
    }
    expect(prototypes()).toEqual(pristine)
  } finally {
    restore()
  }
})
