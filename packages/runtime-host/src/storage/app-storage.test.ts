import { LimitExceededError, type StorageValue } from '@chainless/protocol'
import { describe, expect, it } from 'vitest'
import { AppStorage, entryBytes, utf8Bytes } from './app-storage.js'
import type { StorageBackend } from './backend.js'
import { MemoryStorageBackend } from './memory-backend.js'

const ODD_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'then',
  '',
  'k'.repeat(512),
  'é✓𝄞',
  '\uD800',
  'a/../b',
  '["x","y"]',
  '\u0000',
]

describe('AppStorage', () => {
  it('keeps odd keys apart and as data, with values as JSON', async () => {
    const storage = new AppStorage(new MemoryStorageBackend())
    for (const [i, key] of ODD_KEYS.entries()) await storage.set('shop', key, { i, key })
    for (const [i, key] of ODD_KEYS.entries()) expect(await storage.get('shop', key)).toEqual({ i, key })
    expect(await storage.keys('shop')).toEqual([...ODD_KEYS].sort())
    expect(Object.getPrototypeOf(await storage.get('shop', '__proto__'))).toBe(Object.prototype)
    const proto = JSON.parse('{"__proto__": {"polluted": true}}') as { [key: string]: StorageValue }
    await storage.set('shop', 'p', proto)
    const back = (await storage.get('shop', 'p')) as Record<string, unknown>
    expect(Object.hasOwn(back, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps apps apart, including appIds that look like separators', async () => {
    const storage = new AppStorage(new MemoryStorageBackend())
    await storage.set('a', 'b:c', 1)
    await storage.set('a:b', 'c', 2)
    expect(await storage.keys('a')).toEqual(['b:c'])
    expect(await storage.keys('a:b')).toEqual(['c'])
    await storage.clear('a')
    expect(await storage.get('a:b', 'c')).toBe(2)
  })

  it('lists by prefix in UTF-16 order, and removes', async () => {
    const storage = new AppStorage(new MemoryStorageBackend())
    for (const key of ['user:2', 'user:10', 'user:\uffff', 'users', 'item', 'user:𝄞', 'user:\uffff\uffff']) {
      await storage.set('shop', key, true)
    }
    expect(await storage.keys('shop', 'user:')).toEqual([
      'user:10',
      'user:2',
      'user:𝄞',
      'user:\uffff',
      'user:\uffff\uffff',
    ])
    expect(await storage.keys('shop', 'nothing')).toEqual([])
    await storage.remove('shop', 'users')
    await storage.remove('shop', 'absent')
    expect(await storage.keys('shop', 'user')).not.toContain('users')
  })

  it('counts UTF-8 bytes of key and JSON; refuses over quota with data, writing nothing', async () => {
    expect(utf8Bytes('é')).toBe(2)
    expect(utf8Bytes('𝄞')).toBe(4)
    expect(utf8Bytes('\uD800')).toBe(3)
    const storage = new AppStorage(new MemoryStorageBackend(), 20)
    await storage.set('shop', 'é', 'abc') // 2 + 5 = 7
    const error = await storage.set('shop', 'k', 'x'.repeat(20)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LimitExceededError)
    expect((error as LimitExceededError).code).toBe(-32005)
    expect((error as LimitExceededError).data).toEqual({
      quotaBytes: 20,
      usedBytes: 7,
      neededBytes: 7 + 1 + 22,
    })
    expect(await storage.keys('shop')).toEqual(['é'])
    // Replacing a value counts the difference; exactly at the quota is fine.
    await storage.set('shop', 'é', 'x'.repeat(16)) // 2 + 18 = 20
    expect((await storage.list('shop')).usedBytes).toBe(20)
    await storage.remove('shop', 'é')
    expect((await storage.list('shop')).usedBytes).toBe(0)
  })

  it('serialises one app: concurrent sets cannot overshoot the quota', async () => {
    const storage = new AppStorage(new MemoryStorageBackend(), 100)
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => storage.set('shop', `k${i}`, 'x'.repeat(16))),
    )
    const ok = results.filter((r) => r.status === 'fulfilled').length
    // Each of k0..k9 is 2 + 18 = 20 bytes: 5 fit in 100 bytes, never 6 (unserialised, all 20 would pass).
    expect(ok).toBe(5)
    const listing = await storage.list('shop')
    expect(listing.usedBytes).toBeLessThanOrEqual(100)
    expect(listing.entries.map((e) => e.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4'])
    expect(listing.usedBytes).toBe(
      listing.entries.reduce((n, e) => n + entryBytes(e.key, JSON.stringify(e.value)), 0),
    )
  })

  it('a shrinking write passes above a lowered quota; a growing one does not', async () => {
    const backend = new MemoryStorageBackend()
    await new AppStorage(backend, 1000).set('shop', 'k', 'x'.repeat(100))
    const lowered = new AppStorage(backend, 50)
    await lowered.set('shop', 'k', 'x'.repeat(60))
    await expect(lowered.set('shop', 'k', 'x'.repeat(61))).rejects.toBeInstanceOf(LimitExceededError)
    expect(await lowered.get('shop', 'k')).toBe('x'.repeat(60))
  })

  it('a failing backend write is reported, and usage is counted again afterwards', async () => {
    const memory = new MemoryStorageBackend()
    let fail = true
    const backend: StorageBackend = {
      ...bind(memory),
      set: async (appId, key, json) => {
        if (fail) throw new DOMException('Quota', 'QuotaExceededError')
        return memory.set(appId, key, json)
      },
    }
    const storage = new AppStorage(backend, 100)
    await expect(storage.set('shop', 'k', 1)).rejects.toThrow('Quota')
    fail = false
    await storage.set('shop', 'k', 1)
    expect(await storage.list('shop')).toEqual({
      entries: [{ key: 'k', value: 1 }],
      usedBytes: 2,
      quotaBytes: 100,
    })
  })

  it('refuses to list more keys than the bridge carries, rather than cut the list', async () => {
    const storage = new AppStorage(new MemoryStorageBackend(), 10 ** 9)
    await Promise.all(Array.from({ length: 10_001 }, (_, i) => storage.set('big', `k${i}`, 0)))
    const error = await storage.keys('big').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LimitExceededError)
    expect((error as LimitExceededError).data).toEqual({ maxKeys: 10_000, count: 10_001 })
    expect(await storage.keys('big', 'k1000')).toHaveLength(2)
  })
})

function bind(backend: StorageBackend): StorageBackend {
  return {
    get: (a, k) => backend.get(a, k),
    set: (a, k, j) => backend.set(a, k, j),
    delete: (a, k) => backend.delete(a, k),
    keys: (a, p) => backend.keys(a, p),
    entries: (a) => backend.entries(a),
    clear: (a) => backend.clear(a),
  }
}
