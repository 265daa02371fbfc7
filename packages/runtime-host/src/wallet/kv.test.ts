import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import type { KeyValueStore } from './kv.js'
import { idbKeyValueStore } from './kv-idb.js'
import { MemoryKeyValueStore } from './kv-memory.js'

let db = 0
describe.each<[string, () => KeyValueStore]>([
  ['MemoryKeyValueStore', () => new MemoryKeyValueStore()],
  ['idbKeyValueStore', () => idbKeyValueStore(`test-${++db}`)],
])('%s', (_, make) => {
  it('gets, sets, deletes, lists keys by prefix (sorted)', async () => {
    const store = make()
    expect(await store.get('tx:a')).toBeUndefined()
    await store.set('tx:b', { state: 'pending', n: 1n })
    await store.set('tx:a', 'x')
    await store.set('relay:c', 1)
    await store.set('tx', 2)
    expect(await store.get('tx:b')).toEqual({ state: 'pending', n: 1n })
    expect(await store.keys('tx:')).toEqual(['tx:a', 'tx:b'])
    expect(await store.keys()).toEqual(['relay:c', 'tx', 'tx:a', 'tx:b'])
    expect(await store.keys('nothing:')).toEqual([])
    await store.delete('tx:a')
    await store.delete('never-there')
    expect(await store.keys('tx:')).toEqual(['tx:b'])
  })

  it('stores copies: mutating a value after set or after get changes nothing stored', async () => {
    const store = make()
    const value = { list: [1] }
    await store.set('k', value)
    value.list.push(2)
    const read = await store.get<{ list: number[] }>('k')
    read?.list.push(3)
    expect(await store.get('k')).toEqual({ list: [1] })
  })

  it('refuses what structured clone cannot copy', async () => {
    await expect(make().set('k', { f: () => 1 })).rejects.toThrow()
  })
})

describe('idbKeyValueStore', () => {
  it('persists across instances of the same database, and separates databases', async () => {
    await idbKeyValueStore('persist').set('a', 1)
    expect(await idbKeyValueStore('persist').get('a')).toBe(1)
    expect(await idbKeyValueStore('another').get('a')).toBeUndefined()
  })
})
