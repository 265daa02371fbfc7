import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { AppStorage } from './app-storage.js'
import { idbStorageBackend, prefixEnd } from './idb-backend.js'

let n = 0
const fresh = () => idbStorageBackend(`storage-test-${++n}`)

describe('idbStorageBackend', () => {
  it('computes the end of a prefix range', () => {
    expect(prefixEnd('')).toBeUndefined()
    expect(prefixEnd('ab')).toBe('ac')
    expect(prefixEnd('a\uffff')).toBe('b')
    expect(prefixEnd('\uffff\uffff')).toBeUndefined()
  })

  it('stores per app under array keys; odd keys and appIds stay apart', async () => {
    const backend = fresh()
    const keys = ['__proto__', 'constructor', '', 'k'.repeat(512), 'é𝄞', '\uffff', 'a\uffff\uffff']
    for (const key of keys) await backend.set('shop', key, JSON.stringify(key))
    await backend.set('shop2', 'x', '1')
    await backend.set('sho', 'p', '2')
    for (const key of keys) expect(await backend.get('shop', key)).toBe(JSON.stringify(key))
    expect((await backend.keys('shop', '')).sort()).toEqual([...keys].sort())
    expect((await backend.keys('shop', 'a')).sort()).toEqual(['a\uffff\uffff'])
    expect(await backend.keys('shop', '\uffff')).toEqual(['\uffff'])
    expect(await backend.entries('shop2')).toEqual([['x', '1']])
    await backend.clear('shop')
    expect(await backend.keys('shop', '')).toEqual([])
    expect(await backend.get('shop2', 'x')).toBe('1')
    expect(await backend.get('sho', 'p')).toBe('2')
    await backend.delete('sho', 'p')
    expect(await backend.get('sho', 'p')).toBeUndefined()
  })

  it('survives a new host over the same database, with the same usage', async () => {
    const name = `storage-test-${++n}`
    const first = new AppStorage(idbStorageBackend(name), 1000)
    await first.set('shop', 'cart', { items: [1, 2, 3] })
    const second = new AppStorage(idbStorageBackend(name), 1000)
    expect(await second.get('shop', 'cart')).toEqual({ items: [1, 2, 3] })
    expect((await second.list('shop')).usedBytes).toBe(4 + JSON.stringify({ items: [1, 2, 3] }).length)
  })
})
