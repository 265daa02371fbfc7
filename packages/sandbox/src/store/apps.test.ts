import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createApp,
  delistApp,
  getApp,
  isListedAppOrigin,
  listAppKeys,
  listApps,
  relistApp,
  rotateAppKey,
  searchApps,
  updateApp,
  validAppSecrets,
} from './apps.js'
import { AppExistsError, AppNotFoundError, InvalidAppError } from './errors.js'
import { seedExampleApps } from './seed.js'
import { openStore, type Store } from './store.js'

let dir: string
let store: Store
let now: number
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-apps-'))
  now = Date.UTC(2026, 0, 1)
  store = openStore({ dataDir: dir, now: () => now })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const shop = { name: 'Coffee Shop', origin: 'http://shop.localhost:8090', scopes: ['user:basic' as const] }

describe('createApp', () => {
  it('issues an appId and an app key and stores a valid manifest', () => {
    const created = createApp(store, { ...shop, description: 'Beans and cups' })
    expect(created.appId).toMatch(/^coffee-shop-[0-9a-f]{6}$/)
    expect(created.appKey).toMatch(/^ck_[A-Za-z0-9_-]{43}$/)
    expect(created.keyId).toMatch(/^key_[0-9a-f]{12}$/)
    expect(getApp(store, created.appId)).toEqual({
      appId: created.appId,
      name: 'Coffee Shop',
      description: 'Beans and cups',
      version: '0.1.0',
      origin: 'http://shop.localhost:8090',
      entryUrl: 'http://shop.localhost:8090/',
      scopes: ['user:basic'],
      securityRating: 'unrated',
      updatedAt: '2026-01-01T00:00:00.000Z',
      status: 'listed',
      sponsored: false,
    })
    expect(validAppSecrets(store, created.appId)).toEqual([created.appKey])
  })

  it('keeps optional manifest fields', () => {
    const contracts = [{ chainId: 31337, address: `0x${'11'.repeat(20)}`, name: 'Token', abi: [] }]
    const { appId } = createApp(store, {
      ...shop,
      appId: 'shop',
      permissions: ['camera'],
      contracts,
      developer: { name: 'Dev', url: 'https://dev.example' },
      sourceUrl: 'https://git.example/shop',
      audit: { auditor: 'Aud', url: 'https://aud.example/r.pdf' },
      sponsored: true,
      icon: 'http://shop.localhost:8090/icon.png',
    })
    expect(getApp(store, appId)).toMatchObject({ permissions: ['camera'], contracts, sponsored: true })
  })

  it.each([
    [{ ...shop, origin: 'http://shop.localhost:8090/path' }, 'origin'],
    [{ ...shop, origin: 'javascript:alert(1)' }, 'origin'],
    [{ ...shop, appId: 'Bad_Id' }, 'appId'],
    [{ ...shop, appId: 'me' }, 'appId'],
    [{ ...shop, scopes: ['root'] }, 'scopes'],
    [{ ...shop, entryUrl: 'http://evil.localhost/' }, 'entryUrl must be on origin'],
  ])('refuses invalid data with InvalidAppError (%#)', (input, where) => {
    const before = listApps(store)
    // @ts-expect-error -- deliberately bad input
    expect(() => createApp(store, input)).toThrow(InvalidAppError)
    // @ts-expect-error -- deliberately bad input
    expect(() => createApp(store, input)).toThrow(where)
    expect(listApps(store)).toEqual(before)
  })

  it('refuses a taken appId or origin with AppExistsError', () => {
    createApp(store, { ...shop, appId: 'shop' })
    expect(() => createApp(store, { ...shop, appId: 'shop', origin: 'http://x.localhost:1' })).toThrow(
      AppExistsError,
    )
    expect(() => createApp(store, { ...shop, appId: 'shop2' })).toThrow(/origin/)
    expect(listApps(store)).toHaveLength(5)
  })
})

describe('listApps / searchApps', () => {
  it('searches name and description, all terms, case-insensitively, marking delisted apps', () => {
    createApp(store, { ...shop, appId: 'shop', description: 'Buy COFFEE beans' })
    delistApp(store, 'shop')
    expect(searchApps(store, { q: 'coffee' }).map((a) => [a.appId, a.status])).toEqual([['shop', 'delisted']])
    expect(searchApps(store, { q: 'beans shop' }).map((a) => a.appId)).toEqual(['shop'])
    expect(searchApps(store, { q: 'beans nothing' })).toEqual([])
    expect(searchApps(store, { q: 'TOKEN transfers' }).map((a) => a.appId)).toEqual(['web3-demo'])
    expect(searchApps(store, { q: 'platform pays' }).map((a) => a.appId)).toEqual(['web3-sponsored'])
    expect(searchApps(store, {}).map((a) => a.appId)).toEqual([
      'shop',
      'hello',
      'web2-shop',
      'web3-demo',
      'web3-sponsored',
    ])
    expect(searchApps(store, { limit: 1 })).toHaveLength(1)
    expect(searchApps(store, { q: '%' })).toEqual([]) // no wildcards
    expect(listApps(store, { includeDelisted: false }).map((a) => a.appId)).toEqual([
      'hello',
      'web2-shop',
      'web3-demo',
      'web3-sponsored',
    ])
  })
})

describe('delistApp / relistApp', () => {
  it('marks the app, drops its CORS origin and its keys', () => {
    const { appId, appKey } = createApp(store, shop)
    expect(isListedAppOrigin(store, shop.origin)).toBe(true)
    expect(delistApp(store, appId).status).toBe('delisted')
    expect(isListedAppOrigin(store, shop.origin)).toBe(false)
    expect(validAppSecrets(store, appId)).toEqual([])
    expect(relistApp(store, appId).status).toBe('listed')
    expect(validAppSecrets(store, appId)).toEqual([appKey])
  })

  it('throws AppNotFoundError for unknown apps', () => {
    expect(() => delistApp(store, 'nope')).toThrow(AppNotFoundError)
    expect(() => rotateAppKey(store, 'nope')).toThrow(AppNotFoundError)
    expect(() => getApp(store, 'nope')).toThrow('No app "nope"')
  })
})

describe('rotateAppKey', () => {
  it('issues a new key; the old one stays valid for the grace period only', () => {
    const { appId, appKey: first } = createApp(store, shop)
    const rotated = rotateAppKey(store, appId, { graceMs: 60_000 })
    expect(rotated.appKey).not.toBe(first)
    expect(rotated.previousKeysExpireAt).toBe(now + 60_000)
    expect(validAppSecrets(store, appId)).toEqual([rotated.appKey, first])
    now += 59_999
    expect(validAppSecrets(store, appId)).toContain(first)
    now += 1
    expect(validAppSecrets(store, appId)).toEqual([rotated.appKey])
    expect(listAppKeys(store, appId).map((k) => k.expiresAt)).toEqual([null, rotated.previousKeysExpireAt])
  })

  it('defaults to a 24 h grace; two keys at most stay valid (an older key in its grace ends now)', () => {
    const { appId } = createApp(store, shop)
    rotateAppKey(store, appId, { graceMs: 1000 })
    const second = rotateAppKey(store, appId)
    expect(second.previousKeysExpireAt).toBe(now + 24 * 3600 * 1000)
    expect(listAppKeys(store, appId).map((k) => k.expiresAt)).toEqual([null, now + 86_400_000, now])
    expect(validAppSecrets(store, appId)).toHaveLength(2)
    expect(() => rotateAppKey(store, appId, { graceMs: -1 })).toThrow(RangeError)
  })
})

describe('updateApp / seedExampleApps', () => {
  it('updates fields with validation, and re-points seeded origins', () => {
    const contracts = [{ chainId: 31337, address: `0x${'22'.repeat(20)}`, name: 'CRC20' }]
    expect(updateApp(store, 'web3-demo', { contracts }).contracts).toEqual(contracts)
    expect(() => updateApp(store, 'web3-demo', { origin: 'nope' })).toThrow(InvalidAppError)
    expect(seedExampleApps(store, { appsPort: 7000 })).toEqual([])
    expect(getApp(store, 'hello').origin).toBe('http://hello.localhost:7000')
    expect(getApp(store, 'web3-demo').entryUrl).toBe('http://web3-demo.localhost:7000/')
  })
})
