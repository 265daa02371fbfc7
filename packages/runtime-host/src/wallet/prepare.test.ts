import {
  BridgeError,
  ChainDisconnectedError,
  InvalidParamsError,
  UnauthorizedError,
} from '@chainless/protocol'
import { transactionRequestSchema } from '@chainless/protocol/schemas'
import { fc, test } from '@fast-check/vitest'
import { Transaction } from 'ethers'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { checksumAddress, maxFeeOf, prepareTransaction, type TransactionRequestInput } from './prepare.js'
import { CHAIN_ID, fakeContext, OTHER_ACCOUNT, TEST_ACCOUNT, TOKEN } from './sign-testkit.js'

const req = (r: Record<string, unknown>): TransactionRequestInput => v.parse(transactionRequestSchema, r)

describe('prepareTransaction', () => {
  it('fills nonce, gas (+20 %) and EIP-1559 fees from the chain', async () => {
    const world = fakeContext()
    const tx = await prepareTransaction(req({ to: OTHER_ACCOUNT.toLowerCase(), value: '0x10' }), world.ctx)
    expect(tx.type).toBe(2)
    expect(tx.chainId).toBe(BigInt(CHAIN_ID))
    expect(tx.to).toBe(OTHER_ACCOUNT)
    expect(tx.nonce).toBe(7)
    expect(tx.gasLimit).toBe(60_000n)
    expect(tx.maxPriorityFeePerGas).toBe(1_000_000_000n)
    expect(tx.maxFeePerGas).toBe(3_000_000_000n)
    expect(tx.value).toBe(16n)
    expect(tx.data).toBe('0x')
    expect(maxFeeOf(tx)).toBe(60_000n * 3_000_000_000n)
    expect(world.rpcCalls.find((c) => c.method === 'eth_getTransactionCount')?.params).toEqual([
      TEST_ACCOUNT,
      'pending',
    ])
    expect(world.rpcCalls.find((c) => c.method === 'eth_estimateGas')?.params).toEqual([
      { from: TEST_ACCOUNT, to: OTHER_ACCOUNT, value: '0x10', data: '0x' },
    ])
  })

  it('keeps what the request gives and builds legacy with gasPrice', async () => {
    const world = fakeContext()
    const tx = await prepareTransaction(
      req({
        from: TEST_ACCOUNT,
        to: TOKEN,
        gas: '0x5208',
        gasPrice: '0x2',
        nonce: '0x1',
        chainId: '0xc1a1',
        input: '0xAB',
      }),
      world.ctx,
    )
    expect([tx.type, tx.gasLimit, tx.gasPrice, tx.nonce, tx.data]).toEqual([0, 21000n, 2n, 1, '0xab'])
    expect(world.rpcCalls.map((c) => c.method)).toEqual(['eth_getBlockByNumber'])
  })

  it('uses the batch nonce when the request has none', async () => {
    const world = fakeContext()
    const tx = await prepareTransaction(req({ to: TOKEN }), world.ctx, { nonce: 12 })
    expect(tx.nonce).toBe(12)
  })

  it('falls back to a 1 gwei tip when the node has no eth_maxPriorityFeePerGas', async () => {
    const world = fakeContext()
    world.rpc.eth_maxPriorityFeePerGas = new BridgeError(-32601, 'Method not found')
    const tx = await prepareTransaction(req({ to: TOKEN }), world.ctx)
    expect(tx.maxPriorityFeePerGas).toBe(1_000_000_000n)
  })

  it('caps the padded estimate at the block gas limit', async () => {
    const world = fakeContext()
    world.rpc.eth_estimateGas = '0x1c9c380'
    const tx = await prepareTransaction(req({ to: TOKEN }), world.ctx)
    expect(tx.gasLimit).toBe(30_000_000n)
  })

  const bad: [string, Record<string, unknown>, new (...a: never[]) => Error][] = [
    ['another from', { from: OTHER_ACCOUNT, to: TOKEN }, UnauthorizedError],
    ['another chain', { to: TOKEN, chainId: '0x1' }, ChainDisconnectedError],
    ['conflicting data and input', { to: TOKEN, data: '0x01', input: '0x02' }, InvalidParamsError],
    ['a bad to checksum', { to: '0x5fbDB2315678afecb367f032d93F642f64180aa3' }, InvalidParamsError],
    [
      'a bad from checksum',
      { from: '0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266', to: TOKEN },
      InvalidParamsError,
    ],
    ['gas above the block limit', { to: TOKEN, gas: '0x1c9c381' }, InvalidParamsError],
    ['gasPrice with 1559 fees', { to: TOKEN, gasPrice: '0x1', maxFeePerGas: '0x2' }, InvalidParamsError],
    ['type 2 with gasPrice', { to: TOKEN, type: '0x2', gasPrice: '0x1' }, InvalidParamsError],
    ['type 0 with an access list', { to: TOKEN, type: '0x0', accessList: [] }, InvalidParamsError],
    [
      'tip above max fee',
      { to: TOKEN, maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' },
      InvalidParamsError,
    ],
    ['a creation without data', { value: '0x1' }, InvalidParamsError],
    ['a nonce beyond 2^53', { to: TOKEN, nonce: '0x20000000000000' }, InvalidParamsError],
    [
      'an overflowing fee',
      { to: TOKEN, gas: '0x5208', maxFeePerGas: `0x${'f'.repeat(64)}` },
      InvalidParamsError,
    ],
    ['an overflowing value + fee', { to: TOKEN, value: `0x${'f'.repeat(64)}` }, InvalidParamsError],
  ]
  for (const [name, request, Class] of bad) {
    it(`refuses ${name}`, async () => {
      const world = fakeContext()
      await expect(prepareTransaction(req(request), world.ctx)).rejects.toBeInstanceOf(Class)
    })
  }

  it('checks EIP-55 only on mixed case', () => {
    expect(checksumAddress(TOKEN.toLowerCase())).toBe(TOKEN)
    expect(checksumAddress(`0x${TOKEN.slice(2).toUpperCase()}`)).toBe(TOKEN)
    expect(() => checksumAddress(TOKEN.replace('F', 'f'))).toThrow(InvalidParamsError)
  })

  const hexQ = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map((n) => `0x${n.toString(16)}`)
  const smallQ = fc.bigInt({ min: 0n, max: 1n << 40n }).map((n) => `0x${n.toString(16)}`)
  const address = fc.oneof(
    fc.constantFrom(TOKEN, OTHER_ACCOUNT, TEST_ACCOUNT, TOKEN.toLowerCase(), TOKEN.replace('F', 'f')),
    fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`),
  )
  const bytes = fc.uint8Array({ maxLength: 64 }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
  const request = fc.record(
    {
      from: address,
      to: fc.option(address),
      value: fc.oneof(hexQ, smallQ),
      data: bytes,
      input: bytes,
      gas: fc.oneof(hexQ, smallQ),
      gasPrice: fc.oneof(hexQ, smallQ),
      maxFeePerGas: fc.oneof(hexQ, smallQ),
      maxPriorityFeePerGas: fc.oneof(hexQ, smallQ),
      nonce: fc.oneof(hexQ, smallQ),
      chainId: fc.oneof(fc.constant('0xc1a1'), smallQ),
      type: fc.constantFrom('0x0', '0x1', '0x2'),
      accessList: fc.array(fc.record({ address, storageKeys: fc.constant([]) }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  test.prop([request], { numRuns: 400 })('always yields a transaction or a typed error', async (r) => {
    const world = fakeContext()
    let parsed: TransactionRequestInput
    try {
      parsed = req(r)
    } catch {
      return // the schema refuses it before the host sees it
    }
    try {
      const tx = await prepareTransaction(parsed, world.ctx)
      expect(tx).toBeInstanceOf(Transaction)
      // What is shown is what is signed: the bytes round-trip to the same transaction.
      expect(Transaction.from(tx.unsignedSerialized).unsignedSerialized).toBe(tx.unsignedSerialized)
      expect(tx.chainId).toBe(BigInt(CHAIN_ID))
    } catch (error) {
      expect(error).toBeInstanceOf(BridgeError)
      expect([4100, 4901, -32602]).toContain((error as BridgeError).code)
    }
  })
})
