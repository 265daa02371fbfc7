import { BridgeError, EIP1193_METHODS } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { fuzzParameters, hostileValue } from '../hostile.fuzz.js'
import { ACCOUNT_A, ACCOUNT_B, walletWorld } from './dispatch-testkit.js'

const known = Object.keys(EIP1193_METHODS)
const method = fc.oneof(
  fc.constantFrom(...known),
  fc.constantFrom('eth_sign', 'foo', 'constructor'),
  fc.string({ maxLength: 12 }),
)
/** Params close to valid ones (addresses, hex, txs) and hostile ones. */
const param = fc.oneof(
  fc.constantFrom(ACCOUNT_A, ACCOUNT_B, ACCOUNT_A.toLowerCase(), '0x68', '0xc1a1', '0x539', 'latest', '0x'),
  fc.record({
    to: fc.constantFrom(ACCOUNT_B, 'x'),
    value: fc.constantFrom('0x1', '0x', `0x${'f'.repeat(65)}`),
  }),
  fc.record({ chainId: fc.constantFrom('0xc1a1', '0x539', '0x1', 1) }),
  hostileValue,
)
const params = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.array(param, { maxLength: 3 }),
  hostileValue,
)

describe('walletRequest dispatcher (fuzz)', () => {
  test.prop(
    [fc.array(fc.tuple(method, params, fc.boolean()), { minLength: 1, maxLength: 6 })],
    fuzzParameters(150),
  )(
    'answers JSON data or rejects with a typed BridgeError; the signer never signs without a confirmation',
    async (calls) => {
      const w = walletWorld()
      for (const [m, p, confirm] of calls) {
        w.ui.confirm = confirm
        w.ui.consentAnswer = confirm ? (asked) => asked : 'reject'
        const outcome = await w.request(m, p).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        )
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(BridgeError)
        } else {
          expect(() => JSON.stringify(outcome.result)).not.toThrow()
        }
        expect(w.signer.calls.length).toBeLessThanOrEqual(w.ui.confirmations)
      }
      // Whatever happened, the address only reached an app that connected.
      const connected = w.controller.isConnected('demo')
      if (!connected) {
        expect(JSON.stringify(w.app.events)).not.toContain(ACCOUNT_A)
      }
    },
  )
})
