import { BridgeError, TimeoutError } from '@chainless/protocol'
import { eip1193ParamSchemas } from '@chainless/protocol/schemas'
import { fc, test } from '@fast-check/vitest'
import { Interface, Transaction, TypedDataEncoder, verifyTypedData, Wallet } from 'ethers'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CRC20_ABI } from './abis.js'
import { signHandlers } from './sign.js'
import { CHAIN_ID, fakeContext, OTHER_ACCOUNT, OTHER_KEY, TEST_ACCOUNT, TOKEN } from './sign-testkit.js'
import { validateTypedData } from './sign-typed-data.js'

type Method = keyof typeof signHandlers
const call = (world: ReturnType<typeof fakeContext>, method: Method, params: unknown[]) =>
  signHandlers[method](v.parse(eip1193ParamSchemas[method]!, params) as readonly unknown[], world.ctx)

const codeOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof BridgeError) return error.code
    throw error
  }
  throw new Error('expected a rejection')
}

const permit = () => ({
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  domain: { name: 'Test coin', version: '1', chainId: CHAIN_ID, verifyingContract: TOKEN.toLowerCase() },
  message: {
    owner: TEST_ACCOUNT.toLowerCase(),
    spender: OTHER_ACCOUNT,
    value: '1000',
    nonce: 0,
    deadline: '0xffffffff',
  },
})

describe('personal_sign', () => {
  it('shows the text, signs its UTF-8 bytes and checks the signature', async () => {
    const world = fakeContext()
    world.policyWarnings.push({ level: 'warning', message: 'SIWE domain' })
    const signature = (await call(world, 'personal_sign', ['héllo', TEST_ACCOUNT.toLowerCase()])) as string
    expect(new Wallet(world.signer.wallet.privateKey).address).toBe(TEST_ACCOUNT)
    expect(world.ui.calls[0]).toMatchObject({
      kind: 'signMessage',
      request: { address: TEST_ACCOUNT, message: 'héllo', warnings: [{ level: 'warning' }] },
    })
    expect(world.signer.calls[0]?.request).toMatchObject({ message: '0x68c3a96c6c6f' })
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
    expect(world.audit).toEqual([
      { appId: 'demo', account: TEST_ACCOUNT, method: 'personal_sign', decision: 'approved', policyHits: [] },
    ])
  })

  it('shows bytes that are not UTF-8 as hex', async () => {
    const world = fakeContext()
    await call(world, 'personal_sign', ['0xFF00', TEST_ACCOUNT])
    expect(world.ui.calls[0]?.request).toMatchObject({ message: '0xff00' })
  })

  it('refuses another account (4100) and a bad checksum (-32602) before any sheet', async () => {
    const world = fakeContext()
    expect(await codeOf(call(world, 'personal_sign', ['hi', OTHER_ACCOUNT]))).toBe(4100)
    expect(await codeOf(call(world, 'personal_sign', ['hi', TEST_ACCOUNT.replace('F', 'f')]))).toBe(-32602)
    expect(world.ui.calls).toEqual([])
    expect(world.signer.calls).toEqual([])
    expect(world.audit).toMatchObject([
      { decision: 'refused', code: 4100 },
      { decision: 'failed', code: -32602 },
    ])
  })

  it('rejected on the sheet → 4001, signer never called', async () => {
    const world = fakeContext()
    world.ui.reject = true
    expect(await codeOf(call(world, 'personal_sign', ['hi', TEST_ACCOUNT]))).toBe(4001)
    expect(world.signer.calls).toEqual([])
    expect(world.audit).toMatchObject([{ decision: 'rejected', code: 4001 }])
  })

  it('refuses a signature by another key (-32603) and maps signer failures', async () => {
    const world = fakeContext()
    world.ctx.signer.signMessage = async ({ message }) =>
      new Wallet(OTHER_KEY).signMessage(Buffer.from(message.slice(2), 'hex'))
    expect(await codeOf(call(world, 'personal_sign', ['hi', TEST_ACCOUNT]))).toBe(-32603)
    world.ctx.signer.signMessage = async () => '0x1234'
    expect(await codeOf(call(world, 'personal_sign', ['hi', TEST_ACCOUNT]))).toBe(-32603)
    world.ctx.signer.signMessage = async () => {
      throw new Error('hsm on fire')
    }
    const error = await call(world, 'personal_sign', ['hi', TEST_ACCOUNT]).catch((e: BridgeError) => e)
    expect(error).toMatchObject({
      code: -32603,
      shortMessage: 'Signing failed',
      details: 'Signer: hsm on fire',
    })
    world.ctx.signer.signMessage = async () => {
      throw new TimeoutError()
    }
    expect(await codeOf(call(world, 'personal_sign', ['hi', TEST_ACCOUNT]))).toBe(4080)
  })
})

describe('eth_signTypedData_v4', () => {
  it('shows and signs one frozen, checksummed copy; the signature verifies', async () => {
    const world = fakeContext()
    const input = permit()
    const signature = (await call(world, 'eth_signTypedData_v4', [
      TEST_ACCOUNT,
      JSON.stringify(input),
    ])) as string
    const shown = world.ui.calls[0]?.request as unknown as { typedData: ReturnType<typeof permit> }
    expect(shown.typedData.message).toEqual({
      owner: TEST_ACCOUNT,
      spender: OTHER_ACCOUNT,
      value: '1000',
      nonce: '0',
      deadline: '4294967295',
    })
    expect(shown.typedData.domain.verifyingContract).toBe(TOKEN)
    const { EIP712Domain: _, ...types } = input.types
    expect(verifyTypedData(input.domain, types, input.message, signature)).toBe(TEST_ACCOUNT)
    expect(world.policyCalls[0]).toMatchObject({ method: 'checkTypedData' })
    const signed = world.signer.calls[0]!.request as { typedData: unknown }
    expect(signed.typedData).toEqual(shown.typedData)
  })

  const broken: [string, (t: ReturnType<typeof permit>) => unknown][] = [
    ['an extra message field (shown, not signed)', (t) => ({ ...t, message: { ...t.message, memo: 'x' } })],
    ['a missing field', (t) => ({ ...t, message: { ...t.message, deadline: undefined } })],
    ['a string where uint256 is expected', (t) => ({ ...t, message: { ...t.message, value: 'lots' } })],
    ['an overflowing uint256', (t) => ({ ...t, message: { ...t.message, value: `0x1${'0'.repeat(64)}` } })],
    ['a negative uint', (t) => ({ ...t, message: { ...t.message, value: '-1' } })],
    ['an unsafe JS number', (t) => ({ ...t, message: { ...t.message, value: 2 ** 60 } })],
    [
      'a bad EIP-55 checksum',
      (t) => ({ ...t, message: { ...t.message, spender: OTHER_ACCOUNT.replace('C', 'c') } }),
    ],
    ['an unknown primaryType', (t) => ({ ...t, primaryType: 'Mail' })],
    ['EIP712Domain as primaryType', (t) => ({ ...t, primaryType: 'EIP712Domain' })],
    [
      'an EIP712Domain that does not list the domain',
      (t) => ({ ...t, domain: { ...t.domain, salt: `0x${'1'.repeat(64)}` } }),
    ],
    [
      'an unknown field type',
      (t) => ({ ...t, types: { ...t.types, Permit: [{ name: 'owner', type: 'Nope' }] } }),
    ],
    [
      'a wrong fixed-size array',
      (t) => ({
        ...t,
        types: { ...t.types, Permit: [{ name: 'owner', type: 'address[2]' }] },
        message: { owner: [OTHER_ACCOUNT] },
      }),
    ],
    [
      'bytes32 of another size',
      (t) => ({
        ...t,
        types: { ...t.types, Permit: [{ name: 'owner', type: 'bytes32' }] },
        message: { owner: '0x12' },
      }),
    ],
  ]
  for (const [name, breakIt] of broken) {
    it(`refuses ${name}: -32602, no sheet, no signature`, async () => {
      const world = fakeContext()
      const input = JSON.parse(JSON.stringify(breakIt(permit())))
      expect(await codeOf(call(world, 'eth_signTypedData_v4', [TEST_ACCOUNT, input]))).toBe(-32602)
      expect(world.ui.calls).toEqual([])
      expect(world.signer.calls).toEqual([])
    })
  }

  it('refuses another account, and a signer that signs other data', async () => {
    const world = fakeContext()
    expect(await codeOf(call(world, 'eth_signTypedData_v4', [OTHER_ACCOUNT, permit()]))).toBe(4100)
    world.signer.tamper.typedData = (t) => ({ ...t, message: { ...t.message, value: '999999' } })
    expect(await codeOf(call(world, 'eth_signTypedData_v4', [TEST_ACCOUNT, permit()]))).toBe(-32603)
  })

  it('gives the domain chain id as a number, whatever form the app used', () => {
    for (const chainId of ['0xc1a1', '49569', CHAIN_ID]) {
      expect(
        validateTypedData({ ...permit(), domain: { ...permit().domain, chainId } }).typedData.domain.chainId,
      ).toBe(CHAIN_ID)
    }
  })

  it('prunes unreachable types without changing the digest', () => {
    const input = permit()
    const { digest, typedData } = validateTypedData({
      ...input,
      types: { ...input.types, Unused: [{ name: 'a', type: 'uint8' }] },
    })
    const { EIP712Domain: _, ...types } = input.types
    expect(digest).toBe(TypedDataEncoder.hash(input.domain, types, input.message))
    expect(Object.keys(typedData.types)).toEqual(['EIP712Domain', 'Permit'])
    expect(Object.isFrozen(typedData.message)).toBe(true)
  })

  it('refuses a sparse array 2^32 - 2 long at once, without walking it (-32602)', () => {
    const items: unknown[] = []
    items[2 ** 32 - 2] = { to: OTHER_ACCOUNT }
    const started = performance.now()
    const error = catchError(() =>
      validateTypedData({
        types: { Batch: [{ name: 'items', type: 'Item[]' }], Item: [{ name: 'to', type: 'address' }] },
        primaryType: 'Batch',
        domain: { chainId: CHAIN_ID },
        message: { items },
      }),
    )
    expect((error as BridgeError).code).toBe(-32602)
    expect((error as BridgeError).details).toMatch(/at most 1024 items/)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses a cyclic message under a recursive type (-32602, not a stack overflow)', () => {
    const node: Record<string, unknown> = {}
    node.next = [node]
    const error = catchError(() =>
      validateTypedData({
        types: { Node: [{ name: 'next', type: 'Node[]' }] },
        primaryType: 'Node',
        domain: { chainId: CHAIN_ID },
        message: node,
      }),
    )
    expect((error as BridgeError).code).toBe(-32602)
    expect((error as BridgeError).details).toMatch(/levels of nesting/)
  })

  test.prop([fc.jsonValue({ maxDepth: 4 })], { numRuns: 300 })(
    'any message is a digest or -32602',
    (message) => {
      const input = permit()
      try {
        validateTypedData({ ...input, message: { ...input.message, value: message } } as never)
      } catch (error) {
        expect((error as BridgeError).code).toBe(-32602)
      }
    },
  )
})

describe('eth_signTransaction', () => {
  const erc20 = new Interface(CRC20_ABI)

  it('shows the decoded call and fee from the bytes it signs, returns the raw transaction', async () => {
    const world = fakeContext()
    const data = erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, 5n])
    const raw = (await call(world, 'eth_signTransaction', [
      { from: TEST_ACCOUNT, to: TOKEN, data },
    ])) as string
    const signed = Transaction.from(raw)
    expect(signed.from).toBe(TEST_ACCOUNT)
    expect(world.signer.calls[0]?.request).toMatchObject({ transaction: signed.unsignedSerialized })
    expect(world.ui.calls[0]?.request).toMatchObject({
      kind: 'transaction',
      chainId: CHAIN_ID,
      from: TEST_ACCOUNT,
      to: TOKEN,
      value: '0',
      decoded: {
        contractName: 'Test coin',
        method: 'transfer',
        args: [{ value: OTHER_ACCOUNT }, { value: '5' }],
      },
      fee: { amount: (60_000n * 3_000_000_000n).toString(), symbol: 'DW20', decimals: 18, payer: 'user' },
    })
    expect(world.policyCalls[0]).toMatchObject({
      method: 'checkTransaction',
      input: { toIsContract: true, value: 0n },
    })
    expect(world.sent).toEqual([])
  })

  it('refuses a wrong from (4100) and wrong chain (4901) before any sheet', async () => {
    const world = fakeContext()
    expect(await codeOf(call(world, 'eth_signTransaction', [{ from: OTHER_ACCOUNT, to: TOKEN }]))).toBe(4100)
    expect(await codeOf(call(world, 'eth_signTransaction', [{ to: TOKEN, chainId: '0x1' }]))).toBe(4901)
    expect(world.ui.calls).toEqual([])
    expect(world.signer.calls).toEqual([])
  })
})

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
