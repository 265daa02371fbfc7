import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { idbKeyValueStore } from '../wallet/kv-idb.js'
import { MemoryKeyValueStore } from '../wallet/kv-memory.js'
import { type TokenRecord, TokenVault } from './token-vault.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const record: TokenRecord = {
  accessToken: 'eyJhbGciOiJFZERTQSJ9.access-token-secret.sig',
  refreshToken: 'refresh-token-secret-0123456789',
  expiresAt: 1_800_000_000_000,
  scope: ['user:basic'],
}

/** Every string and byte the store holds, as text. */
async function dump(store: MemoryKeyValueStore): Promise<string> {
  let out = ''
  for (const key of await store.keys()) {
    const value = await store.get<unknown>(key)
    out += key
    if (value && typeof value === 'object' && 'data' in value) {
      const { iv, data } = value as { iv: Uint8Array; data: ArrayBuffer }
      out += new TextDecoder('latin1').decode(iv) + new TextDecoder('latin1').decode(data)
    } else out += String(value)
  }
  return out
}

describe('TokenVault', () => {
  it('round-trips a record and stores no plaintext token', async () => {
    const store = new MemoryKeyValueStore()
    const vault = new TokenVault(store)
    await vault.set('shop', A, record)
    expect(await vault.get('shop', A)).toEqual(record)
    const raw = await dump(store)
    expect(raw).not.toContain(record.accessToken)
    expect(raw).not.toContain(record.refreshToken)
    expect(raw).not.toContain('access-token-secret')
  })

  it('keeps its key non-extractable, in IndexedDB, created once', async () => {
    const store = idbKeyValueStore(`vault-test-${Math.random()}`)
    await new TokenVault(store).set('shop', A, record)
    const key = await store.get<CryptoKey>('vault-key')
    expect(key?.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow()
    // A second vault (a reload) reads the record with the stored key.
    expect(await new TokenVault(store).get('shop', A)).toEqual(record)
    // Still one key: the reload did not create another.
    expect((await store.keys()).filter((k) => k === 'vault-key')).toHaveLength(1)
  })

  it('is per app and account; a record copied under another name does not decrypt', async () => {
    const store = new MemoryKeyValueStore()
    const vault = new TokenVault(store)
    await vault.set('shop', A, record)
    expect(await vault.get('shop', B)).toBeUndefined()
    expect(await vault.get('other', A)).toBeUndefined()
    const keys = await store.keys('tokens:')
    await store.set(keys[0]!.replace(A, B), await store.get(keys[0]!))
    expect(await vault.get('shop', B)).toBeUndefined()
    await vault.delete('shop', A)
    expect(await vault.get('shop', A)).toBeUndefined()
  })
})
