import { BridgeError, PlatformUnavailableError, PolicyRefusedError } from '@chainless/protocol'
import { eip1193ParamSchemas } from '@chainless/protocol/schemas'
import { Interface, keccak256, Transaction, verifyTypedData, Wallet } from 'ethers'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CRC20_ABI } from './abis.js'
import { sendHandlers } from './send.js'
import {
  CHAIN_ID,
  FORWARDER,
  fakeContext,
  OTHER_ACCOUNT,
  OTHER_KEY,
  TEST_ACCOUNT,
  TEST_KEY,
  TOKEN,
  testManifest,
} from './sign-testkit.js'
import { FORWARD_REQUEST_TYPES } from './sponsor.js'

type World = ReturnType<typeof fakeContext>
type Method = keyof typeof sendHandlers
const call = (world: World, method: Method, params: unknown[]) =>
  sendHandlers[method](v.parse(eip1193ParamSchemas[method]!, params) as readonly unknown[], world.ctx)
const codeOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof BridgeError) return error.code
    throw error
  }
  throw new Error('expected a rejection')
}
const nothingSignedOrSent = (world: World) => {
  expect(world.signer.calls).toEqual([])
  expect(world.sent).toEqual([])
  expect(world.relayed).toEqual([])
}
const erc20 = new Interface(CRC20_ABI)
const sponsored = () => fakeContext({ manifest: testManifest({ sponsored: true }), forwarder: true })

describe('eth_sendTransaction', () => {
  it('signs the confirmed bytes, broadcasts them and records the spend', async () => {
    const world = fakeContext()
    const hash = await call(world, 'eth_sendTransaction', [{ to: OTHER_ACCOUNT, value: '0x64' }])
    expect(world.sent).toHaveLength(1)
    const sent = Transaction.from(world.sent[0]!.raw)
    expect(hash).toBe(keccak256(world.sent[0]!.raw))
    expect([sent.from, sent.to, sent.value, sent.nonce]).toEqual([TEST_ACCOUNT, OTHER_ACCOUNT, 100n, 7])
    expect(world.sent[0]).toMatchObject({ appId: 'demo', account: TEST_ACCOUNT, chainId: CHAIN_ID })
    expect(world.policyCalls.at(-1)).toEqual({
      method: 'recordSent',
      input: { appId: 'demo', account: TEST_ACCOUNT, chainId: CHAIN_ID, to: OTHER_ACCOUNT, value: 100n },
    })
    expect(world.audit).toEqual([
      {
        appId: 'demo',
        account: TEST_ACCOUNT,
        method: 'eth_sendTransaction',
        decision: 'approved',
        policyHits: [],
        hash,
      },
    ])
  })

  it('platform unavailable (-32002): the spend still counts, the hash is audited, the error reaches the app', async () => {
    const world = fakeContext()
    const send = world.ctx.tracker.send.bind(world.ctx.tracker)
    world.ctx.tracker.send = async (input) => {
      const { hash } = await send(input)
      throw new PlatformUnavailableError('Platform unavailable', { hash })
    }
    expect(await codeOf(call(world, 'eth_sendTransaction', [{ to: OTHER_ACCOUNT, value: '0x64' }]))).toBe(
      -32002,
    )
    const hash = keccak256(world.sent[0]!.raw)
    expect(world.policyCalls.at(-1)).toMatchObject({ method: 'recordSent', input: { value: 100n } })
    expect(world.audit).toEqual([
      expect.objectContaining({ method: 'eth_sendTransaction', hash, code: -32002 }),
    ])
  })

  it('rejected on the sheet → 4001; refused by policy → -32003 before any sheet; nothing signed or sent', async () => {
    const world = fakeContext()
    world.ui.reject = true
    expect(await codeOf(call(world, 'eth_sendTransaction', [{ to: OTHER_ACCOUNT }]))).toBe(4001)
    world.ctx.policy.checkTransaction = async () => {
      throw new PolicyRefusedError('Over the daily limit', { rule: 'daily_limit' })
    }
    world.ui.reject = false
    expect(await codeOf(call(world, 'eth_sendTransaction', [{ to: OTHER_ACCOUNT }]))).toBe(-32003)
    expect(world.ui.calls).toHaveLength(1)
    nothingSignedOrSent(world)
    expect(world.audit).toMatchObject([{ decision: 'rejected' }, { decision: 'refused', code: -32003 }])
  })

  const bad: [string, Record<string, unknown>, number][] = [
    ['a wrong from', { from: OTHER_ACCOUNT, to: TOKEN }, 4100],
    ['a wrong chain id', { to: TOKEN, chainId: '0x1' }, 4901],
    ['a bad checksum', { to: TOKEN.replace('F', 'f') }, -32602],
    ['an overflowing value', { to: OTHER_ACCOUNT, value: `0x${'f'.repeat(64)}` }, -32602],
    ['conflicting data and input', { to: TOKEN, data: '0x00', input: '0x01' }, -32602],
  ]
  for (const [name, request, code] of bad) {
    it(`refuses ${name} (${code}): no sheet, nothing signed or sent`, async () => {
      const world = fakeContext()
      expect(await codeOf(call(world, 'eth_sendTransaction', [request]))).toBe(code)
      expect(world.ui.calls).toEqual([])
      nothingSignedOrSent(world)
    })
  }

  it('refuses oversized data at the schema (nothing reaches the handler)', () => {
    const data = `0x${'00'.repeat(128 * 1024 + 1)}`
    expect(() => v.parse(eip1193ParamSchemas.eth_sendTransaction!, [{ to: TOKEN, data }])).toThrow()
  })

  it('a signer that signs other bytes is refused: -32603, nothing sent', async () => {
    const world = fakeContext()
    world.signer.tamper.transaction = (unsigned) => {
      const tx = Transaction.from(unsigned)
      tx.to = OTHER_ACCOUNT
      return tx.unsignedSerialized
    }
    expect(await codeOf(call(world, 'eth_sendTransaction', [{ to: TOKEN }]))).toBe(-32603)
    expect(world.sent).toEqual([])
  })

  it('sponsored: the user signs a ForwardRequest, the platform relays and pays', async () => {
    const world = sponsored()
    const data = erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, 5n])
    const hash = await call(world, 'eth_sendTransaction', [{ to: TOKEN, data }])
    expect(world.sent).toEqual([])
    expect(world.relayed).toHaveLength(1)
    const relayed = world.relayed[0] as {
      request: Record<string, string | number>
      signature: string
      appId: string
    }
    expect(hash).toBe(keccak256(relayed.signature))
    expect(relayed.request).toMatchObject({
      from: TEST_ACCOUNT,
      to: TOKEN,
      value: '0',
      gas: '60000',
      nonce: '3',
      data,
    })
    expect(relayed.request.deadline).toBeGreaterThan(Date.now() / 1000)
    const domain = {
      name: 'ChainlessForwarder',
      version: '1',
      chainId: CHAIN_ID,
      verifyingContract: FORWARDER,
    }
    expect(
      verifyTypedData(
        domain,
        FORWARD_REQUEST_TYPES as unknown as Record<string, { name: string; type: string }[]>,
        relayed.request,
        relayed.signature,
      ),
    ).toBe(TEST_ACCOUNT)
    expect(world.ui.calls[0]?.request).toMatchObject({
      to: TOKEN,
      value: '0',
      decoded: { method: 'transfer' },
      fee: { payer: 'platform', symbol: 'DW20' },
    })
  })

  it('sponsored: value is refused (-32003 sponsored_value) and a forwarder-less chain pays itself', async () => {
    const world = sponsored()
    const error = await call(world, 'eth_sendTransaction', [{ to: TOKEN, value: '0x1' }]).catch((e) => e)
    expect(error).toMatchObject({ code: -32003, data: { rule: 'sponsored_value' } })
    nothingSignedOrSent(world)
    const plain = fakeContext({ manifest: testManifest({ sponsored: true }) })
    await call(plain, 'eth_sendTransaction', [{ to: TOKEN, value: '0x1' }])
    expect(plain.sent).toHaveLength(1)
  })

  it('sponsored: a signature by another key is refused, nothing relayed', async () => {
    const world = sponsored()
    world.ctx.signer.signTypedData = async ({ typedData }) => {
      const { EIP712Domain: _, ...types } = typedData.types
      return new Wallet(OTHER_KEY).signTypedData(
        typedData.domain as Record<string, unknown>,
        types as Record<string, { name: string; type: string }[]>,
        typedData.message,
      )
    }
    expect(await codeOf(call(world, 'eth_sendTransaction', [{ to: TOKEN, data: '0x12345678' }]))).toBe(-32603)
    expect(world.relayed).toEqual([])
  })
})

describe('eth_sendRawTransaction', () => {
  const base = {
    type: 2,
    chainId: CHAIN_ID,
    nonce: 1,
    gasLimit: 21000n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
    to: OTHER_ACCOUNT,
    value: 1n,
  }
  const signed = (key: string, fields: Record<string, unknown> = {}) =>
    new Wallet(key).signTransaction(Transaction.from({ ...base, ...fields }))

  it('broadcasts the account’s signed bytes as they are', async () => {
    const world = fakeContext()
    const raw = await signed(TEST_KEY)
    expect(await call(world, 'eth_sendRawTransaction', [raw])).toBe(keccak256(raw))
    expect(world.sent[0]?.raw).toBe(raw)
    expect(world.ui.calls).toEqual([])
  })

  it('refuses another signer (4100), another chain (4901), unsigned and malformed bytes (-32602)', async () => {
    const world = fakeContext()
    expect(await codeOf(call(world, 'eth_sendRawTransaction', [await signed(OTHER_KEY)]))).toBe(4100)
    expect(
      await codeOf(call(world, 'eth_sendRawTransaction', [await signed(TEST_KEY, { chainId: 1 })])),
    ).toBe(4901)
    expect(
      await codeOf(call(world, 'eth_sendRawTransaction', [Transaction.from(base).unsignedSerialized])),
    ).toBe(-32602)
    expect(await codeOf(call(world, 'eth_sendRawTransaction', ['0x02deadbeef']))).toBe(-32602)
    expect(await codeOf(call(world, 'eth_sendRawTransaction', ['0x']))).toBe(-32602)
    const legacy = await new Wallet(TEST_KEY).signTransaction(
      Transaction.from({ type: 0, gasLimit: 21000n, gasPrice: 1n, to: OTHER_ACCOUNT }),
    )
    expect(await codeOf(call(world, 'eth_sendRawTransaction', [legacy]))).toBe(4901) // pre-EIP-155: replayable on any chain
    expect(world.sent).toEqual([])
  })
})

describe('wallet_sendCalls', () => {
  const batch = (overrides: Record<string, unknown> = {}) => ({
    version: '2.0.0',
    chainId: '0xc1a1',
    from: TEST_ACCOUNT,
    atomicRequired: false,
    calls: [
      { to: TOKEN, data: erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, 1n]) },
      { to: OTHER_ACCOUNT, value: '0x2' },
    ],
    ...overrides,
  })

  it('one sheet for the batch, then one transaction per call with consecutive nonces', async () => {
    const world = fakeContext()
    const { id } = (await call(world, 'wallet_sendCalls', [batch()])) as { id: string }
    expect(id).toMatch(/^0x[0-9a-f]{64}$/)
    expect(world.ui.calls).toHaveLength(1)
    expect(world.ui.calls[0]?.request).toMatchObject({
      kind: 'batch',
      value: '2',
      calls: [
        { to: TOKEN, value: '0', decoded: { method: 'transfer' } },
        { to: OTHER_ACCOUNT, value: '2' },
      ],
      fee: { amount: (2n * 60_000n * 3_000_000_000n).toString(), payer: 'user' },
    })
    expect(world.sent.map((s) => Transaction.from(s.raw).nonce)).toEqual([7, 8])
    const hashes = world.sent.map((s) => keccak256(s.raw))

    const status = (await call(world, 'wallet_getCallsStatus', [id])) as Record<string, unknown>
    expect(status).toEqual({
      version: '2.0.0',
      id,
      chainId: '0xc1a1',
      atomic: false,
      status: 100,
      receipts: [],
    })
    const receipt = (hash: string, ok: boolean) => ({
      transactionHash: hash,
      blockHash: `0x${'b'.repeat(64)}`,
      blockNumber: '0x5',
      status: ok ? '0x1' : '0x0',
      gasUsed: '0x5208',
      from: TEST_ACCOUNT,
      to: OTHER_ACCOUNT,
      logs: [{ address: TOKEN, data: '0x', topics: [], logIndex: '0x0' }],
    })
    world.records.set(hashes[0]!, { state: 'confirmed', receipt: receipt(hashes[0]!, true) })
    world.records.set(hashes[1]!, { state: 'confirmed', receipt: receipt(hashes[1]!, true) })
    const done = (await call(world, 'wallet_getCallsStatus', [id])) as { status: number; receipts: unknown[] }
    expect(done.status).toBe(200)
    expect(done.receipts[0]).toEqual({
      logs: [{ address: TOKEN, data: '0x', topics: [] }],
      status: '0x1',
      blockHash: `0x${'b'.repeat(64)}`,
      blockNumber: '0x5',
      gasUsed: '0x5208',
      transactionHash: hashes[0],
    })
    world.records.set(hashes[1]!, { state: 'failed', receipt: receipt(hashes[1]!, false) })
    expect(((await call(world, 'wallet_getCallsStatus', [id])) as { status: number }).status).toBe(600)
    world.records.set(hashes[0]!, { state: 'failed', receipt: receipt(hashes[0]!, false) })
    expect(((await call(world, 'wallet_getCallsStatus', [id])) as { status: number }).status).toBe(500)
  })

  it('a call that cannot be signed after the first was sent leaves a partial batch', async () => {
    const world = fakeContext()
    let n = 0
    const sign = world.ctx.signer.signTransaction.bind(world.ctx.signer)
    world.ctx.signer.signTransaction = async (request) => {
      if (n++ === 1) throw new Error('device unplugged')
      return sign(request)
    }
    const { id } = (await call(world, 'wallet_sendCalls', [batch()])) as { id: string }
    expect(world.sent).toHaveLength(1)
    world.records.set(keccak256(world.sent[0]!.raw), { state: 'confirmed' })
    expect(((await call(world, 'wallet_getCallsStatus', [id])) as { status: number }).status).toBe(600)
  })

  it('refuses what it cannot honour, before any sheet', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ version: '1.0' }, -32602],
      [{ chainId: '0x1' }, 4901],
      [{ from: OTHER_ACCOUNT }, 4100],
      [{ atomicRequired: true }, 5760],
      [{ capabilities: { paymasterService: { url: 'https://x' } } }, 5700],
      [{ calls: [{ to: TOKEN, capabilities: { auxiliaryFunds: {} } }] }, 5700],
      [{ calls: [{ to: TOKEN.replace('F', 'f') }] }, -32602],
    ]
    for (const [overrides, code] of cases) {
      const world = fakeContext()
      expect(await codeOf(call(world, 'wallet_sendCalls', [batch(overrides)]))).toBe(code)
      expect(world.ui.calls).toEqual([])
      nothingSignedOrSent(world)
    }
    const error = await call(fakeContext(), 'wallet_sendCalls', [batch({ atomicRequired: true })]).catch(
      (e: BridgeError) => e,
    )
    expect((error as BridgeError).shortMessage).toBe('Atomicity not supported')
  })

  it('accepts optional capabilities and app ids (5720 when reused); unknown or foreign ids are 5730', async () => {
    const world = fakeContext()
    const p = batch({ id: 'my-batch', capabilities: { paymasterService: { optional: true } } })
    expect(await call(world, 'wallet_sendCalls', [p])).toEqual({ id: 'my-batch' })
    expect(await codeOf(call(world, 'wallet_sendCalls', [p]))).toBe(5720)
    expect(await codeOf(call(world, 'wallet_getCallsStatus', ['nope']))).toBe(5730)
    const other = { ...world, ctx: { ...world.ctx, manifest: testManifest({ appId: 'other' }) } }
    expect(await codeOf(call(other, 'wallet_getCallsStatus', ['my-batch']))).toBe(5730)
  })

  it('sponsored: one sheet paid by the platform, forward requests with consecutive nonces', async () => {
    const world = sponsored()
    await call(world, 'wallet_sendCalls', [
      batch({
        calls: [
          { to: TOKEN, data: '0x12345678' },
          { to: TOKEN, data: '0x12345678' },
        ],
      }),
    ])
    expect(world.ui.calls[0]?.request).toMatchObject({ kind: 'batch', fee: { payer: 'platform' } })
    expect(world.relayed.map((r) => (r as { request: { nonce: string } }).request.nonce)).toEqual(['3', '4'])
    expect(world.sent).toEqual([])
  })
})
