import { afterEach, expect, it, vi } from 'vitest'
import { defaultSeenApps, MemoryGrantStore } from './grants.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

it('grants, lists and revokes scopes per app', () => {
  const grants = new MemoryGrantStore()
  expect(grants.list('a')).toEqual([])
  grants.grant('a', ['user:basic', 'tx:sign', 'user:basic'])
  grants.grant('b', ['asset:read'])
  expect(grants.list('a')).toEqual(['user:basic', 'tx:sign'])
  grants.revoke('a', ['tx:sign', 'asset:read'])
  expect(grants.list('a')).toEqual(['user:basic'])
  expect(grants.list('b')).toEqual(['asset:read'])
})

it('remembers seen apps in localStorage and survives a broken store', () => {
  const data = new Map<string, string>()
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => data.set(k, v),
  })
  const seen = defaultSeenApps()
  expect(seen.has('hello')).toBe(false)
  seen.add('hello')
  expect(seen.has('hello')).toBe(true)
  expect(defaultSeenApps().has('hello')).toBe(true)
  data.set('chainless:seen-apps', '{not json')
  expect(defaultSeenApps().has('hello')).toBe(false)
  vi.stubGlobal('localStorage', {
    getItem: () => {
      throw new Error('blocked')
    },
    setItem: () => {
      throw new Error('blocked')
    },
  })
  const memoryOnly = defaultSeenApps()
  memoryOnly.add('x')
  expect(memoryOnly.has('x')).toBe(true)
})
