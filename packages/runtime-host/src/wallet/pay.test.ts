import { BridgeError } from '@chainless/protocol'
import { walletSchemas } from '@chainless/protocol/schemas'
import { Interface, keccak256, Transaction } from 'ethers'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CRC20_ABI } from './abis.js'
import { type PayParams, payHandler } from './pay.js'
import { fakeContext, OTHER_ACCOUNT, TEST_ACCOUNT, TOKEN, testManifest } from './sign-testkit.js'

type World = ReturnType<typeof fakeContext>
const pay = (world: World, params: Record<string, unknown>) =>
  payHandler(v.parse(walletSchemas.walletPay.params, params) as PayParams, world.ctx)
const codeOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof BridgeError) return error.code
    throw error
  }
  throw new Error('expected a rejection')
}
const erc20 = new Interface(CRC20_ABI)

describe('walletPay', () => {
  it('pays the native currency after one payment sheet', async () => {
    const world = fakeContext()
    const { hash } = await pay(world, { to: OTHER_ACCOUNT.toLowerCase(), amount: '1000000000000000000' })
    const tx = Transaction.from(world.sent[0]!.raw)
    expect(hash).toBe(keccak256(world.sent[0]!.raw))
    expect([tx.to, tx.value, tx.data]).toEqual([OTHER_ACCOUNT, 10n ** 18n, '0x'])
    expect(world.ui.calls).toHaveLength(1)
    expect(world.ui.calls[0]?.request).toMatchObject({
      kind: 'payment',
      from: TEST_ACCOUNT,
      to: OTHER_ACCOUNT,
      value: '1000000000000000000',
      fee: { payer: 'user', symbol: 'DW20' },
    })
    expect(world.audit).toMatchObject([{ method: 'walletPay', decision: 'approved', hash }])
  })

  it('pays a CRC20: transfer(to, amount) to the token, the sheet names the payee and the token', async () => {
    const world = fakeContext()
    await pay(world, { to: OTHER_ACCOUNT, amount: '2500', token: TOKEN.toLowerCase() })
    const tx = Transaction.from(world.sent[0]!.raw)
    expect(tx.to).toBe(TOKEN)
    expect(tx.value).toBe(0n)
    expect(erc20.decodeFunctionData('transfer', tx.data).map(String)).toEqual([OTHER_ACCOUNT, '2500'])
    expect(world.ui.calls[0]?.request).toMatchObject({
      kind: 'payment',
      to: OTHER_ACCOUNT,
      value: '0',
      token: { address: TOKEN, symbol: 'CTC', decimals: 18, amount: '2500' },
      decoded: { method: 'transfer' },
    })
  })

  it('refuses a token that is not a contract, or does not answer like one (-32602)', async () => {
    const world = fakeContext()
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT, amount: '1', token: OTHER_ACCOUNT }))).toBe(-32602)
    world.rpc.eth_call = '0x'
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT, amount: '1', token: TOKEN }))).toBe(-32602)
    expect(world.ui.calls).toEqual([])
    expect(world.sent).toEqual([])
  })

  it('refuses bad checksums (-32602) and rejected sheets (4001); nothing signed or sent', async () => {
    const world = fakeContext()
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT.replace('C', 'c'), amount: '1' }))).toBe(-32602)
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT, amount: '1', token: TOKEN.replace('F', 'f') }))).toBe(
      -32602,
    )
    world.ui.reject = true
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT, amount: '1' }))).toBe(4001)
    expect(world.signer.calls).toEqual([])
    expect(world.sent).toEqual([])
  })

  it('sponsored: a token payment is relayed, the platform pays; a native one is refused (-32003)', async () => {
    const world = fakeContext({ manifest: testManifest({ sponsored: true }), forwarder: true })
    await pay(world, { to: OTHER_ACCOUNT, amount: '7', token: TOKEN })
    expect(world.sent).toEqual([])
    expect(world.relayed).toHaveLength(1)
    expect(world.ui.calls[0]?.request).toMatchObject({
      kind: 'payment',
      to: OTHER_ACCOUNT,
      token: { amount: '7', symbol: 'CTC' },
      fee: { payer: 'platform' },
    })
    expect(await codeOf(pay(world, { to: OTHER_ACCOUNT, amount: '7' }))).toBe(-32003)
    expect(world.relayed).toHaveLength(1)
  })
})
