import { InvalidParamsError, LimitExceededError, toErrorPayload } from '@chainless/protocol'
import { storageSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type FakeHost, installFakeHost } from '../../test/fake-host.js'

const STORAGE = ['storageGet', 'storageSet', 'storageRemove', 'storageKeys', 'storageClear']
let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.unstubAllGlobals()
})

/** A fake wallet serving storage from a Map with a byte quota (params checked with the host's schemas). */
async function connected(options: { quota?: number; capabilities?: string[] } = {}) {
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('../index.js')
  const storage = await import('./index.js')
  const data = new Map<string, string>()
  const calls: { method: string; params: unknown }[] = []
  const used = () => [...data].reduce((n, [k, j]) => n + k.length + j.length, 0)
  const serve = (method: string, params: unknown): unknown => {
    const schema = storageSchemas[method as keyof typeof storageSchemas]
    const parsed = v.safeParse(schema.params, params)
    if (!parsed.success) throw new InvalidParamsError()
    const p = (parsed.output ?? {}) as { key: string; value: unknown; prefix?: string }
    if (method === 'storageGet') return data.has(p.key) ? { value: JSON.parse(data.get(p.key)!) } : {}
    if (method === 'storageSet') {
      const json = JSON.stringify(p.value)
      const needed =
        used() - (data.has(p.key) ? p.key.length + data.get(p.key)!.length : 0) + p.key.length + json.length
      const quotaBytes = options.quota ?? 1000
      if (needed > quotaBytes)
        throw new LimitExceededError('Storage quota exceeded', {
          quotaBytes,
          usedBytes: used(),
          neededBytes: needed,
        })
      data.set(p.key, json)
      return null
    }
    if (method === 'storageRemove') return data.delete(p.key) && null
    if (method === 'storageKeys') return [...data.keys()].filter((k) => k.startsWith(p.prefix ?? '')).sort()
    data.clear()
    return null
  }
  const ready = sdk.ready()
  const port = host.welcome({
    capabilities: options.capabilities ?? [
      'ready',
      'close',
      'setBackButton',
      'getContext',
      'ping',
      ...STORAGE,
    ],
  })
  void (async () => {
    for (;;) {
      const message = await port.next()
      const method = (message.path as string[])[0]!
      const params = (message.argumentList as { value: unknown }[])[0]?.value
      if (method !== 'ready') calls.push({ method, params })
      Promise.resolve()
        .then(() => (method === 'ready' ? null : serve(method, params)))
        .then(
          (value) => port.post({ id: message.id, type: 'RAW', value }),
          (error: unknown) =>
            port.post({
              id: message.id,
              type: 'HANDLER',
              name: 'throw',
              value: { isError: true, value: toErrorPayload(error) },
            }),
        )
    }
  })()
  await ready
  return { storage, data, calls }
}

describe('storage inside a host', () => {
  it('get / set / keys / remove / delete / clear go over the bridge with the host schema shapes', async () => {
    const { storage, calls } = await connected()
    await storage.set('__proto__', { a: [1, 'é', null] })
    await storage.set('constructor', true)
    await storage.set('draft:1', 'x')
    expect(await storage.get('__proto__')).toEqual({ a: [1, 'é', null] })
    expect(await storage.get('absent')).toBeUndefined()
    expect(await storage.keys()).toEqual(['__proto__', 'constructor', 'draft:1'])
    expect(await storage.keys({ prefix: 'draft:' })).toEqual(['draft:1'])
    await storage.remove('constructor')
    await storage.delete('draft:1')
    expect(await storage.keys()).toEqual(['__proto__'])
    await storage.clear()
    expect(await storage.keys()).toEqual([])
    expect(calls.map((c) => c.method)).toContain('storageClear')
    expect(calls.find((c) => c.method === 'storageKeys')!.params).toBeUndefined()
  })

  it('quota exceeded is a QuotaExceededError (-32005) with the host data; nothing written', async () => {
    const { storage, data } = await connected({ quota: 20 })
    await storage.set('k', 'abc')
    const error = await storage.set('big', 'x'.repeat(30)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(storage.QuotaExceededError)
    expect(error).toBeInstanceOf(storage.LimitExceededError)
    expect(error).toBeInstanceOf(storage.BridgeError)
    expect((error as InstanceType<typeof storage.QuotaExceededError>).code).toBe(-32005)
    expect((error as InstanceType<typeof storage.QuotaExceededError>).data).toEqual({
      quotaBytes: 20,
      usedBytes: 6,
      neededBytes: 41,
    })
    expect([...data.keys()]).toEqual(['k'])
  })

  it('refuses bad keys and non-JSON values before the bridge (-32602)', async () => {
    const { storage, calls } = await connected()
    for (const key of ['', 'k'.repeat(513), 1 as unknown as string]) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(storage.InvalidParamsError)
      await expect(storage.set(key, 1)).rejects.toBeInstanceOf(storage.InvalidParamsError)
      await expect(storage.remove(key)).rejects.toBeInstanceOf(storage.InvalidParamsError)
    }
    const sparse: unknown[] = []
    sparse[2 ** 32 - 2] = 1
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const value of [Number.NaN, new Date(), new Map(), undefined, sparse, cyclic, () => 1, 1n]) {
      await expect(storage.set('k', value as never)).rejects.toBeInstanceOf(storage.InvalidParamsError)
    }
    await expect(storage.keys({ prefix: 'p'.repeat(513) })).rejects.toBeInstanceOf(storage.InvalidParamsError)
    expect(calls).toEqual([])
    expect(await storage.get('k'.repeat(512))).toBeUndefined()
  })

  it('a host that does not serve storage answers 4200; an aborted call rejects with the reason', async () => {
    const { storage } = await connected({ capabilities: ['ready', 'ping'] })
    await expect(storage.get('k')).rejects.toBeInstanceOf(storage.UnsupportedMethodError)
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(storage.keys({ signal: controller.signal })).rejects.toThrow('stop')
  })
})
