import { PolicyRefusedError, UserRejectedError } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { afterEach, expect, it, vi } from 'vitest'
import { flush } from '../../test/fake-host.js'
import { type Answer, connectedWallet, defaultAnswer, type WalletHarness } from '../../test/fake-wallet.js'

let harness: WalletHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.unstubAllGlobals()
})

const setup = async (answer?: Answer) => {
  harness = await connectedWallet(answer)
  return harness
}
const HASH = `0x${'ab'.repeat(32)}`
const TO = '0x8ba1f109551bD432803012645Ac136ddd64DBA72'
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const RECEIPT = { transactionHash: HASH, status: '0x1', blockNumber: '0x3', logs: [] }
const payAnswer: Answer = (method, params) =>
  method === 'walletPay' ? { hash: HASH } : defaultAnswer(method, params)
const pays = (h: WalletHarness) => h.calls.filter((c) => c.method === 'walletPay')

it('sends walletPay { to, amount } (no token key), then resolves with the final status from txStatus', async () => {
  const h = await setup(payAnswer)
  const done = h.wallet.pay({ to: TO, amount: '1000000000000000000' })
  await vi.waitFor(() => expect(pays(h)).toHaveLength(1))
  expect(pays(h)[0]!.params).toStrictEqual({ to: TO, amount: '1000000000000000000' })
  h.event('txStatus', { hash: HASH, status: 'pending' })
  h.event('txStatus', { hash: HASH, status: 'confirmed', receipt: RECEIPT })
  await expect(done).resolves.toEqual({ hash: HASH, status: 'confirmed', receipt: RECEIPT })
})

it('pays a CRC20 with token, and resolves from the receipt when the event was missed', async () => {
  const h = await setup((method, params) =>
    method === 'eth_getTransactionReceipt' ? { ...RECEIPT, status: '0x0' } : payAnswer(method, params),
  )
  await expect(h.wallet.pay({ to: TO, amount: '5', token: TOKEN })).resolves.toEqual({
    hash: HASH,
    status: 'failed',
    receipt: { ...RECEIPT, status: '0x0' },
  })
  expect(pays(h)[0]!.params).toStrictEqual({ to: TO, amount: '5', token: TOKEN })
})

it('wait: false resolves once broadcast, status pending, without asking for the receipt', async () => {
  const h = await setup(payAnswer)
  await expect(h.wallet.pay({ to: TO, amount: '0' }, { wait: false })).resolves.toEqual({
    hash: HASH,
    status: 'pending',
  })
  await flush()
  expect(h.calls.some((c) => (c.params as { method?: string })?.method === 'eth_getTransactionReceipt')).toBe(
    false,
  )
})

it('host errors keep their class, code and data (4001, -32003 with the rule)', async () => {
  const h = await setup((method) => {
    if (method === 'walletPay') throw new PolicyRefusedError('Refused by policy', { rule: 'dailySpendLimit' })
    return '0xc1a1'
  })
  const error = await h.wallet.pay({ to: TO, amount: '1' }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(h.wallet.PolicyRefusedError)
  expect(error).toMatchObject({ code: -32003, data: { rule: 'dailySpendLimit' } })
  h.answer.current = (method) => {
    if (method === 'walletPay') throw new UserRejectedError()
    return '0xc1a1'
  }
  await expect(h.wallet.pay({ to: TO, amount: '1' })).rejects.toMatchObject({ code: 4001 })
})

it.each([null, {}, { hash: '0x12' }, 'hash'])('a malformed walletPay reply %j is a -32603', async (reply) => {
  const h = await setup((method, params) => (method === 'walletPay' ? reply : defaultAnswer(method, params)))
  await expect(h.wallet.pay({ to: TO, amount: '1' })).rejects.toMatchObject({ code: -32603 })
})

it('the timeout and the signal bound the wait', async () => {
  const h = await setup((method, params) =>
    method === 'eth_getTransactionReceipt' ? null : payAnswer(method, params),
  )
  await expect(
    h.wallet.pay({ to: TO, amount: '1' }, { timeoutMs: 50, pollIntervalMs: 5 }),
  ).rejects.toMatchObject({
    code: 4080,
    data: { hash: HASH },
  })
  const controller = new AbortController()
  const done = h.wallet.pay({ to: TO, amount: '1' }, { signal: controller.signal })
  await vi.waitFor(() => expect(pays(h)).toHaveLength(2))
  await flush()
  controller.abort('stop')
  await expect(done).rejects.toBe('stop')
})

it.each([
  ['no object', undefined, ''],
  ['to missing', { amount: '1' }, 'to'],
  ['to too short', { to: '0x1234', amount: '1' }, 'to'],
  ['to as an array', { to: [TO], amount: '1' }, 'to'],
  ['amount as a number', { to: TO, amount: 1 }, 'amount'],
  ['amount with decimals', { to: TO, amount: '1.5' }, 'amount'],
  ['amount negative', { to: TO, amount: '-1' }, 'amount'],
  ['amount in hex', { to: TO, amount: '0x10' }, 'amount'],
  ['amount with a leading zero', { to: TO, amount: '01' }, 'amount'],
  ['amount of 79 digits', { to: TO, amount: '1'.repeat(79) }, 'amount'],
  ['token not an address', { to: TO, amount: '1', token: 'DW20' }, 'token'],
  ['token null', { to: TO, amount: '1', token: null }, 'token'],
])('%s → -32602 (issue at %s), nothing sent', async (_, request, path) => {
  const h = await setup(payAnswer)
  await flush()
  const before = h.calls.length
  const error = await h.wallet.pay(request as never).catch((e: unknown) => e)
  expect(error).toMatchObject({ code: -32602, data: { issues: [{ path }] } })
  expect(h.calls.length).toBe(before)
})

test.prop([fc.anything(), fc.anything(), fc.anything()], { numRuns: 200 })(
  'arbitrary pay input: either a well-shaped request or -32602 with nothing sent',
  async (to, amount, token) => {
    const h = harness ?? (await setup(payAnswer))
    const before = pays(h).length
    const result = await h.wallet
      .pay({ to, amount, token } as never, { wait: false })
      .catch((e: unknown) => e)
    const valid =
      typeof to === 'string' &&
      /^0x[0-9a-fA-F]{40}$/.test(to) &&
      typeof amount === 'string' &&
      /^(?:0|[1-9][0-9]{0,77})$/.test(amount) &&
      (token === undefined || (typeof token === 'string' && /^0x[0-9a-fA-F]{40}$/.test(token)))
    if (valid) expect(result).toEqual({ hash: HASH, status: 'pending' })
    else {
      expect(result).toMatchObject({ code: -32602 })
      expect(pays(h).length).toBe(before)
    }
  },
)
