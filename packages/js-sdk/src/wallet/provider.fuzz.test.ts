// A hostile or buggy wallet against the provider: whatever the host pushes as events or returns as
// replies, listeners only ever see EIP-1193-shaped payloads, request() settles with the reply (as
// structured clone made it) or a typed error, waitForTransaction never resolves with a non-final
// status, and nothing throws out of the SDK.
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { flush } from '../../test/fake-host.js'
import { connectedWallet, defaultAnswer, type WalletHarness } from '../../test/fake-wallet.js'
import { hostileValue } from '../../test/hostile.js'

let h: WalletHarness
const seen: Record<string, unknown[]> = {}
const EVENTS = ['accountsChanged', 'chainChanged', 'connect', 'disconnect', 'message'] as const

beforeAll(async () => {
  h = await connectedWallet()
  const provider = h.wallet.getProvider()
  for (const event of EVENTS) {
    seen[event] = []
    provider.on(event, (data: unknown) => seen[event]!.push(data))
  }
})
afterAll(() => {
  h.host.close()
  vi.unstubAllGlobals()
})

const eventName = fc.constantFrom(
  'accountsChanged',
  'chainChanged',
  'connect',
  'disconnect',
  'txStatus',
  'message',
  '__proto__',
)
const HEX_CHAIN = /^0x[0-9a-fA-F]{1,16}$/

test.prop([fc.array(fc.tuple(eventName, hostileValue), { minLength: 1, maxLength: 8 })], { numRuns: 150 })(
  'hostile host events reach listeners only as EIP-1193 payloads',
  async (events) => {
    for (const event of EVENTS) seen[event]!.length = 0
    for (const [event, data] of events) {
      try {
        h.event(event, data)
      } catch {
        // Not cloneable (a value structured clone refuses): the host could not send it either.
      }
    }
    await flush()
    for (const accounts of seen.accountsChanged!) {
      expect(Array.isArray(accounts)).toBe(true)
      for (const a of accounts as unknown[]) expect(a).toMatch(/^0x[0-9a-fA-F]{40}$/)
    }
    for (const id of seen.chainChanged!) expect(id).toMatch(HEX_CHAIN)
    for (const info of seen.connect!) expect((info as { chainId: string }).chainId).toMatch(HEX_CHAIN)
    for (const error of seen.disconnect!) {
      expect(error).toBeInstanceOf(h.wallet.DisconnectedError)
      expect((error as { code: number }).code).toBe(4900)
    }
    for (const message of seen.message!) {
      const { type, data } = message as { type: string; data: { hash: string; status: string } }
      expect(type).toBe('txStatus')
      expect(data.hash).toMatch(/^0x[0-9a-fA-F]{64}$/)
      expect(['pending', 'confirmed', 'failed', 'dropped']).toContain(data.status)
    }
  },
)

test.prop([hostileValue], { numRuns: 150 })(
  'a hostile reply: request() resolves with it or rejects with a BridgeError',
  async (reply) => {
    h.answer.current = (method, params) =>
      method === 'eth_blockNumber' ? reply : defaultAnswer(method, params)
    const outcome = await h.wallet
      .getProvider()
      .request({ method: 'eth_blockNumber' })
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
    if ('error' in outcome) expect(outcome.error).toBeInstanceOf(h.wallet.BridgeError)
  },
)

/** A txStatus-shaped event for the awaited hash, any status, any receipt: the near misses matter most. */
const nearStatusEvent = fc.record(
  {
    hash: fc.constant(`0x${'ee'.repeat(32)}`),
    status: fc.oneof(fc.constantFrom('pending', 'confirmed', 'failed', 'dropped', 'DROPPED'), hostileValue),
    receipt: hostileValue,
  },
  { requiredKeys: ['hash', 'status'] },
)

test.prop([hostileValue, fc.oneof(hostileValue, nearStatusEvent)], { numRuns: 100 })(
  'hostile receipts and events never resolve waitForTransaction with a non-final status',
  async (receipt, event) => {
    const hash = `0x${'ee'.repeat(32)}`
    h.answer.current = (method, params) =>
      method === 'eth_getTransactionReceipt' ? receipt : defaultAnswer(method, params)
    const done = h.wallet.waitForTransaction(hash, { timeoutMs: 40, pollIntervalMs: 5 })
    try {
      h.event('txStatus', event)
    } catch {}
    const outcome = await done.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    if (!('error' in outcome)) expect(['confirmed', 'failed']).toContain(outcome.value.status)
    else if (outcome.error instanceof h.wallet.TransactionDroppedError) {
      // Only a well-formed `dropped` event (no receipt) ends the wait this way.
      expect(event).toMatchObject({ status: 'dropped' })
      expect((event as { receipt?: unknown }).receipt).toBeUndefined()
    } else expect(outcome.error).toMatchObject({ code: 4080 })
  },
)
