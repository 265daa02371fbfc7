import 'fake-indexeddb/auto'
import { type KeyValueStore, MemoryKeyValueStore } from '@chainless/runtime-host'
import { fc, test as prop } from '@fast-check/vitest'
import { getAddress, Transaction, verifyMessage, Wallet } from 'ethers'
import { describe, expect, test } from 'vitest'
import { createTestAccounts, readPrefs, TestAccountsError } from './test-accounts.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
// Hardhat's well-known development accounts #0 and #1 of this mnemonic.
const ACCOUNT_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
// A key outside the mnemonic's first accounts (any 32-byte scalar below the curve order).
const FOREIGN_KEY = `0x${'11'.repeat(32)}`
const FOREIGN = new Wallet(FOREIGN_KEY).address

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  } as unknown as Storage & { data: Map<string, string> }
}

const FUZZ = {
  numRuns: 60,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
}

describe('createTestAccounts', () => {
  test('derives the mnemonic accounts in index order and signs for them', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 2,
      storage: memoryStorage(),
      keys: null,
    })
    expect(accounts.list()).toEqual([ACCOUNT_0, ACCOUNT_1])
    expect(await accounts.getAddresses()).toEqual([ACCOUNT_0, ACCOUNT_1])
    const signature = await accounts.signMessage({ address: ACCOUNT_1, message: '0x68656c6c6f' })
    expect(verifyMessage('hello', signature)).toBe(ACCOUNT_1)
    const unsigned = Transaction.from({
      chainId: 31337,
      nonce: 0,
      gasLimit: 21000,
      gasPrice: 1,
      to: ACCOUNT_0,
      value: 1,
    })
    const raw = await accounts.signTransaction({
      address: ACCOUNT_0,
      transaction: unsigned.unsignedSerialized,
    })
    expect(Transaction.from(raw).from).toBe(ACCOUNT_0)
  })

  test('create() derives the next index, and the count survives a reload', async () => {
    const storage = memoryStorage()
    const accounts = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage, keys: null })
    let changes = 0
    accounts.subscribe(() => changes++)
    expect(await accounts.create()).toBe(ACCOUNT_1)
    expect(changes).toBe(1)
    const again = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage, keys: null })
    expect(again.list()).toEqual([ACCOUNT_0, ACCOUNT_1])
  })

  test('an imported key is listed after the derived ones and signs', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: null,
    })
    expect(await accounts.importKey(` ${FOREIGN_KEY.slice(2)} `)).toBe(FOREIGN)
    expect(accounts.list()).toEqual([ACCOUNT_0, FOREIGN])
    const signature = await accounts.signMessage({ address: FOREIGN.toLowerCase(), message: '0x00' })
    expect(verifyMessage(new Uint8Array([0]), signature)).toBe(FOREIGN)
  })

  test('a bad key or a duplicate is a typed error that never quotes the key, and nothing is added', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: null,
    })
    const zero = `0x${'0'.repeat(64)}`
    const aboveOrder = `0x${'f'.repeat(64)}`
    for (const bad of ['', 'abc', zero, aboveOrder, `${FOREIGN_KEY}00`, 42 as unknown as string]) {
      const error = await accounts.importKey(bad).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TestAccountsError)
      expect((error as TestAccountsError).reason).toBe('invalid_private_key')
      if (String(bad).length > 20)
        expect(String((error as Error).message)).not.toContain(String(bad).slice(2, 20))
    }
    await accounts.importKey(FOREIGN_KEY)
    await expect(accounts.importKey(FOREIGN_KEY.toUpperCase().replace('0X', '0x'))).rejects.toMatchObject({
      reason: 'duplicate_account',
    })
    // The mnemonic's own account #0 is already held.
    await expect(
      accounts.importKey('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'),
    ).rejects.toMatchObject({ reason: 'duplicate_account' })
    expect(accounts.list()).toEqual([ACCOUNT_0, FOREIGN])
  })

  test('two concurrent imports of one key: one wins, the other is a duplicate', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: new MemoryKeyValueStore(),
    })
    const results = await Promise.allSettled([
      accounts.importKey(FOREIGN_KEY),
      accounts.importKey(FOREIGN_KEY),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(accounts.list()).toEqual([ACCOUNT_0, FOREIGN])
  })

  test('imported keys persist sealed (never in clear) and come back after a reload', async () => {
    const keys = new MemoryKeyValueStore()
    const storage = memoryStorage()
    const accounts = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage, keys })
    await accounts.importKey(FOREIGN_KEY)
    const names = await keys.keys()
    expect(names.sort()).toEqual([`imported:${FOREIGN}`, 'vault-key'])
    const sealed = await keys.get<{ data: ArrayBuffer }>(`imported:${FOREIGN}`)
    const bytes = new TextDecoder().decode(sealed!.data)
    expect(bytes).not.toContain(FOREIGN_KEY.slice(2, 18))
    const key = await keys.get<CryptoKey>('vault-key')
    expect(key!.extractable).toBe(false)
    expect(JSON.stringify(accounts)).not.toContain(FOREIGN_KEY.slice(2))
    for (const value of storage.data.values()) expect(value).not.toContain(FOREIGN_KEY.slice(2))

    const again = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage, keys })
    expect(again.list()).toEqual([ACCOUNT_0, FOREIGN])
  })

  test('a tampered or misfiled sealed key is dropped at load, the rest load', async () => {
    const keys = new MemoryKeyValueStore()
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys,
    })
    await accounts.importKey(FOREIGN_KEY)
    const sealed = await keys.get<{ iv: Uint8Array; data: ArrayBuffer; at: number }>(`imported:${FOREIGN}`)
    // Copied under another address: the additional data differs, it does not decrypt.
    await keys.set(`imported:${ACCOUNT_1}`, sealed)
    await keys.set('imported:garbage', { iv: 1, data: 'x' })
    const again = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage: memoryStorage(), keys })
    expect(again.list()).toEqual([ACCOUNT_0, FOREIGN])
    expect((await keys.keys('imported:')).sort()).toEqual([`imported:${FOREIGN}`])
  })

  test('a database that refuses the write: the import fails and nothing is added', async () => {
    const broken: KeyValueStore = {
      get: async () => undefined,
      set: async () => {
        throw new Error('QuotaExceededError')
      },
      delete: async () => undefined,
      keys: async () => [],
    }
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: broken,
    })
    await expect(accounts.importKey(FOREIGN_KEY)).rejects.toThrow('QuotaExceededError')
    expect(accounts.list()).toEqual([ACCOUNT_0])
  })

  test('the default store is IndexedDB (fake-indexeddb here)', async () => {
    const accounts = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage: memoryStorage() })
    await accounts.importKey(FOREIGN_KEY)
    const again = await createTestAccounts({ mnemonic: MNEMONIC, count: 1, storage: memoryStorage() })
    expect(again.list()).toContain(FOREIGN)
  })

  test('presets persist per account, checksummed or not; normal clears', async () => {
    const storage = memoryStorage()
    const accounts = await createTestAccounts({ mnemonic: MNEMONIC, count: 2, storage, keys: null })
    let changes = 0
    accounts.subscribe(() => changes++)
    accounts.setPreset(ACCOUNT_1.toLowerCase(), 'read-only')
    expect(accounts.preset(ACCOUNT_1)).toBe('read-only')
    expect(accounts.preset(ACCOUNT_0)).toBe('normal')
    expect(accounts.preset('')).toBe('normal')
    const again = await createTestAccounts({ mnemonic: MNEMONIC, count: 2, storage, keys: null })
    expect(again.preset(ACCOUNT_1)).toBe('read-only')
    accounts.setPreset(ACCOUNT_1, 'normal')
    expect(accounts.preset(ACCOUNT_1)).toBe('normal')
    expect(changes).toBe(2)
    expect(() => accounts.setPreset('0x1234', 'read-only')).toThrow(TestAccountsError)
    expect(() => accounts.setPreset(ACCOUNT_0, 'admin' as never)).toThrow(TestAccountsError)
  })

  test('a listener that throws does not stop the others', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: null,
    })
    let called = false
    accounts.subscribe(() => {
      throw new Error('boom')
    })
    const off = accounts.subscribe(() => {
      called = true
    })
    await accounts.create()
    expect(called).toBe(true)
    off()
  })

  test('signing for an account not held is a SignerError', async () => {
    const accounts = await createTestAccounts({
      mnemonic: MNEMONIC,
      count: 1,
      storage: memoryStorage(),
      keys: null,
    })
    await expect(accounts.signMessage({ address: FOREIGN, message: '0x00' })).rejects.toMatchObject({
      reason: 'unknown_address',
    })
    await expect(accounts.signMessage({ address: 'nope', message: '0x00' })).rejects.toMatchObject({
      reason: 'invalid_address',
    })
  })

  test('bad options are typed errors that never quote the mnemonic', async () => {
    await expect(createTestAccounts({ mnemonic: MNEMONIC, count: 0, keys: null })).rejects.toBeInstanceOf(
      TestAccountsError,
    )
    const error = await createTestAccounts({ mnemonic: 'secret words here', count: 1, keys: null }).catch(
      (e) => e,
    )
    expect(error).toMatchObject({ reason: 'invalid_options' })
    expect(String(error.message)).not.toContain('secret')
  })
})

describe('readPrefs (untrusted localStorage)', () => {
  prop.prop(
    [
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
    ],
    FUZZ,
  )('never throws and keeps only valid values', (text) => {
    const prefs = readPrefs({ getItem: () => text, setItem: () => undefined })
    expect(Number.isSafeInteger(prefs.derived)).toBe(true)
    expect(prefs.derived).toBeGreaterThanOrEqual(0)
    expect(prefs.derived).toBeLessThanOrEqual(100)
    for (const [address, preset] of Object.entries(prefs.presets)) {
      expect(address).toMatch(/^0x[0-9a-f]{40}$/)
      expect(['reject-all', 'read-only']).toContain(preset)
    }
  })
  test('a stored shape with a huge count or a __proto__ key is cut to the valid part', () => {
    const a = ACCOUNT_0.toLowerCase()
    const text = `{"derived":1e9,"presets":{"__proto__":"read-only","${a}":"reject-all","${getAddress(ACCOUNT_1)}":"read-only"}}`
    const prefs = readPrefs({ getItem: () => text, setItem: () => undefined })
    expect(prefs).toEqual({ derived: 0, presets: { [a]: 'reject-all' } })
  })
})
