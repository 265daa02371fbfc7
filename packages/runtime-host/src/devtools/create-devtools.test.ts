// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import type { Manifest } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRuntimeHost } from '../create-runtime-host.js'
import { connectApp } from '../inspector-testkit.js'
import { InvalidOptionError } from '../invalid-option-error.js'
import { createDevtools } from './create-devtools.js'
import { InvalidMockRuleError } from './mock-rules.js'

const manifest = (appId = 'hello'): Manifest => ({
  appId,
  name: 'Hello',
  version: '1.0.0',
  origin: `http://${appId}.localhost:8090`,
  entryUrl: `http://${appId}.localhost:8090/`,
  scopes: [],
})

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

function setup(rules?: readonly unknown[]) {
  const devtools = createDevtools(rules ? { rules } : {})
  const walletRequest = vi.fn((params: unknown) => ({ real: (params as { method: string }).method }))
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    storage: false,
    uiActions: false,
    inspector: devtools.inspector,
    handlers: { walletRequest },
  })
  hosts.push(host)
  return { devtools, host, walletRequest }
}

describe('createDevtools with a real host', () => {
  it('logs each call as it arrives (synchronously) and when it settles', async () => {
    const { devtools, host } = setup()
    const app = host.mount(manifest(), document.body)
    const bridge = connectApp(app)
    const arrivals: [string, number][] = []
    devtools.log.subscribe((entry) => arrivals.push([entry.status, entry.id]))
    const started = Date.now()
    await bridge.call('walletRequest', { method: 'eth_chainId' })
    expect(devtools.log.entries({ kind: 'call' })).toEqual([
      expect.objectContaining({
        appId: 'hello',
        method: 'walletRequest',
        rpcMethod: 'eth_chainId',
        origin: 'app',
        status: 'ok',
        result: { real: 'eth_chainId' },
        mocked: false,
      }),
    ])
    const [entry] = devtools.log.entries({ kind: 'call' })
    expect(entry!.at - started).toBeLessThan(100)
    expect(arrivals).toEqual([
      ['pending', entry!.id],
      ['ok', entry!.id],
    ])
  })

  it('a mocked 4001 for eth_sendTransaction reaches the app; other rpc methods run for real', async () => {
    const { devtools, host, walletRequest } = setup([
      {
        id: 'reject',
        appId: '*',
        method: 'eth_sendTransaction',
        enabled: true,
        action: { kind: 'error', code: 4001 },
      },
    ])
    const bridge = connectApp(host.mount(manifest(), document.body))
    expect(await bridge.call('walletRequest', { method: 'eth_sendTransaction', params: [{}] })).toEqual({
      ok: false,
      error: { code: 4001, message: 'User rejected the request' },
    })
    expect(await bridge.call('walletRequest', { method: 'eth_call', params: [{}] })).toMatchObject({
      ok: true,
    })
    expect(walletRequest).toHaveBeenCalledTimes(1)
    expect(devtools.log.entries({ status: 'error' })).toEqual([
      expect.objectContaining({
        rpcMethod: 'eth_sendTransaction',
        mocked: true,
        error: { code: 4001, message: 'User rejected the request' },
      }),
    ])
    devtools.mocks.clear()
    expect(await bridge.call('walletRequest', { method: 'eth_sendTransaction', params: [{}] })).toMatchObject(
      { ok: true },
    )
  })

  it('a rule for one app leaves the others alone', async () => {
    const { devtools, host } = setup()
    devtools.mocks.set([
      {
        id: 'x',
        appId: 'hello',
        method: 'walletRequest',
        enabled: true,
        action: { kind: 'result', result: 'mocked' },
      },
    ])
    const hello = connectApp(host.mount(manifest('hello'), document.body))
    const other = connectApp(host.mount(manifest('other'), document.body))
    expect(await hello.call('walletRequest', { method: 'eth_chainId' })).toEqual({
      ok: true,
      value: 'mocked',
    })
    expect(await other.call('walletRequest', { method: 'eth_chainId' })).toEqual({
      ok: true,
      value: { real: 'eth_chainId' },
    })
  })

  it('callAs: 4900 when the app is not mounted; logged with origin devtools when it is', async () => {
    const { devtools, host } = setup()
    await expect(devtools.callAs('hello', 'ping', undefined)).rejects.toMatchObject({ code: 4900 })
    const app = host.mount(manifest(), document.body)
    expect(await devtools.callAs('hello', 'walletRequest', { method: 'eth_chainId' })).toEqual({
      real: 'eth_chainId',
    })
    expect(devtools.log.entries()[0]).toMatchObject({ origin: 'devtools', status: 'ok' })
    app.close()
    await expect(devtools.callAs('hello', 'ping', undefined)).rejects.toMatchObject({ code: 4900 })
    // A remount is reachable again, and closing the old handle does not unregister the new one.
    const second = host.mount(manifest(), document.body)
    const third = host.mount(manifest(), document.body)
    second.close()
    expect(await devtools.callAs('hello', 'ping', undefined)).toEqual({ time: expect.any(Number) })
    third.close()
    await expect(devtools.callAs('hello', 'ping', undefined)).rejects.toMatchObject({ code: 4900 })
  })

  it('perf: cold start from mount to ready, calls and latency of the current mount', async () => {
    const { devtools, host } = setup()
    const app = host.mount(manifest(), document.body)
    const bridge = connectApp(app)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await bridge.call('ready')
    await bridge.call('nope')
    const snapshot = devtools.perf.snapshot('hello')!
    expect(snapshot.coldStartMs).toBeGreaterThanOrEqual(15)
    expect(snapshot.calls).toBe(2)
    expect(snapshot.errors).toBe(1)
    expect(snapshot.latency?.max).toBeGreaterThanOrEqual(0)
  })

  it('logs host events with the account of the app', async () => {
    const { devtools, host } = setup()
    const app = host.mount(manifest(), document.body)
    connectApp(app)
    app.send('themeChanged', 'dark')
    expect(devtools.log.entries({ kind: 'event' })).toEqual([
      expect.objectContaining({ method: 'themeChanged', params: 'dark', origin: 'host', status: 'ok' }),
    ])
  })

  it('refuses a bad capacity or bad initial rules', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN, 100_001, '10' as never]) {
      expect(() => createDevtools({ capacity })).toThrow(InvalidOptionError)
    }
    expect(createDevtools({ capacity: 5 }).log.capacity).toBe(5)
    expect(() => createDevtools({ rules: [{}] })).toThrow(InvalidMockRuleError)
  })
})
