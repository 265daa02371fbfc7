import { describe, expect, it } from 'vitest'
import { StoreFullError } from './errors.js'
import { MemoryReplayStore } from './memory-replay-store.js'

describe('MemoryReplayStore', () => {
  it('claims a key once while it lives, again after it expires', () => {
    let now = 1_000
    const store = new MemoryReplayStore({ now: () => now })
    expect(store.claim('a', 100)).toBe(true)
    expect(store.claim('a', 100)).toBe(false)
    now += 100
    expect(store.claim('a', 100)).toBe(true)
  })

  it('refuses new keys when full rather than forget live ones', () => {
    let now = 0
    const store = new MemoryReplayStore({ now: () => now, maxSize: 2 })
    store.claim('a', 1_000)
    store.claim('b', 1_000)
    expect(() => store.claim('c', 1_000)).toThrow(StoreFullError)
    expect(store.claim('a', 1_000)).toBe(false)
    now = 1_000
    expect(store.claim('c', 1_000)).toBe(true)
    expect(store.size).toBeLessThanOrEqual(2)
  })

  it('finds expired keys behind a longer-lived one when full', () => {
    let now = 0
    const store = new MemoryReplayStore({ now: () => now, maxSize: 2 })
    store.claim('long', 10_000)
    store.claim('short', 10)
    now = 20
    expect(store.claim('new', 10)).toBe(true)
    expect(store.claim('long', 10)).toBe(false)
  })
})
