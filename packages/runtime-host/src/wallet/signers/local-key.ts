import type { TypedData } from '@chainless/protocol'
import { getAddress, getBytes, HDNodeWallet, isHexString, Transaction, Wallet } from 'ethers'
import { SignerError } from './errors.js'
import { typedDataHash } from './payload-hash.js'
import type { Signer } from './signer.js'

/** Options of {@link LocalKeySigner.fromMnemonic}. */
export interface MnemonicOptions {
  /** How many accounts to derive (1–100). Default 1. */
  count?: number
  /** BIP-32 parent path; account `i` is `${path}/${i}`. Default `m/44'/60'/0'/0` (BIP-44, Ethereum). */
  path?: string
}

type KeyWallet = Wallet | HDNodeWallet

const MAX_ACCOUNTS = 100

/**
 * A {@link Signer} over private keys held in this process: the sandbox's test accounts, unit tests, a
 * development wallet. Keys live in a private field only: `JSON.stringify`, `console.log` and
 * `util.inspect` show the addresses, never a key. Not for real funds in a browser tab.
 *
 * @example
 * ```ts
 * const signer = LocalKeySigner.fromMnemonic('test test test test test test test test test test test junk', { count: 10 })
 * const [address] = await signer.getAddresses()
 * const signature = await signer.signMessage({ address, message: '0x68656c6c6f' })
 * ```
 */
export class LocalKeySigner implements Signer {
  readonly #wallets: ReadonlyMap<string, KeyWallet>
  readonly #addresses: readonly string[]

  private constructor(wallets: readonly KeyWallet[]) {
    this.#wallets = new Map(wallets.map((w) => [w.address, w]))
    this.#addresses = Object.freeze(wallets.map((w) => w.address))
  }

  /**
   * One account from a 32-byte private key (`0x` hex).
   * @throws {SignerError} `invalid_private_key` (the key is never part of the error).
   */
  static fromPrivateKey(privateKey: string): LocalKeySigner {
    if (typeof privateKey !== 'string' || !isHexString(privateKey, 32)) {
      throw new SignerError('invalid_private_key', 'Invalid private key', {
        details: 'expected 0x and 64 hex digits',
      })
    }
    try {
      return new LocalKeySigner([new Wallet(privateKey)])
    } catch {
      // No cause: the library's error could quote its input.
      throw new SignerError('invalid_private_key', 'Invalid private key', {
        details: 'not a valid secp256k1 scalar',
      })
    }
  }

  /**
   * `count` accounts derived from a BIP-39 phrase along BIP-44 `${path}/${i}`.
   * @throws {SignerError} `invalid_mnemonic` or `invalid_options` (the phrase is never part of the error).
   */
  static fromMnemonic(phrase: string, options: MnemonicOptions = {}): LocalKeySigner {
    const { count = 1, path = "m/44'/60'/0'/0" } = options
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_ACCOUNTS) {
      throw new SignerError('invalid_options', 'Invalid account count', {
        details: `count must be 1..${MAX_ACCOUNTS}`,
      })
    }
    if (typeof path !== 'string' || !/^m(\/\d+'?)*$/.test(path)) {
      throw new SignerError('invalid_options', 'Invalid derivation path', { details: `got ${String(path)}` })
    }
    let parent: HDNodeWallet
    try {
      // The seed (PBKDF2, 2048 rounds) is computed once; children come from the parent node.
      parent = HDNodeWallet.fromPhrase(String(phrase), undefined, path)
    } catch {
      throw new SignerError('invalid_mnemonic', 'Invalid mnemonic', {
        details: 'not a valid BIP-39 English phrase',
      })
    }
    const wallets: HDNodeWallet[] = []
    for (let i = 0; i < count; i++) wallets.push(parent.deriveChild(i))
    return new LocalKeySigner(wallets)
  }

  /** The derived/held accounts, checksummed, in order. */
  async getAddresses(): Promise<readonly string[]> {
    return this.#addresses
  }

  /** EIP-191 signature of the exact bytes `message` (`0x` hex). */
  async signMessage(request: { address: string; message: string; signal?: AbortSignal }): Promise<string> {
    const wallet = this.#walletFor(request.address, request.signal)
    if (
      typeof request.message !== 'string' ||
      !isHexString(request.message) ||
      request.message.length % 2 !== 0
    ) {
      throw new SignerError('invalid_message', 'Message must be 0x hex bytes')
    }
    return wallet.signMessage(getBytes(request.message))
  }

  /** EIP-712 signature of `typedData` (`EIP712Domain` in `types` is ignored: ethers derives it from the domain). */
  async signTypedData(request: {
    address: string
    typedData: TypedData
    signal?: AbortSignal
  }): Promise<string> {
    const wallet = this.#walletFor(request.address, request.signal)
    const digest = typedDataHash(request.typedData)
    return wallet.signingKey.sign(digest).serialized
  }

  /**
   * Signs an unsigned serialized EIP-2718 transaction (exactly those bytes: a non-canonical encoding is
   * refused) and returns the signed raw transaction.
   */
  async signTransaction(request: {
    address: string
    transaction: string
    signal?: AbortSignal
  }): Promise<string> {
    const wallet = this.#walletFor(request.address, request.signal)
    const tx = parseUnsigned(request.transaction)
    tx.signature = wallet.signingKey.sign(tx.unsignedHash)
    return tx.serialized
  }

  /** The plain form for logs: kind and addresses, never a key. */
  toJSON(): { kind: 'local'; addresses: readonly string[] } {
    return { kind: 'local', addresses: this.#addresses }
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `LocalKeySigner { addresses: ${JSON.stringify(this.#addresses)} }`
  }

  #walletFor(address: string, signal: AbortSignal | undefined): KeyWallet {
    if (signal?.aborted) throw new SignerError('aborted', 'Signing aborted')
    let checksummed: string
    try {
      checksummed = getAddress(address)
    } catch {
      throw new SignerError('invalid_address', 'Invalid address', {
        details: `got ${String(address).slice(0, 64)}`,
      })
    }
    const wallet = this.#wallets.get(checksummed)
    if (!wallet)
      throw new SignerError('unknown_address', 'Address not held by this signer', { details: checksummed })
    return wallet
  }
}

/**
 * Parses an unsigned serialized transaction and insists it is canonical, unsigned and bound to a chain
 * (EIP-155: a legacy transaction without a chain id could be replayed on any chain).
 */
export function parseUnsigned(transaction: string): Transaction {
  if (typeof transaction !== 'string' || !isHexString(transaction) || transaction.length < 4) {
    throw new SignerError('invalid_transaction', 'Transaction must be 0x hex bytes')
  }
  let tx: Transaction
  try {
    tx = Transaction.from(transaction)
  } catch (e) {
    throw new SignerError('invalid_transaction', 'Malformed transaction', {
      details: e instanceof Error ? e.message.slice(0, 200) : undefined,
    })
  }
  if (tx.signature) throw new SignerError('already_signed', 'Transaction is already signed')
  if (tx.chainId === 0n) throw new SignerError('no_chain_id', 'Transaction has no chain id (EIP-155)')
  if (tx.unsignedSerialized.toLowerCase() !== transaction.toLowerCase()) {
    throw new SignerError('non_canonical', 'Transaction bytes are not canonical', {
      details: 'the signed bytes would differ from the confirmed ones',
    })
  }
  return tx
}
