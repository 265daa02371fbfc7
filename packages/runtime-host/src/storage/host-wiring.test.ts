// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import type { Manifest } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRuntimeHost, type RuntimeHostOptions } from '../create-runtime-host.js'
import { InvalidOptionError } from '../invalid-option-error.js'
import { MemoryStorageBackend } from './memory-backend.js'

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

const manifest = (appId: string) =>
  ({
    appId,
    name: appId,
    version: '1.0.0',
    origin: `http://${appId}.localhost:8090`,
    entryUrl: `http://${appId}.localhost:8090/`,
    scopes: [],
  }) as unknown as Manifest

function setup(storage: RuntimeHostOptions['storage'], appIds = ['shop']) {
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    origin: 'http://wallet.localhost',
    storage,
  })
  hosts.push(host)
  const apps = appIds.map((appId) => {
    const app = host.mount(manifest(appId), document.body)
    const posted: MessagePort[] = []
    app.handleWindowMessage({
      data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' },
      origin: app.manifest.origin,
      source: {
        postMessage: (_m: unknown, _o: string, t?: Transferable[]) => posted.push(t?.[0] as MessagePort),
      },
    } as unknown as MessageEvent)
    const port = posted[0]!
    const replies = new Map<string, { type: string; value: unknown }>()
    port.onmessage = (e) => {
      const d = e.data as { id?: string; type: string; value: unknown }
      if (d.id) replies.set(d.id, d)
    }
    let next = 0
    const call = async (path: string, arg?: unknown) => {
      const id = `c${++next}`
      port.postMessage({
        id,
        type: 'APPLY',
        path: [path],
        argumentList: arg === undefined ? [] : [{ type: 'RAW', value: arg }],
      })
      await vi.waitFor(() => expect(replies.has(id)).toBe(true), { timeout: 5000 })
      const reply = replies.get(id)!
      return reply.type === 'HANDLER'
        ? { error: (reply.value as { value: unknown }).value as { code: number; data?: unknown } }
        : { value: reply.value }
    }
    return { app, call }
  })
  return { host, apps }
}

describe('createRuntimeHost({ storage })', () => {
  it('serves the five methods per app over the wire; the wallet lists and clears an app', async () => {
    const { host, apps } = setup({ store: new MemoryStorageBackend(), quotaBytes: 64 }, ['shop', 'game'])
    const [shop, game] = apps as [(typeof apps)[0], (typeof apps)[0]]
    expect(shop.app.capabilities).toEqual(
      expect.arrayContaining(['storageGet', 'storageSet', 'storageRemove', 'storageKeys', 'storageClear']),
    )
    expect(await shop.call('storageSet', { key: '__proto__', value: { a: [1, 'é'] } })).toEqual({
      value: null,
    })
    expect(await shop.call('storageSet', { key: 'b', value: null })).toEqual({ value: null })
    expect(await shop.call('storageGet', { key: '__proto__' })).toEqual({ value: { value: { a: [1, 'é'] } } })
    expect(await shop.call('storageGet', { key: 'nope' })).toEqual({ value: {} })
    expect(await shop.call('storageKeys')).toEqual({ value: ['__proto__', 'b'] })
    expect(await game.call('storageKeys')).toEqual({ value: [] })
    const over = await shop.call('storageSet', { key: 'big', value: 'x'.repeat(64) })
    expect(over.error).toMatchObject({ code: -32005, data: { quotaBytes: 64, usedBytes: 28 } })
    expect((await shop.call('storageSet', { key: '', value: 1 })).error?.code).toBe(-32602)
    expect((await shop.call('storageSet', { key: 'f', value: Number.NaN })).error?.code).toBe(-32602)
    // Above the bridge's params limit (256 KiB): refused by the guard, nothing written.
    expect((await shop.call('storageSet', { key: 'huge', value: 'x'.repeat(300_000) })).error?.code).toBe(
      -32602,
    )
    expect(await host.storage!.list('shop')).toEqual({
      entries: [
        { key: '__proto__', value: { a: [1, 'é'] } },
        { key: 'b', value: null },
      ],
      usedBytes: 28,
      quotaBytes: 64,
    })
    await host.storage!.remove('shop', 'b')
    expect(await shop.call('storageKeys', { prefix: '_' })).toEqual({ value: ['__proto__'] })
    await host.storage!.clear('shop')
    expect(await shop.call('storageKeys')).toEqual({ value: [] })
    expect(await shop.call('storageClear')).toEqual({ value: null })
  })

  it('storage: false serves none of them (4200, not in the capabilities)', async () => {
    const { host, apps } = setup(false)
    expect(host.storage).toBeUndefined()
    expect(apps[0]!.app.capabilities.filter((c) => c.startsWith('storage'))).toEqual([])
    expect((await apps[0]!.call('storageGet', { key: 'k' })).error?.code).toBe(4200)
  })

  it('without IndexedDB and without a store, storage is not served', () => {
    expect(globalThis.indexedDB).toBeUndefined()
    expect(setup(undefined).host.storage).toBeUndefined()
  })

  it('refuses a bad quota or store', () => {
    for (const storage of [
      { quotaBytes: 0 },
      { quotaBytes: 1.5 },
      { quotaBytes: Number.NaN },
      { store: {} },
      'yes',
    ]) {
      expect(() => setup(storage as RuntimeHostOptions['storage'])).toThrow(InvalidOptionError)
    }
  })
})
