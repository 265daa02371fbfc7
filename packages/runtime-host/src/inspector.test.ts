// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import {
  BridgeError,
  type ErrorPayload,
  type Manifest,
  type MethodName,
  type UiAdapter,
  UserRejectedError,
} from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppHandle, MethodHandler } from './app-handle.js'
import { createRuntimeHost, type RuntimeHostOptions } from './create-runtime-host.js'
import type { CallAs, CallOutcome, HostInspector, InspectedCall } from './inspector.js'
import { connectApp } from './inspector-testkit.js'
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

beforeAll(() => {
  // happy-dom reports each iframe it does not load on the console.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  vi.useRealTimers()
  for (const host of hosts.splice(0)) host.destroy()
})

/** Everything an inspector was told, in order. */
interface Recorded {
  calls: InspectedCall[]
  settled: { call: InspectedCall; outcome: CallOutcome; durationMs: number; mocked: boolean }[]
  refused: { appId: string; error: ErrorPayload; method: string | undefined }[]
  events: { appId: string; event: string; data: unknown; delivered: boolean }[]
  mounted: { app: AppHandle; callAs: CallAs }[]
}

function recorder(extra: Partial<HostInspector> = {}): { inspector: HostInspector; seen: Recorded } {
  const seen: Recorded = { calls: [], settled: [], refused: [], events: [], mounted: [] }
  const inspector: HostInspector = {
    mounted: (app, callAs) => seen.mounted.push({ app, callAs }),
    call: (call) => seen.calls.push(call),
    settled: (call, outcome, durationMs, mocked) => seen.settled.push({ call, outcome, durationMs, mocked }),
    refused: (appId, error, method) => seen.refused.push({ appId, error, method }),
    event: (appId, event, data, delivered) => seen.events.push({ appId, event, data, delivered }),
    ...extra,
  }
  return { inspector, seen }
}

const echo: MethodHandler = (params) => ({ echoed: params ?? null })

function setup(options: RuntimeHostOptions = {}, over: Partial<Manifest> = {}) {
  const onError = vi.fn()
  const host = createRuntimeHost({
    storage: false,
    uiActions: false,
    onError,
    handlers: { ping: echo, storageGet: echo, walletPay: () => ({ paid: true }) },
    ...options,
    allowUnverifiedManifests: true,
  })
  hosts.push(host)
  const app = host.mount(manifest(over), document.body)
  return { host, app, bridge: connectApp(app), onError }
}

describe('HostInspector hooks', () => {
  it('tells call and settled with the call, the outcome, the duration and mocked', async () => {
    const { inspector, seen } = recorder()
    const before = Date.now()
    const { bridge } = setup({ inspector })
    expect(await bridge.call('storageGet', { key: 'a' })).toEqual({
      ok: true,
      value: { echoed: { key: 'a' } },
    })
    expect(await bridge.call('getContext')).toMatchObject({ ok: true })
    expect(seen.calls.map((c) => [c.seq, c.method])).toEqual([
      [1, 'storageGet'],
      [2, 'getContext'],
    ])
    const [first] = seen.calls
    expect(first).toMatchObject({ appId: 'hello', account: '', params: { key: 'a' }, origin: 'app' })
    expect(first!.at).toBeGreaterThanOrEqual(before)
    expect(seen.settled[0]).toMatchObject({
      call: first,
      outcome: { ok: true, result: { echoed: { key: 'a' } } },
      mocked: false,
    })
    expect(seen.settled[0]!.durationMs).toBeGreaterThanOrEqual(0)
    expect(seen.settled).toHaveLength(2)
  })

  it('tells settled for a scope refusal, a handler error and a non-plain result', async () => {
    const { inspector, seen } = recorder()
    const { bridge, onError } = setup({
      inspector,
      handlers: {
        walletPay: () => ({ paid: true }),
        ping: () => {
          throw new UserRejectedError()
        },
        getContext: () => ({ f: () => 1 }),
      },
    })
    // walletPay needs asset:transfer, which the manifest does not declare.
    const refused = await bridge.call('walletPay', {
      to: '0x0000000000000000000000000000000000000001',
      amount: '1',
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 4100 } })
    expect(await bridge.call('ping')).toMatchObject({ ok: false, error: { code: 4001 } })
    expect(await bridge.call('getContext')).toMatchObject({ ok: false, error: { code: -32603 } })
    expect(seen.settled.map((s) => (s.outcome.ok ? 'ok' : s.outcome.error.code))).toEqual([
      4100, 4001, -32603,
    ])
    expect(seen.calls).toHaveLength(3)
    expect(onError).toHaveBeenCalledTimes(1) // the non-plain result, as without an inspector
  })

  it('tells refused for what the guard refuses, with the method when there was one', async () => {
    const { inspector, seen } = recorder()
    const { bridge } = setup({ inspector })
    expect(await bridge.call('nope')).toMatchObject({ ok: false, error: { code: 4200 } })
    expect(await bridge.call('setBackButton', { visible: 'yes' })).toMatchObject({
      ok: false,
      error: { code: -32602 },
    })
    bridge.post({ type: 'APPLY', path: ['ping'] }) // no id: refused without an answer
    await vi.waitFor(() => expect(seen.refused).toHaveLength(3))
    expect(seen.refused.map((r) => [r.appId, r.error.code, r.method])).toEqual([
      ['hello', 4200, 'nope'],
      ['hello', -32602, 'setBackButton'],
      ['hello', -32602, 'ping'],
    ])
    expect(seen.calls).toHaveLength(0)
  })

  it('tells refused for a rate-limited answer', async () => {
    const { inspector, seen } = recorder()
    const { bridge } = setup({ inspector, rateLimit: { capacity: 1, refillPerSecond: 1 } })
    await bridge.call('ping')
    expect(await bridge.call('ping')).toMatchObject({ ok: false, error: { code: 4290 } })
    expect(seen.refused).toEqual([
      { appId: 'hello', error: expect.objectContaining({ code: 4290 }), method: 'ping' },
    ])
  })

  it('tells every event sent, and those not delivered', async () => {
    const { inspector, seen } = recorder()
    const { app, bridge } = setup({ inspector })
    expect(app.send('themeChanged', 'dark')).toBe(true)
    // No user:basic grant: not delivered.
    expect(app.send('accountsChanged', ['0x0000000000000000000000000000000000000001'])).toBe(false)
    expect(seen.events).toEqual([
      { appId: 'hello', event: 'themeChanged', data: 'dark', delivered: true },
      {
        appId: 'hello',
        event: 'accountsChanged',
        data: ['0x0000000000000000000000000000000000000001'],
        delivered: false,
      },
    ])
    await vi.waitFor(() => expect(bridge.events).toHaveLength(1))
  })
})

describe('interception', () => {
  it('answers with a mocked result without running the handler', async () => {
    const handler = vi.fn(echo)
    const { inspector, seen } = recorder({
      intercept: (call) => (call.method === 'ping' ? { result: 42 } : undefined),
    })
    const { bridge } = setup({ inspector, handlers: { ping: handler } })
    expect(await bridge.call('ping')).toEqual({ ok: true, value: 42 })
    expect(handler).not.toHaveBeenCalled()
    expect(seen.settled[0]).toMatchObject({ outcome: { ok: true, result: 42 }, mocked: true })
  })

  it('answers with a mocked error; a mocked -32603 is not reported as a host failure', async () => {
    let code = 4001
    const { inspector, seen } = recorder({
      intercept: () => ({ error: { code, message: 'No', data: { x: 1 } } }),
    })
    const { bridge, onError } = setup({ inspector })
    expect(await bridge.call('ping')).toEqual({
      ok: false,
      error: { code: 4001, message: 'No', data: { x: 1 } },
    })
    code = -32603
    expect(await bridge.call('ping')).toEqual({
      ok: false,
      error: { code: -32603, message: 'Internal error' },
    })
    expect(onError).not.toHaveBeenCalled()
    expect(seen.settled.map((s) => s.mocked)).toEqual([true, true])
  })

  it('waits a delay, then runs the real handler', async () => {
    const { inspector, seen } = recorder({ intercept: () => ({ delayMs: 60 }) })
    const { bridge } = setup({ inspector })
    const started = performance.now()
    expect(await bridge.call('storageGet', { key: 'b' })).toEqual({
      ok: true,
      value: { echoed: { key: 'b' } },
    })
    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
    expect(seen.settled[0]!.durationMs).toBeGreaterThanOrEqual(55)
    expect(seen.settled[0]!.mocked).toBe(true)
  })

  it('a delay past the method timeout ends in 4080, and the delay timer is cleared', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const handler = vi.fn(echo)
    const { inspector, seen } = recorder({ intercept: () => ({ result: 'late', delayMs: 60_000 }) })
    const { bridge } = setup({ inspector, handlers: { ping: handler } })
    const answer = bridge.call('ping')
    await vi.waitFor(() => expect(seen.calls).toHaveLength(1))
    vi.advanceTimersByTime(10_000) // ping's timeout
    expect(await answer).toMatchObject({ ok: false, error: { code: 4080 } })
    expect(vi.getTimerCount()).toBe(0)
    expect(seen.settled[0]).toMatchObject({ outcome: { ok: false, error: { code: 4080 } }, mocked: true })
  })

  it('a closing app cuts a delayed call: settled with 4900', async () => {
    const { inspector, seen } = recorder({ intercept: () => ({ delayMs: 30_000 }) })
    const { app, bridge } = setup({ inspector })
    void bridge.call('ping')
    await vi.waitFor(() => expect(seen.calls).toHaveLength(1))
    app.close()
    await vi.waitFor(() => expect(seen.settled).toHaveLength(1))
    expect(seen.settled[0]!.outcome).toMatchObject({ ok: false, error: { code: 4900 } })
  })

  it('the scope check comes first: a refused call is never intercepted', async () => {
    const intercept = vi.fn(() => ({ result: 'mocked' }))
    const { inspector } = recorder({ intercept })
    const { bridge } = setup({ inspector })
    const answer = await bridge.call('walletPay', {
      to: '0x0000000000000000000000000000000000000001',
      amount: '1',
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 4100 } })
    expect(intercept).not.toHaveBeenCalled()
  })
})

describe('a failing inspector never changes what the app gets', () => {
  it('every hook throwing: the app gets the real answer, onError hears each failure', async () => {
    const boom = () => {
      throw new Error('inspector bug')
    }
    const inspector: HostInspector = {
      mounted: boom,
      call: boom,
      intercept: boom,
      settled: boom,
      refused: boom,
      event: boom,
    }
    const { app, bridge, onError } = setup({ inspector })
    expect(await bridge.call('storageGet', { key: 'c' })).toEqual({
      ok: true,
      value: { echoed: { key: 'c' } },
    })
    expect(await bridge.call('nope')).toMatchObject({ ok: false, error: { code: 4200 } })
    expect(app.send('themeChanged', 'dark')).toBe(true)
    // mounted, call, intercept, settled, refused, event
    expect(onError).toHaveBeenCalledTimes(6)
    for (const [error] of onError.mock.calls) expect((error as Error).message).toBe('inspector bug')
  })

  it('a malformed interception is reported and ignored', async () => {
    const bad = [{ delayMs: -1 }, { delayMs: Number.NaN }, { error: { code: 'x' } }, { nothing: 1 }, 7]
    let next = 0
    const { inspector } = recorder({ intercept: () => bad[next++] as never })
    const { bridge, onError } = setup({ inspector })
    for (let i = 0; i < bad.length; i++) {
      expect(await bridge.call('storageGet', { key: `${i}` })).toEqual({
        ok: true,
        value: { echoed: { key: `${i}` } },
      })
    }
    expect(onError).toHaveBeenCalledTimes(bad.length)
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(TypeError)
  })

  it('a throwing onError does not break the call either', async () => {
    const { bridge } = setup({
      inspector: {
        call: () => {
          throw new Error('a')
        },
      },
      onError: () => {
        throw new Error('b')
      },
    })
    const uncaught: unknown[] = []
    const listener = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', listener)
    try {
      expect(await bridge.call('ping')).toEqual({ ok: true, value: { echoed: null } })
    } finally {
      process.off('uncaughtException', listener)
    }
  })
})

describe('mounted and callAs', () => {
  it('tells mounted before the app loads; callAs runs as the app, origin devtools, intercepted', async () => {
    const { inspector, seen } = recorder({
      intercept: (call) => (call.method === 'getContext' ? { result: 'mocked' } : undefined),
    })
    const { app } = setup({ inspector })
    expect(seen.mounted).toHaveLength(1)
    expect(seen.mounted[0]!.app).toBe(app)
    const { callAs } = seen.mounted[0]!
    expect(await callAs('storageGet', { key: 'd' })).toEqual({ echoed: { key: 'd' } })
    expect(await callAs('getContext', undefined)).toBe('mocked')
    expect(seen.calls.map((c) => [c.method, c.origin])).toEqual([
      ['storageGet', 'devtools'],
      ['getContext', 'devtools'],
    ])
    expect(seen.settled.map((s) => s.mocked)).toEqual([false, true])
  })

  it('callAs goes through the scope check (4100), params validation (-32602) and served methods (4200)', async () => {
    const { inspector, seen } = recorder()
    setup({ inspector })
    const { callAs } = seen.mounted[0]!
    const pay = callAs('walletPay', { to: '0x0000000000000000000000000000000000000001', amount: '1' })
    await expect(pay).rejects.toMatchObject({ code: 4100 })
    await expect(pay).rejects.toBeInstanceOf(BridgeError)
    await expect(callAs('setBackButton', { visible: 'no' })).rejects.toMatchObject({ code: -32602 })
    await expect(callAs('uiHaptic' as MethodName, {})).rejects.toMatchObject({ code: 4200 })
    await expect(callAs('__proto__' as MethodName, {})).rejects.toMatchObject({ code: 4200 })
    expect(seen.settled.map((s) => (s.outcome.ok ? 'ok' : s.outcome.error.code))).toEqual([4100])
  })

  it('callAs rejects 4900 once the app is closed, and a closing app ends a call in flight', async () => {
    const { inspector, seen } = recorder({ intercept: () => ({ delayMs: 30_000 }) })
    const { app } = setup({ inspector })
    const { callAs } = seen.mounted[0]!
    const inFlight = callAs('ping', undefined)
    await vi.waitFor(() => expect(seen.calls).toHaveLength(1))
    app.close()
    await expect(inFlight).rejects.toMatchObject({ code: 4900 })
    await expect(callAs('ping', undefined)).rejects.toMatchObject({ code: 4900 })
  })

  it('callAs can be aborted by its signal', async () => {
    const { inspector, seen } = recorder({ intercept: () => ({ delayMs: 30_000 }) })
    setup({ inspector })
    const controller = new AbortController()
    const call = seen.mounted[0]!.callAs('ping', undefined, controller.signal)
    controller.abort()
    await expect(call).rejects.toMatchObject({ code: 4001 })
    await expect(seen.mounted[0]!.callAs('ping', undefined, controller.signal)).rejects.toMatchObject({
      code: 4001,
    })
  })
})

describe('options', () => {
  it('refuses an inspector that is not an object of functions', () => {
    for (const inspector of [1, 'x', null, { call: 1 }, { settled: {} }]) {
      expect(() =>
        createRuntimeHost({ inspector: inspector as never, allowUnverifiedManifests: true }),
      ).toThrow(InvalidOptionError)
    }
  })

  it('reportUrl may be a function of the manifest; a bad one falls back and is reported', async () => {
    const shown: string[] = []
    const ui = { securityNotice: async (o: { reportUrl: string }) => void shown.push(o.reportUrl) }
    const onError = vi.fn()
    let throwIt = false
    const host = createRuntimeHost({
      allowUnverifiedManifests: true,
      storage: false,
      uiActions: false,
      onError,
      seenApps: { get: () => undefined, set: () => undefined },
      ui: ui as unknown as UiAdapter,
      reportUrl: (m) => {
        if (throwIt) throw new Error('no')
        return `http://api.localhost/report?appId=${m.appId}`
      },
    })
    hosts.push(host)
    await host.open(manifest(), document.body)
    throwIt = true
    await host.open(manifest({ appId: 'other' }), document.body)
    expect(shown).toEqual(['http://api.localhost/report?appId=hello', 'https://chainless.example/report'])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(() => createRuntimeHost({ reportUrl: 5 as never, allowUnverifiedManifests: true })).toThrow(
      InvalidOptionError,
    )
  })
})
