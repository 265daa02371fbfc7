import { fc, test } from '@fast-check/vitest'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { SiweError } from '../errors.js'
import { MemoryNonceStore } from '../stores/memory-nonce-store.js'
import { issueNonce, verifySiwe } from './siwe.js'

// Anvil/Hardhat test key #0: public, never holds value.
const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const other = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const DOMAIN = 'shop.example'
const URI = 'https://shop.example/login'
const NOW = Date.parse('2026-12-04T12:00:00.000Z')

interface Fields {
  domain?: string
  address?: string
  uri?: string
  chainId?: number
  nonce: string
  issuedAt?: string
  expirationTime?: string
  notBefore?: string
}

/** The exact EIP-4361 text. */
function message(f: Fields): string {
  return [
    `${f.domain ?? DOMAIN} wants you to sign in with your Ethereum account:`,
    f.address ?? account.address,
    '',
    'Sign in to the shop.',
    '',
    `URI: ${f.uri ?? URI}`,
    'Version: 1',
    `Chain ID: ${f.chainId ?? 1}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt ?? new Date(NOW).toISOString()}`,
    ...(f.expirationTime ? [`Expiration Time: ${f.expirationTime}`] : []),
    ...(f.notBefore ? [`Not Before: ${f.notBefore}`] : []),
    'Resources:',
    '- urn:chainless:scope:user:basic',
  ].join('\n')
}

async function setup(fields: Partial<Fields> = {}, signer = account) {
  const nonces = new MemoryNonceStore({ now: () => NOW })
  const nonce = await issueNonce(nonces)
  const text = message({ nonce, ...fields })
  const signature = await signer.signMessage({ message: text })
  const options = { message: text, signature, domain: DOMAIN, uri: URI, chainId: 1, nonces, now: NOW }
  return { nonces, nonce, text, signature, options }
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SiweError)
  return (error as SiweError).reason
}

describe('verifySiwe', () => {
  it('accepts a good message once, returning the signer and fields', async () => {
    const { options, nonce } = await setup()
    const result = await verifySiwe(options)
    expect(result).toMatchObject({ address: account.address, chainId: 1, domain: DOMAIN, uri: URI, nonce })
    expect(result.resources).toEqual(['urn:chainless:scope:user:basic'])
    expect(await reason(verifySiwe(options))).toBe('nonce') // replay
  })

  it('rejects a wrong domain, uri and chain', async () => {
    expect(await reason(verifySiwe((await setup({ domain: 'evil.example' })).options))).toBe('domain')
    expect(await reason(verifySiwe((await setup({ uri: 'https://evil.example/' })).options))).toBe('uri')
    expect(await reason(verifySiwe((await setup({ chainId: 5 })).options))).toBe('chain')
  })

  it('rejects expired, not-yet-valid and stale or future issued-at', async () => {
    const iso = (ms: number) => new Date(ms).toISOString()
    expect(await reason(verifySiwe((await setup({ expirationTime: iso(NOW - 1) })).options))).toBe('expired')
    expect(await reason(verifySiwe((await setup({ notBefore: iso(NOW + 60_000) })).options))).toBe(
      'not_yet_valid',
    )
    expect(await reason(verifySiwe((await setup({ issuedAt: iso(NOW - 6 * 60_000) })).options))).toBe(
      'issued_at',
    )
    expect(await reason(verifySiwe((await setup({ issuedAt: iso(NOW + 6 * 60_000) })).options))).toBe(
      'issued_at',
    )
    const ok = await setup({ expirationTime: iso(NOW + 60_000), notBefore: iso(NOW - 1) })
    await expect(verifySiwe(ok.options)).resolves.toBeTruthy()
  })

  it('rejects unknown and expired nonces', async () => {
    const { options } = await setup()
    const fresh = new MemoryNonceStore({ now: () => NOW })
    expect(await reason(verifySiwe({ ...options, nonces: fresh }))).toBe('nonce')
    let clock = NOW
    const ttl = new MemoryNonceStore({ now: () => clock })
    const nonce = await issueNonce(ttl, 1000)
    const text = message({ nonce })
    const signature = await account.signMessage({ message: text })
    clock += 1001
    expect(await reason(verifySiwe({ ...options, message: text, signature, nonces: ttl }))).toBe('nonce')
  })

  it('rejects malformed messages: reordered fields, lower-case address, short nonce, impossible date', async () => {
    const { options, nonce } = await setup()
    const bad = [
      message({ nonce }).replace('Version: 1\nChain ID: 1', 'Chain ID: 1\nVersion: 1'),
      message({ nonce, address: account.address.toLowerCase() }),
      message({ nonce: 'abc' }),
      message({ nonce, issuedAt: '2026-02-30T00:00:00Z' }),
      `${message({ nonce })}\nExtra: field`,
      '',
    ]
    for (const text of bad) {
      const signature = await account.signMessage({ message: text })
      expect(await reason(verifySiwe({ ...options, message: text, signature }))).toBe('malformed')
    }
    // A malformed attempt does not burn the nonce.
    await expect(verifySiwe(options)).resolves.toBeTruthy()
  })

  it('rejects a forged signature without burning the nonce', async () => {
    const forged = await setup({}, other) // signed by another key, claims `account`
    expect(await reason(verifySiwe(forged.options))).toBe('signature')
    expect(await reason(verifySiwe({ ...forged.options, signature: '0x1234' }))).toBe('signature')
    expect(await reason(verifySiwe({ ...forged.options, signature: 'nothex' as `0x${string}` }))).toBe(
      'signature',
    )
    const good = await account.signMessage({ message: forged.text })
    await expect(verifySiwe({ ...forged.options, signature: good })).resolves.toBeTruthy()
  })

  it('uses the client (EIP-1271 / 6492) when one is given', async () => {
    const { options } = await setup({}, other)
    const calls: unknown[] = []
    const client = {
      verifyMessage: async (args: unknown) => {
        calls.push(args)
        return true // a contract wallet that approves this signature
      },
    }
    await expect(verifySiwe({ ...options, client })).resolves.toMatchObject({ address: account.address })
    expect(calls).toHaveLength(1)
    const { options: second } = await setup()
    expect(await reason(verifySiwe({ ...second, client: { verifyMessage: async () => false } }))).toBe(
      'signature',
    )
  })

  test.prop([fc.string({ maxLength: 600 })], { numRuns: 300 })(
    'any text is a typed error, never a crash or a pass',
    async (text) => {
      const { options } = await setup()
      const error = await verifySiwe({ ...options, message: text }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SiweError)
    },
  )
})

describe('MemoryNonceStore', () => {
  it('consumes each nonce once, even under concurrent calls', async () => {
    const nonces = new MemoryNonceStore()
    const nonce = await issueNonce(nonces)
    expect(nonce).toMatch(/^[0-9a-f]{32}$/)
    const results = await Promise.all(Array.from({ length: 50 }, async () => nonces.consume(nonce)))
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('bounds its size and sweeps expired nonces', () => {
    let clock = 0
    const nonces = new MemoryNonceStore({ now: () => clock, maxSize: 3 })
    for (const n of ['a', 'b', 'c', 'd']) nonces.add(n, 10)
    expect(nonces.size).toBe(3)
    expect(nonces.consume('a')).toBe(false) // dropped, oldest
    clock = 20
    nonces.add('e', 10)
    expect(nonces.size).toBe(1)
  })
})
