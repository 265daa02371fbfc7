import { ChainlessError, PlatformUnavailableError, UserRejectedError } from '@chainless/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flush } from '../../test/fake-host.js'
import { type Answer, connectedWallet, defaultAnswer, type WalletHarness } from '../../test/fake-wallet.js'

let harness: WalletHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const setup = async (answer?: Answer) => {
  harness = await connectedWallet(answer)
  return harness
}
const HASH = `0x${'ab'.repeat(32)}`
const OTHER = `0x${'cd'.repeat(32)}`
const RAW = '0x02f8700182c1a1'
const receipt = (status: string) => ({
  transactionHash: HASH,
  blockHash: OTHER,
  blockNumber: '0x5',
  status,
  gasUsed: '0x5208',
  from: '0x',
  to: null,
  logs: [],
})
const requests = (h: WalletHarness, method: string) =>
  h.calls.filter((c) => c.method === 'walletRequest' && (c.params as { method: string }).method === method)

describe('signTransaction / broadcast', () => {
  it('signTransaction sends eth_signTransaction [tx] and resolves with the raw bytes', async () => {
    const h = await setup((method, params) =>
      method === 'eth_signTransaction' ? RAW : defaultAnswer(method, params),
    )
    const tx = { to: '0x8ba1f109551bD432803012645Ac136ddd64DBA72', value: '0x1' }
    await expect(h.wallet.signTransaction(tx)).resolves.toBe(RAW)
    expect(requests(h, 'eth_signTransaction')[0]!.params).toEqual({
      method: 'eth_signTransaction',
      params: [tx],
    })
  })

  it('broadcast sends eth_sendRawTransaction [raw] and resolves with the hash', async () => {
    const h = await setup((method, params) =>
      method === 'eth_sendRawTransaction' ? HASH : defaultAnswer(method, params),
    )
    await expect(h.wallet.broadcast(RAW)).resolves.toBe(HASH)
    expect(requests(h, 'eth_sendRawTransaction')[0]!.params).toEqual({
      method: 'eth_sendRawTransaction',
      params: [RAW],
    })
  })

  it.each([null, 'tx', ['0x'], 5])('signTransaction(%j) rejects with -32602, nothing sent', async (tx) => {
    const h = await setup()
    await flush()
    const before = h.calls.length
    await expect(h.wallet.signTransaction(tx as never)).rejects.toMatchObject({ code: -32602 })
    expect(h.calls.length).toBe(before)
  })

  it.each([null, '', 'ab', '0x0', '0xzz', 12, ['0x00']])(
    'broadcast(%j) rejects with -32602, nothing sent',
    async (raw) => {
      const h = await setup()
      await flush()
      const before = h.calls.length
      await expect(h.wallet.broadcast(raw as never)).rejects.toMatchObject({ code: -32602 })
      expect(h.calls.length).toBe(before)
    },
  )

  it('a reply that is not hex is a -32603, a host error keeps its code', async () => {
    const h = await setup((method, params) => {
      if (method === 'eth_signTransaction') return { raw: RAW }
      if (method === 'eth_sendRawTransaction') throw new UserRejectedError()
      return defaultAnswer(method, params)
    })
    await expect(h.wallet.signTransaction({})).rejects.toMatchObject({
      code: -32603,
      message: 'Malformed reply',
    })
    await expect(h.wallet.broadcast(RAW)).rejects.toMatchObject({ code: 4001 })
  })
})

describe('onTxStatus', () => {
  it('passes well-formed txStatus events on and stops after unsubscribe', async () => {
    const h = await setup()
    const listener = vi.fn()
    const stop = h.wallet.onTxStatus(listener)
    h.event('txStatus', { hash: 'nope', status: 'pending' })
    h.event('txStatus', { hash: HASH, status: 'mined' })
    h.event('txStatus', { hash: HASH, status: 'confirmed', receipt: 'x' })
    h.event('txStatus', { hash: HASH, status: 'dropped', receipt: receipt('0x1') }) // dropped has none
    h.event('txStatus', { hash: HASH, status: 'pending' })
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1))
    stop()
    h.event('txStatus', { hash: HASH, status: 'confirmed', receipt: receipt('0x1') })
    await flush()
    expect(listener.mock.calls).toEqual([[{ hash: HASH, status: 'pending' }]])
  })
})

describe('onTxStatus: dropped', () => {
  it('passes a dropped status on (a transaction an earlier chain left pending)', async () => {
    const h = await setup()
    const listener = vi.fn()
    h.wallet.onTxStatus(listener)
    h.event('txStatus', { hash: HASH, status: 'dropped' })
    await vi.waitFor(() => expect(listener).toHaveBeenCalledWith({ hash: HASH, status: 'dropped' }))
  })
})

describe('waitForTransaction', () => {
  it('resolves from the first final txStatus event for the hash (any case), with its receipt', async () => {
    const h = await setup()
    const done = h.wallet.waitForTransaction(HASH.toUpperCase().replace('0X', '0x'))
    h.event('txStatus', { hash: HASH, status: 'pending' })
    h.event('txStatus', { hash: OTHER, status: 'confirmed', receipt: receipt('0x1') })
    h.event('txStatus', { hash: HASH, status: 'failed', receipt: receipt('0x0') })
    await expect(done).resolves.toEqual({ hash: HASH, status: 'failed', receipt: receipt('0x0') })
  })

  it('rejects with TransactionDroppedError (hash, no code) when the wallet reports it dropped; polling stops', async () => {
    const h = await setup((method, params) =>
      method === 'eth_getTransactionReceipt' ? null : defaultAnswer(method, params),
    )
    const done = h.wallet.waitForTransaction(HASH, { pollIntervalMs: 5 }).catch((e: unknown) => e)
    h.event('txStatus', { hash: OTHER, status: 'dropped' })
    h.event('txStatus', { hash: HASH, status: 'pending' })
    h.event('txStatus', { hash: HASH, status: 'dropped' })
    const error = await done
    expect(error).toBeInstanceOf(h.wallet.TransactionDroppedError)
    // (The harness loads fresh modules: compare the class chain by name.)
    expect(Object.getPrototypeOf(h.wallet.TransactionDroppedError).name).toBe(ChainlessError.name)
    expect(error).toMatchObject({
      name: 'TransactionDroppedError',
      hash: HASH,
      shortMessage: 'Transaction dropped',
    })
    expect((error as { code?: unknown }).code).toBeUndefined()
    await flush()
    const count = requests(h, 'eth_getTransactionReceipt').length
    await flush()
    expect(requests(h, 'eth_getTransactionReceipt').length).toBe(count)
  })

  it('pay() waiting on a transfer the chain lost rejects with TransactionDroppedError', async () => {
    const h = await setup((method, params) => {
      if (method === 'walletPay') return { hash: HASH }
      return method === 'eth_getTransactionReceipt' ? null : defaultAnswer(method, params)
    })
    const done = h.wallet
      .pay({ to: '0x8ba1f109551bD432803012645Ac136ddd64DBA72', amount: '1' }, { pollIntervalMs: 5 })
      .catch((e: unknown) => e)
    await vi.waitFor(() => expect(h.calls.some((c) => c.method === 'walletPay')).toBe(true))
    h.event('txStatus', { hash: HASH, status: 'dropped' })
    expect(await done).toBeInstanceOf(h.wallet.TransactionDroppedError)
  })

  it('resolves from polling eth_getTransactionReceipt when no event comes (a reload missed it)', async () => {
    let polls = 0
    const h = await setup((method, params) => {
      if (method !== 'eth_getTransactionReceipt') return defaultAnswer(method, params)
      expect(params).toEqual([HASH])
      polls++
      if (polls === 1) throw new PlatformUnavailableError() // a failed poll is retried
      if (polls < 4) return null
      if (polls === 4) return { status: '0x7' } // not a receipt: keep asking
      return receipt('0x1')
    })
    await expect(h.wallet.waitForTransaction(HASH, { pollIntervalMs: 5 })).resolves.toEqual({
      hash: HASH,
      status: 'confirmed',
      receipt: receipt('0x1'),
    })
    expect(polls).toBe(5)
    await flush()
    expect(polls).toBe(5)
  })

  it('rejects with 4080 after timeoutMs and stops polling', async () => {
    const h = await setup((method, params) =>
      method === 'eth_getTransactionReceipt' ? null : defaultAnswer(method, params),
    )
    const error = await h.wallet
      .waitForTransaction(HASH, { timeoutMs: 60, pollIntervalMs: 5 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(h.wallet.TimeoutError)
    expect(error).toMatchObject({ code: 4080, data: { hash: HASH, timeoutMs: 60 } })
    await flush()
    const count = requests(h, 'eth_getTransactionReceipt').length
    await flush()
    expect(requests(h, 'eth_getTransactionReceipt').length).toBe(count)
  })

  it('rejects with the signal reason on abort (and at once when already aborted); polling stops', async () => {
    const h = await setup((method, params) =>
      method === 'eth_getTransactionReceipt' ? null : defaultAnswer(method, params),
    )
    const reason = new Error('left the page')
    await expect(h.wallet.waitForTransaction(HASH, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    )
    const controller = new AbortController()
    const done = h.wallet.waitForTransaction(HASH, { signal: controller.signal, pollIntervalMs: 5 })
    await flush()
    controller.abort(reason)
    await expect(done).rejects.toBe(reason)
    await flush()
    const count = requests(h, 'eth_getTransactionReceipt').length
    await flush()
    expect(requests(h, 'eth_getTransactionReceipt').length).toBe(count)
    // A late final event changes nothing.
    h.event('txStatus', { hash: HASH, status: 'confirmed', receipt: receipt('0x1') })
    await flush()
  })

  it.each([
    ['a bad hash', '0x12', {}],
    ['a non-string hash', 12, {}],
    ['a NaN timeout', HASH, { timeoutMs: Number.NaN }],
    ['a negative poll interval', HASH, { pollIntervalMs: -1 }],
  ])('rejects %s with -32602, nothing sent', async (_, hash, options) => {
    const h = await setup()
    await flush()
    const before = h.calls.length
    await expect(h.wallet.waitForTransaction(hash as string, options)).rejects.toMatchObject({ code: -32602 })
    expect(h.calls.length).toBe(before)
  })
})
