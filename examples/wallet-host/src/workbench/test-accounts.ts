// The workbench's test accounts: the sandbox mnemonic's derived accounts (more on demand) plus
// imported private keys, as one runtime-host Signer, with per-account presets. The number created and
// the presets live in the wallet origin's localStorage; imported keys are sealed with AES-GCM under a
// non-extractable key in IndexedDB (as runtime-host's TokenVault), never stored in clear.
import { ChainlessError, type ChainlessErrorOptions, type TypedData } from '@chainless/protocol'
import {
  idbKeyValueStore,
  type KeyValueStore,
  LocalKeySigner,
  type Signer,
  SignerError,
} from '@chainless/runtime-host'
import { getAddress, HDNodeWallet } from 'ethers'
import { type AccountPreset, isAccountPreset } from '../ui/auto-decide.js'

export type { AccountPreset } from '../ui/auto-decide.js'

/** The most accounts the mnemonic gives (as `LocalKeySigner.fromMnemonic`). */
export const MAX_DERIVED = 100
/** The most imported keys. */
export const MAX_IMPORTED = 100
/** The most presets kept (a stale or tampered localStorage value is cut to this). */
const MAX_PRESETS = 500

const PREFS_KEY = 'chainless-wallet:workbench:accounts'
const KEY_NAME = 'vault-key'
const RECORD_PREFIX = 'imported:'

/** What the panels use: the accounts and their presets. */
export interface TestAccountsApi {
  /** Checksummed: derived ones first (index order), then imported ones (import order). */
  list(): readonly string[]
  /** Derives the next index of the test mnemonic; answers its address. */
  create(): Promise<string>
  /** Imports a private key (`0x` + 64 hex); answers its address. @throws {TestAccountsError} */
  importKey(privateKey: string): Promise<string>
  /** Fires when the list or a preset changed. Answers the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** The account's preset (`normal` for an unknown account). */
  preset(address: string): AccountPreset
  /** Sets the account's preset (persisted). @throws {TestAccountsError} on a bad address or preset. */
  setPreset(address: string, preset: AccountPreset): void
}

/** Why a test-account operation was refused. */
export type TestAccountsErrorReason =
  | 'invalid_private_key'
  | 'duplicate_account'
  | 'too_many_accounts'
  | 'invalid_address'
  | 'invalid_preset'
  | 'invalid_options'

/**
 * A test-account operation was refused: a malformed or out-of-range key (the key is never part of
 * the error), an account already held, the limit reached, a bad address or preset.
 *
 * @example
 * ```ts
 * try { await accounts.importKey(text) }
 * catch (e) { if (e instanceof TestAccountsError) show(e.reason) }
 * ```
 */
export class TestAccountsError extends ChainlessError {
  override name = 'TestAccountsError'
  /** A stable machine-readable reason. */
  declare readonly reason: TestAccountsErrorReason
  constructor(reason: TestAccountsErrorReason, message: string, options?: ChainlessErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

/** Where the number created and the presets are kept (localStorage's shape). */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>

/** Options of {@link createTestAccounts}. */
export interface TestAccountsOptions {
  /** The sandbox's public test mnemonic. */
  mnemonic: string
  /** How many accounts to derive at least (1..100); more when the tester created more. */
  count: number
  /** Default: the page's localStorage (a page without one keeps everything in memory). */
  storage?: PrefsStorage
  /** Where sealed imported keys live. Default: IndexedDB database `chainless-workbench`; `null`: memory only. */
  keys?: KeyValueStore | null
}

/** What is kept in localStorage: how many accounts were derived, and the presets by lowercase address. */
export interface TestAccountsPrefs {
  derived: number
  presets: Record<string, AccountPreset>
}

interface SealedKey {
  iv: Uint8Array
  data: ArrayBuffer
  /** Import order. */
  at: number
}

/**
 * The test accounts as a runtime-host {@link Signer} plus the workbench's {@link TestAccountsApi}.
 * Keys stay in private fields: `JSON.stringify` shows the addresses only.
 *
 * @throws {TestAccountsError} `invalid_options` on a bad count or mnemonic (never quoting it).
 * @example
 * ```ts
 * const accounts = await createTestAccounts({ mnemonic: config.mnemonic, count: 10 })
 * const host = createRuntimeHost({ ..., wallet: { signer: accounts, ... } })
 * const address = await accounts.create()
 * accounts.setPreset(address, 'read-only')
 * ```
 */
export async function createTestAccounts(options: TestAccountsOptions): Promise<TestAccountsApi & Signer> {
  const { count } = options
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DERIVED) {
    throw new TestAccountsError('invalid_options', 'Invalid account count', {
      details: `count must be 1..${MAX_DERIVED}`,
    })
  }
  let parent: HDNodeWallet
  try {
    parent = HDNodeWallet.fromPhrase(String(options.mnemonic), undefined, "m/44'/60'/0'/0")
  } catch {
    throw new TestAccountsError('invalid_options', 'Invalid mnemonic', {
      details: 'not a valid BIP-39 English phrase',
    })
  }
  const storage = options.storage ?? pageStorage()
  const keys = options.keys === undefined ? idbKeyValueStore('chainless-workbench') : options.keys
  const accounts = new TestAccounts(parent, storage, keys)
  await accounts.load(count)
  return accounts
}

class TestAccounts implements TestAccountsApi, Signer {
  readonly #parent: HDNodeWallet
  readonly #storage: PrefsStorage | undefined
  readonly #keys: KeyValueStore | null
  readonly #signers = new Map<string, LocalKeySigner>()
  readonly #derived: string[] = []
  readonly #imported: string[] = []
  readonly #listeners = new Set<() => void>()
  #presets = new Map<string, AccountPreset>()
  #cryptoKey: Promise<CryptoKey> | undefined
  /** One import at a time: two concurrent imports of one key cannot both pass the duplicate check. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(parent: HDNodeWallet, storage: PrefsStorage | undefined, keys: KeyValueStore | null) {
    this.#parent = parent
    this.#storage = storage
    this.#keys = keys
  }

  async load(count: number): Promise<void> {
    const prefs = readPrefs(this.#storage)
    this.#presets = new Map(Object.entries(prefs.presets))
    const derived = Math.max(count, prefs.derived)
    for (let i = 0; i < derived; i++) this.#derive(i)
    await this.#loadImported()
  }

  list(): readonly string[] {
    return Object.freeze([...this.#derived, ...this.#imported])
  }

  async getAddresses(): Promise<readonly string[]> {
    return this.list()
  }

  async create(): Promise<string> {
    if (this.#derived.length >= MAX_DERIVED) {
      throw new TestAccountsError('too_many_accounts', 'Too many derived accounts', {
        details: `at most ${MAX_DERIVED}`,
      })
    }
    const address = this.#derive(this.#derived.length)
    this.#savePrefs()
    this.#emit()
    return address
  }

  importKey(privateKey: string): Promise<string> {
    const run = this.#queue.then(() => this.#import(privateKey))
    this.#queue = run.catch(() => undefined)
    return run
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  preset(address: string): AccountPreset {
    if (typeof address !== 'string') return 'normal'
    return this.#presets.get(address.toLowerCase()) ?? 'normal'
  }

  setPreset(address: string, preset: AccountPreset): void {
    const checksummed = checksum(address)
    if (!isAccountPreset(preset)) {
      throw new TestAccountsError('invalid_preset', 'Invalid preset', {
        details: 'normal, reject-all or read-only',
      })
    }
    const key = checksummed.toLowerCase()
    if (preset === 'normal') this.#presets.delete(key)
    else {
      if (!this.#presets.has(key) && this.#presets.size >= MAX_PRESETS) {
        throw new TestAccountsError('too_many_accounts', 'Too many presets', {
          details: `at most ${MAX_PRESETS}`,
        })
      }
      this.#presets.set(key, preset)
    }
    this.#savePrefs()
    this.#emit()
  }

  async signMessage(request: { address: string; message: string; signal?: AbortSignal }): Promise<string> {
    return this.#signerFor(request.address).signMessage(request)
  }

  async signTypedData(request: {
    address: string
    typedData: TypedData
    signal?: AbortSignal
  }): Promise<string> {
    return this.#signerFor(request.address).signTypedData(request)
  }

  async signTransaction(request: {
    address: string
    transaction: string
    signal?: AbortSignal
  }): Promise<string> {
    return this.#signerFor(request.address).signTransaction(request)
  }

  /** The plain form for logs: addresses, never a key. */
  toJSON(): { kind: 'test-accounts'; addresses: readonly string[] } {
    return { kind: 'test-accounts', addresses: this.list() }
  }

  #derive(index: number): string {
    const child = this.#parent.deriveChild(index)
    const address = child.address
    // A key imported earlier that is this index's: one account, now listed as derived.
    const imported = this.#imported.indexOf(address)
    if (imported >= 0) this.#imported.splice(imported, 1)
    else this.#signers.set(address, LocalKeySigner.fromPrivateKey(child.privateKey))
    this.#derived.push(address)
    return address
  }

  async #import(privateKey: string): Promise<string> {
    const key = normalizeKey(privateKey)
    let signer: LocalKeySigner
    try {
      signer = LocalKeySigner.fromPrivateKey(key)
    } catch (error) {
      throw new TestAccountsError('invalid_private_key', 'Invalid private key', {
        details: error instanceof SignerError ? error.details : 'not a valid secp256k1 scalar',
      })
    }
    const [address] = await signer.getAddresses()
    if (!address) throw new TestAccountsError('invalid_private_key', 'Invalid private key')
    if (this.#signers.has(address)) {
      throw new TestAccountsError('duplicate_account', 'Account already held', { details: address })
    }
    if (this.#imported.length >= MAX_IMPORTED) {
      throw new TestAccountsError('too_many_accounts', 'Too many imported keys', {
        details: `at most ${MAX_IMPORTED}`,
      })
    }
    // Sealed first: when the database refuses, nothing is added (the tester sees why and can retry).
    if (this.#keys) await this.#seal(address, key)
    this.#signers.set(address, signer)
    this.#imported.push(address)
    this.#emit()
    return address
  }

  async #loadImported(): Promise<void> {
    const store = this.#keys
    if (!store) return
    let names: string[]
    try {
      names = await store.keys(RECORD_PREFIX)
    } catch {
      return // IndexedDB unavailable: imported keys last for this page only
    }
    const found: Array<{ at: number; address: string; signer: LocalKeySigner }> = []
    for (const name of names.slice(0, MAX_IMPORTED)) {
      const address = name.slice(RECORD_PREFIX.length)
      const sealed = await store.get<SealedKey>(name).catch(() => undefined)
      const key = sealed ? await this.#unseal(name, sealed) : undefined
      let signer: LocalKeySigner | undefined
      try {
        signer = key ? LocalKeySigner.fromPrivateKey(key) : undefined
      } catch {
        signer = undefined
      }
      const [held] = signer ? await signer.getAddresses() : []
      if (!signer || held !== address) {
        // Sealed under a key that is gone, tampered with or filed under another address: useless.
        await store.delete(name).catch(() => undefined)
        continue
      }
      found.push({ at: typeof sealed?.at === 'number' ? sealed.at : 0, address, signer })
    }
    found.sort((a, b) => a.at - b.at)
    for (const { address, signer } of found) {
      if (this.#signers.has(address)) continue
      this.#signers.set(address, signer)
      this.#imported.push(address)
    }
  }

  async #seal(address: string, key: string): Promise<void> {
    const name = `${RECORD_PREFIX}${address}`
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const data = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encode(name) },
      await this.#key(),
      encode(key),
    )
    await this.#keys!.set(name, { iv, data, at: Date.now() } satisfies SealedKey)
  }

  async #unseal(name: string, sealed: SealedKey): Promise<string | undefined> {
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: encode(name) },
        await this.#key(),
        sealed.data,
      )
      return new TextDecoder().decode(plain)
    } catch {
      return undefined
    }
  }

  /** The sealing key: loaded, or created once (non-extractable) and stored beside the records. */
  #key(): Promise<CryptoKey> {
    const store = this.#keys!
    this.#cryptoKey ??= (async () => {
      const stored = await store.get<CryptoKey>(KEY_NAME)
      if (stored) return stored
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ])
      await store.set(KEY_NAME, key)
      return key
    })()
    // A failure (IndexedDB refused) is not cached: the next call tries again.
    this.#cryptoKey.catch(() => {
      this.#cryptoKey = undefined
    })
    return this.#cryptoKey
  }

  #signerFor(address: string): LocalKeySigner {
    let checksummed: string
    try {
      checksummed = getAddress(address)
    } catch {
      throw new SignerError('invalid_address', 'Invalid address', {
        details: `got ${String(address).slice(0, 64)}`,
      })
    }
    const signer = this.#signers.get(checksummed)
    if (!signer)
      throw new SignerError('unknown_address', 'Address not held by this signer', { details: checksummed })
    return signer
  }

  #savePrefs(): void {
    const prefs: TestAccountsPrefs = {
      derived: this.#derived.length,
      presets: Object.fromEntries(this.#presets),
    }
    try {
      this.#storage?.setItem(PREFS_KEY, JSON.stringify(prefs))
    } catch {
      // storage blocked or full: the change lasts for this page only
    }
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener()
      } catch (error) {
        console.warn('test accounts listener:', error)
      }
    }
  }
}

/** `0x` + 64 hex digits, trimmed; a missing `0x` is added. Anything else is refused as it is. */
function normalizeKey(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200) {
    throw new TestAccountsError('invalid_private_key', 'Invalid private key', {
      details: 'expected 0x and 64 hex digits',
    })
  }
  const trimmed = input.trim()
  const key = /^0x/i.test(trimmed) ? `0x${trimmed.slice(2)}` : `0x${trimmed}`
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new TestAccountsError('invalid_private_key', 'Invalid private key', {
      details: 'expected 0x and 64 hex digits',
    })
  }
  return key
}

function checksum(address: unknown): string {
  try {
    if (typeof address !== 'string' || address.length > 64) throw new Error('not an address')
    return getAddress(address)
  } catch {
    throw new TestAccountsError('invalid_address', 'Invalid address', {
      details: `got ${String(address).slice(0, 64)}`,
    })
  }
}

/**
 * The stored prefs; anything unreadable, tampered with or out of range reads as unset.
 *
 * @example
 * ```ts
 * readPrefs(localStorage) // { derived: 12, presets: { '0xabc…': 'read-only' } }
 * ```
 */
export function readPrefs(storage: PrefsStorage | undefined): TestAccountsPrefs {
  const prefs: TestAccountsPrefs = { derived: 0, presets: {} }
  let raw: unknown
  try {
    const text = storage?.getItem(PREFS_KEY)
    if (!text || text.length > 100_000) return prefs
    raw = JSON.parse(text)
  } catch {
    return prefs
  }
  if (typeof raw !== 'object' || raw === null) return prefs
  const { derived, presets } = raw as { derived?: unknown; presets?: unknown }
  if (Number.isSafeInteger(derived) && (derived as number) >= 0 && (derived as number) <= MAX_DERIVED) {
    prefs.derived = derived as number
  }
  if (typeof presets === 'object' && presets !== null && !Array.isArray(presets)) {
    let kept = 0
    for (const [address, preset] of Object.entries(presets)) {
      if (kept >= MAX_PRESETS) break
      if (!/^0x[0-9a-f]{40}$/.test(address) || !isAccountPreset(preset) || preset === 'normal') continue
      prefs.presets[address] = preset
      kept++
    }
  }
  return prefs
}

function pageStorage(): PrefsStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined
  } catch {
    return undefined
  }
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text)
}
