import { type Manifest, PolicyRefusedError, type TypedData } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { Interface } from 'ethers'
import { describe, expect } from 'vitest'
import { fuzzParameters, hostileValue } from '../hostile.fuzz.js'
import { MemoryKeyValueStore } from './kv-memory.js'
import { Policy, type PolicyResult } from './policy.js'

const manifest: Manifest = {
  appId: 'fuzz',
  name: 'Fuzz',
  version: '1.0.0',
  origin: 'http://fuzz.localhost:8090',
  entryUrl: 'http://fuzz.localhost:8090/',
  scopes: ['user:basic'],
}
const ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const abi = new Interface([
  'function approve(address, uint256)',
  'function increaseAllowance(address, uint256)',
  'function setApprovalForAll(address, bool)',
  'function permit(address, address, uint256, uint256, uint8, bytes32, bytes32)',
])
const selectors = ['approve', 'increaseAllowance', 'setApprovalForAll', 'permit'].map(
  (name) => abi.getFunction(name)?.selector as string,
)

const hex = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
/** Calldata: random bytes, a known approval selector followed by random words, or any string at all. */
const calldata = fc.oneof(
  hex(0, 200),
  fc.tuple(fc.constantFrom(...selectors), hex(0, 260)).map(([sel, rest]) => sel + rest.slice(2)),
  fc.string({ maxLength: 80 }),
)
const policies = fc.record(
  {
    unknownContract: fc.constantFrom('warn' as const, 'block' as const),
    unlimitedApproval: fc.constantFrom('warn' as const, 'block' as const),
    firstInteraction: fc.constantFrom('warn' as const, 'off' as const),
    typedDataDomain: fc.constantFrom('warn' as const, 'block' as const),
  },
  { requiredKeys: [] },
)

/** Anything the typed data's fields might be: hostile values where the policy reads. */
const typedData = fc.record({
  types: fc.constant({}),
  primaryType: fc.oneof(fc.constantFrom('Permit', 'PermitSingle', 'PermitBatch', 'Mail'), fc.string()),
  domain: fc.oneof(
    fc.record(
      { chainId: hostileValue, verifyingContract: hostileValue, name: fc.string() },
      { requiredKeys: [] },
    ),
    hostileValue,
  ),
  message: fc.oneof(
    fc.record(
      { value: hostileValue, allowed: hostileValue, details: hostileValue, spender: hostileValue },
      { requiredKeys: [] },
    ),
    hostileValue,
  ),
}) as fc.Arbitrary<unknown> as fc.Arbitrary<TypedData>

function expectResultOrRefusal(outcome: { ok: PolicyResult } | { error: unknown }): void {
  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(PolicyRefusedError)
    return
  }
  expect(Array.isArray(outcome.ok.hits)).toBe(true)
  // Every rule hit is explained to the user, and nothing is shown without a hit.
  if (outcome.ok.hits.length === 0) expect(outcome.ok.warnings).toEqual([])
  else expect(outcome.ok.warnings.length).toBeGreaterThanOrEqual(outcome.ok.hits.length)
}

const settle = (p: Promise<PolicyResult>) =>
  p.then(
    (ok) => ({ ok }),
    (error: unknown) => ({ error }),
  )

describe('Policy (fuzz)', () => {
  test.prop([calldata, fc.bigInt({ min: 0n, max: 2n ** 256n }), fc.boolean(), policies], fuzzParameters(300))(
    'checkTransaction on any calldata resolves or throws PolicyRefusedError, nothing else',
    async (data, value, toIsContract, options) => {
      const policy = new Policy(options, new MemoryKeyValueStore())
      const outcome = await settle(
        policy.checkTransaction({
          appId: 'fuzz',
          account: ACCOUNT,
          manifest,
          chainId: 49569,
          to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
          value,
          data,
          toIsContract,
          knownContracts: [],
        }),
      )
      expectResultOrRefusal(outcome)
    },
  )

  test.prop([typedData, policies], fuzzParameters(300))(
    'checkTypedData on any typed data resolves or throws PolicyRefusedError, nothing else',
    async (typed, options) => {
      const policy = new Policy(options, new MemoryKeyValueStore())
      const outcome = await settle(
        policy.checkTypedData({
          appId: 'fuzz',
          account: ACCOUNT,
          manifest,
          chainId: 49569,
          typedData: typed,
          knownContracts: [],
        }),
      )
      expectResultOrRefusal(outcome)
    },
  )

  test.prop(
    [
      fc.oneof(
        hex(0, 300),
        fc.string({ maxLength: 300 }).map((s) => `0x${Buffer.from(s).toString('hex')}`),
        fc.string(),
      ),
    ],
    fuzzParameters(300),
  )('checkMessage on any message returns a result', (message) => {
    const r = new Policy(undefined, new MemoryKeyValueStore()).checkMessage({
      appId: 'fuzz',
      manifest,
      message,
    })
    expect(r.hits.length).toBe(r.warnings.length)
  })
})
