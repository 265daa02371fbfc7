/**
 * Where the host keeps each app's OAuth tokens, per app and account, encrypted at rest: AES-GCM 256
 * under one non-extractable `CryptoKey` created once and kept in IndexedDB (idb-keyval). Script that
 * reads the database (a dump, an extension, a stolen profile copied elsewhere) gets ciphertext and a
 * key handle it cannot export; decrypting needs this origin's live `crypto.subtle` (DESIGN: "Trust
 * boundaries").
 * @see https://www.w3.org/TR/WebCryptoAPI/#dfn-CryptoKey-extractable
 */
import type { Scope } from '@chainless/protocol'
import type { KeyValueStore } from '../wallet/kv.js'
import { idbKeyValueStore } from '../wallet/kv-idb.js'

/** The tokens the host holds for one app and account. */
export interface TokenRecord {
  accessToken: string
  /** Absent when the platform issued none. */
  refreshToken?: string
  /** When the access token expires, ms since the epoch. */
  expiresAt: number
  scope: readonly Scope[]
  /** When the host obtained it, ms since the epoch (absent in records stored before it was kept). */
  obtainedAt?: number
}

/** What is stored for a record: never the tokens in clear. */
interface SealedRecord {
  iv: Uint8Array
  data: ArrayBuffer
}

const KEY_NAME = 'vault-key'
const RECORD_PREFIX = 'tokens:'

/**
 * AES-GCM vault of {@link TokenRecord}s. The record's key (app and account) is the AES-GCM additional
 * data, so a ciphertext copied under another app or account does not decrypt.
 *
 * @example
 * ```ts
 * const vault = new TokenVault() // IndexedDB database `chainless-auth`
 * await vault.set('shop', account, { accessToken, refreshToken, expiresAt, scope: ['user:basic'] })
 * const tokens = await vault.get('shop', account)
 * ```
 */
export class TokenVault {
  readonly #store: KeyValueStore
  #key: Promise<CryptoKey> | undefined

  /** `store` defaults to IndexedDB database `chainless-auth` (the key and records both live there). */
  constructor(store: KeyValueStore = idbKeyValueStore('chainless-auth')) {
    this.#store = store
  }

  /** The tokens of `appId` for `account`, or `undefined` (also when a record no longer decrypts). */
  async get(appId: string, account: string): Promise<TokenRecord | undefined> {
    const name = recordName(appId, account)
    const sealed = await this.#store.get<SealedRecord>(name)
    if (!sealed) return undefined
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: encode(name) },
        await this.#cryptoKey(),
        sealed.data,
      )
      return JSON.parse(new TextDecoder().decode(plain)) as TokenRecord
    } catch {
      // Sealed under a key that is gone (database partly cleared) or tampered with: useless, drop it.
      await this.#store.delete(name)
      return undefined
    }
  }

  /** Encrypts and stores `record` for `appId` and `account`. */
  async set(appId: string, account: string, record: TokenRecord): Promise<void> {
    const name = recordName(appId, account)
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const data = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encode(name) },
      await this.#cryptoKey(),
      encode(JSON.stringify(record)),
    )
    await this.#store.set(name, { iv, data } satisfies SealedRecord)
  }

  /** Forgets the tokens of `appId` for `account`. */
  async delete(appId: string, account: string): Promise<void> {
    await this.#store.delete(recordName(appId, account))
  }

  /** The vault's key: loaded, or created once (non-extractable) and stored. */
  #cryptoKey(): Promise<CryptoKey> {
    this.#key ??= (async () => {
      const stored = await this.#store.get<CryptoKey>(KEY_NAME)
      if (stored) return stored
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ])
      await this.#store.set(KEY_NAME, key)
      return key
    })()
    // A failure (IndexedDB refused) is not cached: the next call tries again.
    this.#key.catch(() => {
      this.#key = undefined
    })
    return this.#key
  }
}

/** The store key of a record: JSON keeps app and account apart (no separator to forge). */
function recordName(appId: string, account: string): string {
  return `${RECORD_PREFIX}${JSON.stringify([appId, account])}`
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text)
}
