import { describe, expect, it } from 'vitest'
import { persistedGrantStore } from './grants-persisted.js'
import { MemoryKeyValueStore } from './wallet/kv-memory.js'

const A = '0x00000000000000000000000000000000000000A1'
const B = '0x00000000000000000000000000000000000000b2'
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('persistedGrantStore', () => {
  it('keeps grants per app and account across a reload', async () => {
    const kv = new MemoryKeyValueStore()
    const before = await persistedGrantStore(kv)
    before.grant('shop', A, ['user:basic', 'user:phone'])
    before.grant('shop', B, ['user:basic'])
    before.revoke('shop', A, ['user:phone'])
    await settle()
    const after = await persistedGrantStore(kv)
    expect(after.list('shop', A)).toEqual(['user:basic'])
    expect(after.list('shop', B)).toEqual(['user:basic'])
    expect(after.list('other', A)).toEqual([])
    expect(after.entries()).toHaveLength(2)
  })

  it('forgets an app and account whose last scope was revoked', async () => {
    const kv = new MemoryKeyValueStore()
    const grants = await persistedGrantStore(kv)
    grants.grant('shop', A, ['user:basic'])
    grants.revoke('shop', A, ['user:basic'])
    await settle()
    expect(await kv.keys('grant:')).toEqual([])
  })

  it('skips records it cannot read and never grants an unknown scope', async () => {
    const kv = new MemoryKeyValueStore()
    await kv.set('grant:not json', ['user:basic'])
    await kv.set(`grant:${JSON.stringify(['shop'])}`, ['user:basic'])
    await kv.set(`grant:${JSON.stringify(['shop', A])}`, ['user:basic', 'admin:all', 7])
    await kv.set(`grant:${JSON.stringify(['bad', A])}`, 'user:basic')
    const grants = await persistedGrantStore(kv)
    expect(grants.entries()).toEqual([{ appId: 'shop', account: A, scopes: ['user:basic'] }])
  })

  it('an appId or account cannot forge another pair’s key', async () => {
    const kv = new MemoryKeyValueStore()
    const grants = await persistedGrantStore(kv)
    grants.grant('a","b', A, ['user:basic'])
    await settle()
    const reloaded = await persistedGrantStore(kv)
    expect(reloaded.list('a', `b",${A}`)).toEqual([])
    expect(reloaded.list('a","b', A)).toEqual(['user:basic'])
  })
})
