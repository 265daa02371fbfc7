import { afterEach, expect, it, vi } from 'vitest'
import { defaultSeenApps, MemoryGrantStore, noticeFingerprint } from './grants.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

const A = '0x00000000000000000000000000000000000000A1'
const B = '0x00000000000000000000000000000000000000B2'

it('grants, lists and revokes scopes per app and account', () => {
  const grants = new MemoryGrantStore()
  expect(grants.list('a', A)).toEqual([])
  grants.grant('a', A, ['user:basic', 'tx:sign', 'user:basic'])
  grants.grant('b', A, ['asset:read'])
  grants.grant('a', B, ['asset:transfer'])
  expect(grants.list('a', A)).toEqual(['user:basic', 'tx:sign'])
  grants.revoke('a', A, ['tx:sign', 'asset:read'])
  expect(grants.list('a', A)).toEqual(['user:basic'])
  expect(grants.list('b', A)).toEqual(['asset:read'])
  // Another account's grants are its own.
  expect(grants.list('a', B)).toEqual(['asset:transfer'])
  expect(grants.list('b', B)).toEqual([])
  expect(grants.list('a', '')).toEqual([])
})

it('lists every app and account with grants; emptied ones disappear', () => {
  const grants = new MemoryGrantStore()
  grants.grant('a', A, ['user:basic'])
  grants.grant('a', B, ['user:basic', 'tx:sign'])
  grants.grant('b', '', ['asset:read'])
  expect(grants.entries()).toEqual([
    { appId: 'a', account: A, scopes: ['user:basic'] },
    { appId: 'a', account: B, scopes: ['user:basic', 'tx:sign'] },
    { appId: 'b', account: '', scopes: ['asset:read'] },
  ])
  grants.revoke('a', B, ['user:basic', 'tx:sign'])
  grants.revoke('zz', A, ['user:basic'])
  expect(grants.entries().map((e) => [e.appId, e.account])).toEqual([
    ['a', A],
    ['b', ''],
  ])
})

it('remembers what each app showed in localStorage and survives a broken store', () => {
  const data = new Map<string, string>()
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => data.set(k, v),
  })
  const seen = defaultSeenApps()
  expect(seen.get('hello')).toBeUndefined()
  seen.set('hello', 'f1')
  expect(seen.get('hello')).toBe('f1')
  expect(defaultSeenApps().get('hello')).toBe('f1')
  defaultSeenApps().set('__proto__', 'f2')
  expect(defaultSeenApps().get('__proto__')).toBe('f2')
  expect(defaultSeenApps().get('hello')).toBe('f1')
  data.set('chainless:seen-apps', '{not json')
  expect(defaultSeenApps().get('hello')).toBeUndefined()
  vi.stubGlobal('localStorage', {
    getItem: () => {
      throw new Error('blocked')
    },
    setItem: () => {
      throw new Error('blocked')
    },
  })
  const memoryOnly = defaultSeenApps()
  memoryOnly.set('x', 'f')
  expect(memoryOnly.get('x')).toBe('f')
})

it('reads the former format (appIds only) as seen with unknown contents, and upgrades it', () => {
  const data = new Map([['chainless:seen-apps', JSON.stringify(['hello', 7, 'other'])]])
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => data.set(k, v),
  })
  const seen = defaultSeenApps()
  // Known, but no fingerprint ever matches '': the notice shows once more.
  expect(seen.get('hello')).toBe('')
  seen.set('hello', noticeFingerprint(manifest))
  expect(JSON.parse(data.get('chainless:seen-apps')!)).toEqual({
    hello: noticeFingerprint(manifest),
    other: '',
  })
})

const manifest = {
  appId: 'hello',
  name: 'Hello',
  version: '1',
  origin: 'https://hello.example',
  entryUrl: 'https://hello.example/',
  scopes: ['user:basic', 'tx:sign'] as const,
}

it('fingerprints origin, rating, scopes and permissions, not their order or other fields', () => {
  const base = noticeFingerprint(manifest)
  expect(noticeFingerprint({ ...manifest, scopes: ['tx:sign', 'user:basic'], name: 'Renamed' })).toBe(base)
  expect(noticeFingerprint({ ...manifest, securityRating: 'unrated' })).toBe(base)
  for (const changed of [
    { ...manifest, origin: 'https://evil.example' },
    { ...manifest, securityRating: 'D' as const },
    { ...manifest, scopes: ['user:basic'] as const },
    { ...manifest, permissions: ['camera'] as const },
  ]) {
    expect(noticeFingerprint(changed)).not.toBe(base)
  }
})
