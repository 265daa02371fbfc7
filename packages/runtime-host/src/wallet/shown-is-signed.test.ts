/**
 * What is shown is what is signed. The host serialises the unsigned transaction (or freezes the typed
 * data) once, builds the sheet from those bytes and hands the signer exactly those bytes. Nothing the
 * app or the chain does between the sheet and the signature reaches the signature, and a signer that
 * signs anything else is refused with nothing broadcast.
 */
import { BridgeError, type TransactionRequest, type TypedData } from '@chainless/protocol'
import { Interface, Transaction, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { CRC20_ABI } from './abis.js'
import { payHandler } from './pay.js'
import { sendHandlers } from './send.js'
import { signHandlers } from './sign.js'
import { fakeContext, OTHER_ACCOUNT, OTHER_KEY, TEST_ACCOUNT, TOKEN, testManifest } from './sign-testkit.js'

type World = ReturnType<typeof fakeContext>
const erc20 = new Interface(CRC20_ABI)
const transfer = (amount: bigint) => erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, amount])

/** The unsigned bytes each signTransaction call received. */
const signedBytes = (world: World) =>
  world.signer.calls
    .filter((c) => c.method === 'signTransaction')
    .map((c) => (c.request as { transaction: string }).transaction)

/** Asserts the sheet at `i` shows exactly what `unsigned` says. */
function expectSheetMatches(world: World, i: number, unsigned: string) {
  const sheet = world.ui.calls[i]?.request as TransactionRequest
  const tx = Transaction.from(unsigned)
  expect(sheet.to).toBe(tx.to)
  expect(sheet.value).toBe(tx.value.toString())
  expect(sheet.data ?? '0x').toBe(tx.data)
  expect(sheet.fee.amount).toBe((tx.gasLimit * (tx.maxFeePerGas ?? 0n)).toString())
  expect(sheet.chainId).toBe(Number(tx.chainId))
}

describe('what is shown is what is signed', () => {
  it('the app mutating its params while the sheet is open changes nothing signed', async () => {
    const world = fakeContext()
    const request = { to: TOKEN, data: transfer(5n), value: '0x0' }
    const params = [request]
    world.ui.whileOpen = () => {
      request.to = OTHER_ACCOUNT
      request.data = transfer(10n ** 30n)
      request.value = '0xffff'
      params[0] = { to: OTHER_ACCOUNT, data: '0x', value: '0x1' }
    }
    await sendHandlers.eth_sendTransaction(params, world.ctx)
    const [unsigned] = signedBytes(world)
    expectSheetMatches(world, 0, unsigned!)
    const sent = Transaction.from(world.sent[0]!.raw)
    expect(sent.unsignedSerialized).toBe(unsigned)
    expect([sent.to, sent.data, sent.value]).toEqual([TOKEN, transfer(5n), 0n])
  })

  it('a chain whose nonce and fees change after confirmation does not change the signed nonce or fee', async () => {
    const world = fakeContext()
    world.ui.whileOpen = () => {
      world.rpc.eth_getTransactionCount = '0x63'
      world.rpc.eth_getBlockByNumber = { gasLimit: '0x1c9c380', baseFeePerGas: '0xe8d4a51000' }
      world.rpc.eth_maxPriorityFeePerGas = '0xe8d4a51000'
      world.rpc.eth_estimateGas = '0x989680'
    }
    await signHandlers.eth_signTransaction([{ to: OTHER_ACCOUNT, value: '0x1' }], world.ctx)
    const [unsigned] = signedBytes(world)
    const tx = Transaction.from(unsigned!)
    expect([tx.nonce, tx.gasLimit, tx.maxFeePerGas]).toEqual([7, 60_000n, 3_000_000_000n])
    expectSheetMatches(world, 0, unsigned!)
    // Nothing was read from the chain after the sheet opened.
    const reads = world.rpcCalls.map((c) => c.method)
    expect(reads.filter((m) => m === 'eth_getTransactionCount')).toHaveLength(1)
  })

  it('a second, racing request gets its own sheet, its own bytes and the next nonce', async () => {
    const world = fakeContext()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let opened = 0
    world.ui.whileOpen = async () => {
      if (opened++ === 0) await gate // the first sheet stays open while the second request arrives
    }
    const first = sendHandlers.eth_sendTransaction([{ to: OTHER_ACCOUNT, value: '0x1' }], world.ctx)
    const second = sendHandlers.eth_sendTransaction([{ to: TOKEN, data: transfer(2n) }], world.ctx)
    await new Promise((r) => setTimeout(r, 20))
    expect(world.ui.calls).toHaveLength(1) // the second waits for the first: no shared nonce, no swapped sheets
    release()
    await Promise.all([first, second])
    const bytes = signedBytes(world)
    expect(bytes).toHaveLength(2)
    expectSheetMatches(world, 0, bytes[0]!)
    expectSheetMatches(world, 1, bytes[1]!)
    expect(bytes.map((b) => Transaction.from(b).nonce)).toEqual([7, 8])
    expect(world.sent.map((s) => Transaction.from(s.raw).unsignedSerialized)).toEqual(bytes)
  })

  it('a racing request whose app went away while it waited never opens its sheet', async () => {
    const world = fakeContext()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    world.ui.whileOpen = () => gate
    const first = sendHandlers.eth_sendTransaction([{ to: OTHER_ACCOUNT, value: '0x1' }], world.ctx)
    const controller = new AbortController()
    const second = sendHandlers.eth_sendTransaction([{ to: TOKEN }], {
      ...world.ctx,
      signal: controller.signal,
    })
    controller.abort(new Error('app closed'))
    release()
    await first
    await expect(second).rejects.toThrow('app closed')
    expect(world.ui.calls).toHaveLength(1)
    expect(world.sent).toHaveLength(1)
  })

  const tampering: [string, (unsigned: string) => string][] = [
    ['another nonce', (u) => Object.assign(Transaction.from(u), { nonce: 8 }).unsignedSerialized],
    [
      'a higher fee',
      (u) => Object.assign(Transaction.from(u), { maxFeePerGas: 10n ** 12n }).unsignedSerialized,
    ],
    [
      'another recipient',
      (u) => Object.assign(Transaction.from(u), { to: OTHER_ACCOUNT }).unsignedSerialized,
    ],
    ['another value', (u) => Object.assign(Transaction.from(u), { value: 10n ** 18n }).unsignedSerialized],
    ['another chain', (u) => Object.assign(Transaction.from(u), { chainId: 1n }).unsignedSerialized],
    ['another type', (u) => Object.assign(Transaction.from(u), { type: 0, gasPrice: 1n }).unsignedSerialized],
  ]
  for (const [name, tamper] of tampering) {
    it(`a signer that signs ${name} is refused (-32603): nothing returned, nothing broadcast`, async () => {
      const world = fakeContext()
      world.signer.tamper.transaction = tamper
      const error = await sendHandlers
        .eth_sendTransaction([{ to: TOKEN, data: transfer(1n) }], world.ctx)
        .catch((e) => e)
      expect(error).toBeInstanceOf(BridgeError)
      expect((error as BridgeError).code).toBe(-32603)
      expect(world.sent).toEqual([])
      expect(world.policyCalls.some((c) => c.method === 'recordSent')).toBe(false)
    })
  }

  it('a signature by another key, or unsigned bytes back, are refused', async () => {
    for (const answer of [
      async (u: string) => new Wallet(OTHER_KEY).signTransaction(Transaction.from(u)),
      async (u: string) => u,
      async () => '0xdeadbeef',
    ]) {
      const world = fakeContext()
      world.ctx.signer.signTransaction = ({ transaction }) => answer(transaction)
      const error = await signHandlers.eth_signTransaction([{ to: TOKEN }], world.ctx).catch((e) => e)
      expect((error as BridgeError).code).toBe(-32603)
      expect(world.sent).toEqual([])
    }
  })

  it('typed data mutated by the app while the sheet is open: the shown copy is the signed copy', async () => {
    const world = fakeContext()
    const typedData = {
      types: {
        Order: [
          { name: 'to', type: 'address' },
          { name: 'amount', type: 'uint256' },
        ],
      },
      primaryType: 'Order',
      domain: { name: 'Shop', chainId: 49569 },
      message: { to: OTHER_ACCOUNT, amount: '5' },
    }
    world.ui.whileOpen = () => {
      typedData.message.amount = '5000000'
      typedData.message.to = TEST_ACCOUNT
    }
    await signHandlers.eth_signTypedData_v4([TEST_ACCOUNT, typedData], world.ctx)
    const shown = (world.ui.calls[0]!.request as { typedData: TypedData }).typedData
    const signed = (world.signer.calls[0]!.request as { typedData: TypedData }).typedData
    expect(signed).toEqual(shown)
    expect(signed.message).toEqual({ to: OTHER_ACCOUNT, amount: '5' })
  })

  it('a batch mutated while its sheet is open: every call signed is a call shown', async () => {
    const world = fakeContext()
    const calls = [
      { to: TOKEN, data: transfer(1n) },
      { to: OTHER_ACCOUNT, value: '0x2' },
    ]
    world.ui.whileOpen = () => {
      calls[0]!.data = transfer(999n)
      calls.push({ to: OTHER_ACCOUNT, value: '0xffff' })
    }
    await sendHandlers.wallet_sendCalls([{ version: '2.0.0', chainId: '0xc1a1', calls }], world.ctx)
    const sheet = world.ui.calls[0]?.request as TransactionRequest
    const bytes = signedBytes(world)
    expect(bytes).toHaveLength(2)
    bytes.forEach((b, i) => {
      const tx = Transaction.from(b)
      expect([sheet.calls?.[i]?.to, sheet.calls?.[i]?.value, sheet.calls?.[i]?.data ?? '0x']).toEqual([
        tx.to,
        tx.value.toString(),
        tx.data,
      ])
    })
  })

  it('sponsored: the relayed request is the one shown, whatever the app does meanwhile', async () => {
    const world = fakeContext({ manifest: testManifest({ sponsored: true }), forwarder: true })
    const request = { to: TOKEN, data: transfer(3n) }
    world.ui.whileOpen = () => {
      request.data = transfer(3000n)
      world.rpc.eth_call = () => `0x${'0'.repeat(63)}9` // the forwarder's nonce moved
    }
    await sendHandlers.eth_sendTransaction([request], world.ctx)
    const sheet = world.ui.calls[0]?.request as TransactionRequest
    const relayed = world.relayed[0] as { request: { to: string; data: string; nonce: string } }
    const signed = (world.signer.calls[0]!.request as { typedData: TypedData }).typedData
    expect([relayed.request.to, relayed.request.data]).toEqual([sheet.to, sheet.data])
    expect(relayed.request.nonce).toBe('3')
    expect(signed.message).toMatchObject({ to: sheet.to, data: sheet.data, nonce: '3' })
  })

  it('pay: the payee and amount shown are read back from the bytes signed', async () => {
    const world = fakeContext()
    const params = { to: OTHER_ACCOUNT, amount: '42', token: TOKEN }
    world.ui.whileOpen = () => {
      params.to = TEST_ACCOUNT
      params.amount = '1'
    }
    await payHandler(params, world.ctx)
    const sheet = world.ui.calls[0]?.request as TransactionRequest
    const tx = Transaction.from(signedBytes(world)[0]!)
    const [to, amount] = erc20.decodeFunctionData('transfer', tx.data)
    expect([sheet.to, sheet.token?.amount]).toEqual([to, amount.toString()])
    expect([to, amount]).toEqual([OTHER_ACCOUNT, 42n])
  })
})
