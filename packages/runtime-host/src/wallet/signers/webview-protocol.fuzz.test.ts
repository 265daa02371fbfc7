import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { checkResult, parseReply, type WebViewMethod } from './webview-protocol.js'

const RUNS = 500
const methods: WebViewMethod[] = ['getAddresses', 'signMessage', 'signTypedData', 'signTransaction']

// Replies that look almost right: the right type and id with hostile members, and plain junk.
const nearReply = fc.record(
  {
    type: fc.oneof(fc.constant('chainless:signer-reply'), fc.string()),
    id: fc.oneof(fc.constant('abc'), fc.string(), fc.integer(), fc.constant('__proto__')),
    result: fc.jsonValue(),
    error: fc.oneof(
      fc.record({
        code: fc.oneof(fc.integer(), fc.double(), fc.string()),
        message: fc.oneof(fc.string(), fc.integer()),
      }),
      fc.jsonValue(),
    ),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
)

describe('WebView reply parser (fuzz)', () => {
  test.prop(
    [
      fc.oneof(
        fc.string(),
        fc.json(),
        nearReply.map((o) => JSON.stringify(o)),
        fc.anything(),
      ),
    ],
    { numRuns: RUNS },
  )('is total and strict: never throws; ok only for exactly {type, id, result|error}', (input) => {
    const parsed = parseReply(input)
    if (parsed.ok) {
      const o = JSON.parse(input as string) as Record<string, unknown>
      expect(o.type).toBe('chainless:signer-reply')
      expect(typeof o.id).toBe('string')
      expect(Object.keys(o).length).toBe(3)
      if ('error' in parsed) {
        expect(Number.isSafeInteger(parsed.error.code)).toBe(true)
        expect(typeof parsed.error.message).toBe('string')
      }
    }
  })

  test.prop([fc.constantFrom(...methods), fc.oneof(fc.jsonValue(), fc.anything())], { numRuns: RUNS })(
    'checkResult is total and answers only well-formed values',
    (method, result) => {
      const out = checkResult(method, result)
      if (out === undefined) return
      if (method === 'getAddresses') {
        expect(Array.isArray(out)).toBe(true)
        for (const a of out as string[]) expect(a).toMatch(/^0x[0-9a-fA-F]{40}$/)
      } else expect(out).toMatch(/^0x([0-9a-fA-F]{2})+$/)
    },
  )
})
