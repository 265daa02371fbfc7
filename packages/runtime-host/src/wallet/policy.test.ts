import { type Manifest, PolicyRefusedError, type TypedData } from '@chainless/protocol'
import { hexlify, Interface, MaxUint256, toUtf8Bytes } from 'ethers'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../invalid-option-error.js'
import { MemoryKeyValueStore } from './kv-memory.js'
import { Policy, type PolicyOptions, type PolicyTransactionInput } from './policy.js'

const DW20 = 10n ** 18n
const CHAIN = 49569
const ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const KNOWN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const STRANGER = '0x000000000000000000000000000000000000dEaD'
const SPENDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const manifest: Manifest = {
  appId: 'web3-demo',
  name: 'Web3 demo',
  version: '1.0.0',
  origin: 'http://web3-demo.localhost:8090',
  entryUrl: 'http://web3-demo.localhost:8090/',
  scopes: ['user:basic', 'tx:sign', 'tx:broadcast'],
}

const erc = new Interface([
  'function approve(address spender, uint256 amount)',
  'function increaseAllowance(address spender, uint256 addedValue)',
  'function setApprovalForAll(address operator, bool approved)',
  'function transfer(address to, uint256 amount)',
])

const tx = (over: Partial<PolicyTransactionInput> = {}): PolicyTransactionInput => ({
  appId: 'web3-demo',
  account: ACCOUNT,
  manifest,
  chainId: CHAIN,
  to: KNOWN,
  value: 0n,
  data: '0x',
  toIsContract: false,
  knownContracts: [KNOWN],
  ...over,
})

const make = (options?: PolicyOptions, now: () => number = () => Date.UTC(2026, 0, 1, 12)) => {
  const store = new MemoryKeyValueStore()
  return { store, policy: new Policy(options, store, now) }
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<PolicyRefusedError> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyRefusedError)
    return e as PolicyRefusedError
  }
  throw new Error('expected a PolicyRefusedError')
}

describe('Policy options', () => {
  it.each<[string, unknown]>([
    ['dailySpendLimit', '-1'],
    ['dailySpendLimit', '1e18'],
    ['dailySpendLimit', 100],
    ['maxTransactionValue', '0x10'],
    ['maxTransactionValue', (2n ** 256n).toString()],
    ['unknownContract', 'off'],
    ['unlimitedApproval', 'maybe'],
    ['firstInteraction', 'block'],
    ['typedDataDomain', true],
    ['dailySpendlimit', '1'],
  ])('refuses %s = %s', (key, value) => {
    expect(() => new Policy({ [key]: value } as PolicyOptions, new MemoryKeyValueStore())).toThrow(
      InvalidOptionError,
    )
  })
  it('refuses a non-object', () => {
    expect(() => new Policy('strict' as unknown as PolicyOptions, new MemoryKeyValueStore())).toThrow(
      InvalidOptionError,
    )
  })
  it('accepts every documented value', () => {
    expect(
      () =>
        new Policy(
          {
            dailySpendLimit: '0',
            maxTransactionValue: MaxUint256.toString(),
            unknownContract: 'block',
            unlimitedApproval: 'block',
            firstInteraction: 'off',
            typedDataDomain: 'block',
          },
          new MemoryKeyValueStore(),
        ),
    ).not.toThrow()
  })
})

describe('maxTransactionValue', () => {
  it('lets 10 DW20 through by default and blocks one wei more', async () => {
    const { policy } = make()
    await expect(policy.checkTransaction(tx({ value: 10n * DW20 }))).resolves.toEqual({
      warnings: [],
      hits: [],
    })
    const e = await refusal(policy.checkTransaction(tx({ value: 10n * DW20 + 1n })))
    expect(e.code).toBe(-32003)
    expect(e.data).toEqual({ rule: 'maxTransactionValue' })
  })
  it('follows the option', async () => {
    const { policy } = make({ maxTransactionValue: '5' })
    expect((await refusal(policy.checkTransaction(tx({ value: 6n })))).data).toEqual({
      rule: 'maxTransactionValue',
    })
  })
})

describe('dailySpendLimit', () => {
  it('counts what was sent per app, account and UTC day, persisted in the store', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 59)
    const { policy, store } = make({ dailySpendLimit: (25n * DW20).toString() }, () => now)
    await policy.recordSent({
      appId: 'web3-demo',
      account: ACCOUNT,
      chainId: CHAIN,
      to: KNOWN,
      value: 10n * DW20,
    })
    await policy.recordSent({
      appId: 'web3-demo',
      account: ACCOUNT,
      chainId: CHAIN,
      to: KNOWN,
      value: 10n * DW20,
    })
    await expect(policy.checkTransaction(tx({ value: 5n * DW20 }))).resolves.toMatchObject({ hits: [] })
    expect((await refusal(policy.checkTransaction(tx({ value: 5n * DW20 + 1n })))).data).toEqual({
      rule: 'dailySpendLimit',
    })
    // Another app, another account: their own counters.
    await expect(policy.checkTransaction(tx({ appId: 'other', value: 10n * DW20 }))).resolves.toMatchObject({
      hits: [],
    })
    await expect(policy.checkTransaction(tx({ account: SPENDER, value: 10n * DW20 }))).resolves.toMatchObject(
      { hits: [] },
    )
    // A new policy on the same store (a reload) remembers.
    const reloaded = new Policy({ dailySpendLimit: (25n * DW20).toString() }, store, () => now)
    await refusal(reloaded.checkTransaction(tx({ value: 6n * DW20 })))
    // Midnight UTC: a new day.
    now = Date.UTC(2026, 0, 2, 0, 1)
    await expect(reloaded.checkTransaction(tx({ value: 10n * DW20 }))).resolves.toMatchObject({ hits: [] })
    await reloaded.recordSent({ appId: 'web3-demo', account: ACCOUNT, chainId: CHAIN, value: 1n })
    expect((await store.keys('policy:spend:')).every((k) => k.includes('2026-01-02'))).toBe(true)
  })
  it('concurrent recordSent calls lose nothing', async () => {
    const { policy } = make({ dailySpendLimit: '10' })
    await Promise.all(
      Array.from({ length: 10 }, () =>
        policy.recordSent({ appId: 'web3-demo', account: ACCOUNT, chainId: CHAIN, value: 1n }),
      ),
    )
    await refusal(policy.checkTransaction(tx({ value: 1n })))
  })
})

describe('unknownContract', () => {
  it('warns for code at an address the app did not declare', async () => {
    const { policy } = make({ firstInteraction: 'off' })
    const r = await policy.checkTransaction(tx({ to: STRANGER, toIsContract: true }))
    expect(r.hits).toEqual(['unknownContract'])
    expect(r.warnings[0]?.level).toBe('warning')
  })
  it('is silent for a known contract (any case) and for a plain account', async () => {
    const { policy } = make({ firstInteraction: 'off' })
    expect((await policy.checkTransaction(tx({ to: KNOWN.toLowerCase(), toIsContract: true }))).hits).toEqual(
      [],
    )
    expect((await policy.checkTransaction(tx({ to: STRANGER, toIsContract: false }))).hits).toEqual([])
  })
  it('blocks when told to', async () => {
    const { policy } = make({ unknownContract: 'block' })
    expect((await refusal(policy.checkTransaction(tx({ to: STRANGER, toIsContract: true })))).data).toEqual({
      rule: 'unknownContract',
    })
  })
})

describe('unlimitedApproval', () => {
  const cases: [string, string][] = [
    ['approve(MaxUint256)', erc.encodeFunctionData('approve', [SPENDER, MaxUint256])],
    ['approve(2^255)', erc.encodeFunctionData('approve', [SPENDER, 2n ** 255n])],
    ['increaseAllowance(MaxUint256)', erc.encodeFunctionData('increaseAllowance', [SPENDER, MaxUint256])],
    ['setApprovalForAll(true)', erc.encodeFunctionData('setApprovalForAll', [SPENDER, true])],
  ]
  it.each(cases)('warns (danger) for %s', async (_, data) => {
    const { policy } = make({ firstInteraction: 'off' })
    const r = await policy.checkTransaction(tx({ data, toIsContract: true }))
    expect(r.hits).toEqual(['unlimitedApproval'])
    expect(r.warnings[0]?.level).toBe('danger')
    expect(r.warnings[0]?.message).toContain(SPENDER)
  })
  it.each(cases)('blocks %s when told to', async (_, data) => {
    const { policy } = make({ unlimitedApproval: 'block' })
    expect((await refusal(policy.checkTransaction(tx({ data, toIsContract: true })))).data).toEqual({
      rule: 'unlimitedApproval',
    })
  })
  it.each([
    ['a bounded approve', erc.encodeFunctionData('approve', [SPENDER, 2n ** 255n - 1n])],
    ['setApprovalForAll(false)', erc.encodeFunctionData('setApprovalForAll', [SPENDER, false])],
    ['a transfer', erc.encodeFunctionData('transfer', [SPENDER, MaxUint256])],
    ['truncated calldata', erc.encodeFunctionData('approve', [SPENDER, MaxUint256]).slice(0, 40)],
    ['no calldata', '0x'],
  ])('is silent for %s', async (_, data) => {
    const { policy } = make({ firstInteraction: 'off' })
    expect((await policy.checkTransaction(tx({ data, toIsContract: true }))).hits).toEqual([])
  })
})

describe('firstInteraction', () => {
  it('says so (info) until the account has sent to the contract, per account', async () => {
    const { policy } = make()
    const first = await policy.checkTransaction(tx({ toIsContract: true }))
    expect(first.hits).toEqual(['firstInteraction'])
    expect(first.warnings[0]?.level).toBe('info')
    await policy.recordSent({
      appId: 'web3-demo',
      account: ACCOUNT.toLowerCase(),
      chainId: CHAIN,
      to: KNOWN,
      value: 0n,
    })
    expect((await policy.checkTransaction(tx({ toIsContract: true }))).hits).toEqual([])
    expect((await policy.checkTransaction(tx({ account: SPENDER, toIsContract: true }))).hits).toEqual([
      'firstInteraction',
    ])
  })
  it("is off when told, and never for a plain account's address", async () => {
    expect(
      (await make({ firstInteraction: 'off' }).policy.checkTransaction(tx({ toIsContract: true }))).hits,
    ).toEqual([])
    expect((await make().policy.checkTransaction(tx({ toIsContract: false }))).hits).toEqual([])
  })
})

const typed = (over: Partial<TypedData> = {}): TypedData => ({
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Mail: [{ name: 'contents', type: 'string' }],
  },
  primaryType: 'Mail',
  domain: { name: 'Demo', chainId: CHAIN, verifyingContract: KNOWN },
  message: { contents: 'hi' },
  ...over,
})

const typedInput = (typedData: TypedData) => ({
  appId: 'web3-demo',
  account: ACCOUNT,
  manifest,
  chainId: CHAIN,
  typedData,
  knownContracts: [KNOWN],
})

describe('typedDataDomain', () => {
  it('is silent for this chain (number, decimal or hex) and a known contract', async () => {
    const { policy } = make()
    for (const chainId of [CHAIN, String(CHAIN), '0xc1a1']) {
      expect(
        (await policy.checkTypedData(typedInput(typed({ domain: { chainId, verifyingContract: KNOWN } }))))
          .hits,
      ).toEqual([])
    }
    expect((await policy.checkTypedData(typedInput(typed({ domain: { name: 'x' } })))).hits).toEqual([])
  })
  it.each([
    ['another chain', { chainId: 1, verifyingContract: KNOWN }],
    ['a chain id that is not a number', { chainId: 'mainnet', verifyingContract: KNOWN }],
    ['an unknown contract', { chainId: CHAIN, verifyingContract: STRANGER }],
  ])('warns (danger) for %s', async (_, domain) => {
    const r = await make().policy.checkTypedData(typedInput(typed({ domain })))
    expect(r.hits).toEqual(['typedDataDomain'])
    expect(r.warnings.every((w) => w.level === 'danger')).toBe(true)
  })
  it('blocks when told to', async () => {
    const { policy } = make({ typedDataDomain: 'block' })
    const e = await refusal(policy.checkTypedData(typedInput(typed({ domain: { chainId: 1 } }))))
    expect(e.data).toEqual({ rule: 'typedDataDomain' })
  })
})

describe('unlimitedApproval in typed data (EIP-2612 Permit)', () => {
  const permit = (value: unknown, primaryType = 'Permit'): TypedData =>
    typed({
      primaryType,
      types: {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      message: { owner: ACCOUNT, spender: SPENDER, value, nonce: 0, deadline: 1 },
    })
  it.each([MaxUint256.toString(), `0x${'f'.repeat(64)}`, (2n ** 255n).toString()])(
    'warns (danger) for value %s',
    async (v) => {
      const r = await make().policy.checkTypedData(typedInput(permit(v)))
      expect(r.hits).toEqual(['unlimitedApproval'])
      expect(r.warnings[0]?.level).toBe('danger')
    },
  )
  it('is silent for a bounded Permit', async () => {
    expect((await make().policy.checkTypedData(typedInput(permit('1000')))).hits).toEqual([])
  })
  it('blocks when told to', async () => {
    const e = await refusal(
      make({ unlimitedApproval: 'block' }).policy.checkTypedData(typedInput(permit(MaxUint256.toString()))),
    )
    expect(e.data).toEqual({ rule: 'unlimitedApproval' })
  })
  it('flags a Permit2 PermitSingle of max uint160', async () => {
    const r = await make().policy.checkTypedData(
      typedInput(
        typed({
          primaryType: 'PermitSingle',
          message: { details: { token: KNOWN, amount: (2n ** 160n - 1n).toString() }, spender: SPENDER },
        }),
      ),
    )
    expect(r.hits).toEqual(['unlimitedApproval'])
  })
})

describe('siweDomain (personal_sign)', () => {
  const siwe = (domain: string, uri: string) =>
    hexlify(
      toUtf8Bytes(
        `${domain} wants you to sign in with your Ethereum account:\n${ACCOUNT}\n\nSign in.\n\nURI: ${uri}\nVersion: 1\nChain ID: ${CHAIN}\nNonce: abcdefgh12\nIssued At: 2026-01-01T00:00:00Z`,
      ),
    )
  const check = (message: string) => make().policy.checkMessage({ appId: 'web3-demo', manifest, message })
  it('is silent for a sign-in to the app itself (with or without scheme) and for other messages', () => {
    expect(check(siwe('web3-demo.localhost:8090', 'http://web3-demo.localhost:8090/login')).hits).toEqual([])
    expect(check(siwe('http://web3-demo.localhost:8090', 'http://web3-demo.localhost:8090')).hits).toEqual([])
    expect(check(hexlify(toUtf8Bytes('hello'))).hits).toEqual([])
    expect(check('not hex').hits).toEqual([])
  })
  it.each([
    ['another domain', siwe('uniswap.org', 'http://web3-demo.localhost:8090')],
    ['another port', siwe('web3-demo.localhost:8091', 'http://web3-demo.localhost:8090')],
    ['another scheme', siwe('https://web3-demo.localhost:8090', 'http://web3-demo.localhost:8090')],
    ['userinfo tricks', siwe('web3-demo.localhost:8090@evil.example', 'http://web3-demo.localhost:8090')],
    ['another URI', siwe('web3-demo.localhost:8090', 'https://evil.example/login')],
    ['a URI that is no URL', siwe('web3-demo.localhost:8090', 'nope')],
  ])('warns (danger) for %s', (_, message) => {
    const r = check(message)
    expect(r.hits).toEqual(['siweDomain'])
    expect(r.warnings[0]?.level).toBe('danger')
  })
})
