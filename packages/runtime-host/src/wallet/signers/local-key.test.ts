import { inspect } from 'node:util'
import { Transaction, TypedDataEncoder, verifyMessage, verifyTypedData, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { SignerError } from './errors.js'
import { LocalKeySigner } from './local-key.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
// Hardhat/anvil account 0 and 1 of the test mnemonic.
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

const unsignedTx = (over: Partial<Record<string, unknown>> = {}) =>
  Transaction.from({
    type: 2,
    chainId: 1337,
    nonce: 0,
    to: ACCOUNT1,
    value: 10n ** 18n,
    gasLimit: 21000,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    data: '0x',
    ...over,
  }).unsignedSerialized

const typedData = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ],
    Mail: [
      { name: 'to', type: 'address' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Test', chainId: 1337 },
  message: { to: ACCOUNT1, contents: 'hi' },
}

async function expectSignerError(p: Promise<unknown>, reason: string) {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(SignerError)
  expect((e as SignerError).reason).toBe(reason)
}

describe('LocalKeySigner', () => {
  const signer = LocalKeySigner.fromMnemonic(MNEMONIC, { count: 2 })

  it('derives m/44’/60’/0’/0/i accounts from a mnemonic, checksummed', async () => {
    expect(await signer.getAddresses()).toEqual([ACCOUNT0, ACCOUNT1])
    expect(await LocalKeySigner.fromPrivateKey(KEY0).getAddresses()).toEqual([ACCOUNT0])
  })

  it('signs the exact message bytes (EIP-191) — hex is bytes, not text', async () => {
    const sig = await signer.signMessage({ address: ACCOUNT1, message: '0x68656c6c6f' })
    expect(verifyMessage(new Uint8Array([0x68, 0x65, 0x6c, 0x6c, 0x6f]), sig)).toBe(ACCOUNT1)
    const raw = await signer.signMessage({ address: ACCOUNT0, message: '0xdeadbeef' })
    expect(verifyMessage(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), raw)).toBe(ACCOUNT0)
  })

  it('signs typed data with EIP712Domain stripped from types', async () => {
    const sig = await signer.signTypedData({ address: ACCOUNT0, typedData })
    const { EIP712Domain: _, ...types } = typedData.types
    expect(verifyTypedData(typedData.domain, types, typedData.message, sig)).toBe(ACCOUNT0)
    expect(TypedDataEncoder.hash(typedData.domain, types, typedData.message)).toMatch(/^0x/)
  })

  it('signs an unsigned transaction and returns the raw tx with the same unsigned fields', async () => {
    const unsigned = unsignedTx()
    const raw = await signer.signTransaction({ address: ACCOUNT0, transaction: unsigned })
    const tx = Transaction.from(raw)
    expect(tx.from).toBe(ACCOUNT0)
    expect(tx.unsignedSerialized).toBe(unsigned)
    const legacy = unsignedTx({
      type: 0,
      gasPrice: 1_000_000_000n,
      maxFeePerGas: undefined,
      maxPriorityFeePerGas: undefined,
    })
    expect(
      Transaction.from(await signer.signTransaction({ address: ACCOUNT1, transaction: legacy })).from,
    ).toBe(ACCOUNT1)
  })

  it('accepts any case of a held address, refuses one it does not hold or a bad checksum', async () => {
    await expect(signer.signMessage({ address: ACCOUNT0.toLowerCase(), message: '0x00' })).resolves.toMatch(
      /^0x/,
    )
    await expectSignerError(
      signer.signMessage({ address: Wallet.createRandom().address, message: '0x00' }),
      'unknown_address',
    )
    const badChecksum = `0x${ACCOUNT0.slice(2, 3).toLowerCase() === ACCOUNT0.slice(2, 3) ? 'F' : 'f'}${ACCOUNT0.slice(3)}`
    await expectSignerError(signer.signMessage({ address: badChecksum, message: '0x00' }), 'invalid_address')
    await expectSignerError(signer.signMessage({ address: 'nope', message: '0x00' }), 'invalid_address')
  })

  it('refuses malformed, already-signed, chain-less and non-canonical transactions: nothing signed', async () => {
    await expectSignerError(
      signer.signTransaction({ address: ACCOUNT0, transaction: '0x02zz' }),
      'invalid_transaction',
    )
    await expectSignerError(
      signer.signTransaction({ address: ACCOUNT0, transaction: '0x02c0' }),
      'invalid_transaction',
    )
    await expectSignerError(
      signer.signTransaction({ address: ACCOUNT0, transaction: 'f86b' }),
      'invalid_transaction',
    )
    const signed = await signer.signTransaction({ address: ACCOUNT0, transaction: unsignedTx() })
    await expectSignerError(
      signer.signTransaction({ address: ACCOUNT0, transaction: signed }),
      'already_signed',
    )
    const noChain = Transaction.from({
      type: 0,
      nonce: 0,
      to: ACCOUNT1,
      gasLimit: 21000,
      gasPrice: 1n,
      value: 0n,
    })
    await expectSignerError(
      signer.signTransaction({ address: ACCOUNT0, transaction: noChain.unsignedSerialized }),
      'no_chain_id',
    )
    // Overflowing value: ethers refuses to parse a value over 2^256−1.
    const overflow = `${unsignedTx().slice(0, -2)}00`
    await expect(signer.signTransaction({ address: ACCOUNT0, transaction: overflow })).rejects.toBeInstanceOf(
      SignerError,
    )
  })

  it('refuses typed data that does not match its types and non-hex messages', async () => {
    const bad = { ...typedData, message: { to: 'not an address', contents: 'hi' } }
    await expectSignerError(signer.signTypedData({ address: ACCOUNT0, typedData: bad }), 'invalid_typed_data')
    const missing = { ...typedData, primaryType: 'Nope' }
    await expectSignerError(
      signer.signTypedData({ address: ACCOUNT0, typedData: missing }),
      'invalid_typed_data',
    )
    await expectSignerError(signer.signMessage({ address: ACCOUNT0, message: 'hello' }), 'invalid_message')
    await expectSignerError(signer.signMessage({ address: ACCOUNT0, message: '0x123' }), 'invalid_message')
  })

  it('honours an aborted signal before signing', async () => {
    const c = new AbortController()
    c.abort()
    await expectSignerError(
      signer.signMessage({ address: ACCOUNT0, message: '0x00', signal: c.signal }),
      'aborted',
    )
  })

  it('never reveals a key or the phrase: JSON, inspect, String, keys, errors', async () => {
    const one = LocalKeySigner.fromPrivateKey(KEY0)
    const texts = [
      JSON.stringify(one),
      JSON.stringify(signer),
      inspect(one, { showHidden: true, depth: 10 }),
      inspect(signer, { showHidden: true, depth: 10 }),
      String(one),
      Object.keys(one).join(),
      Object.getOwnPropertyNames(one).join(),
      JSON.stringify(Object.getOwnPropertyDescriptors(one)),
    ]
    for (const t of texts) {
      expect(t.toLowerCase()).not.toContain(KEY0.slice(2).toLowerCase())
      expect(t).not.toContain('test test')
    }
    expect(JSON.parse(JSON.stringify(one))).toEqual({ kind: 'local', addresses: [ACCOUNT0] })
    for (const bad of [`${KEY0.slice(0, -1)}g`, '0x00', `0x${'f'.repeat(64)}`]) {
      const e = (() => {
        try {
          LocalKeySigner.fromPrivateKey(bad)
        } catch (x) {
          return x as SignerError
        }
      })()
      expect(e).toBeInstanceOf(SignerError)
      expect(`${e?.message}${inspect(e)}`).not.toContain(bad.slice(2, 20))
    }
    const phraseErr = (() => {
      try {
        LocalKeySigner.fromMnemonic('test test test secret words that are not valid bip39 at all')
      } catch (x) {
        return x as SignerError
      }
    })()
    expect(phraseErr?.reason).toBe('invalid_mnemonic')
    expect(inspect(phraseErr)).not.toContain('secret')
  })

  it('validates mnemonic options', () => {
    expect(() => LocalKeySigner.fromMnemonic(MNEMONIC, { count: 0 })).toThrow(SignerError)
    expect(() => LocalKeySigner.fromMnemonic(MNEMONIC, { count: 101 })).toThrow(SignerError)
    expect(() => LocalKeySigner.fromMnemonic(MNEMONIC, { path: 'x/1' })).toThrow(SignerError)
  })
})
