// Imported first: it records the globals before anything else runs, to find prototype pollution.

import { toErrorPayload } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { afterAll, describe, expect } from 'vitest'
import { guardMessage } from './guard.js'
import { anyMessage, fuzzParameters, hostileValue, replyShapeProblem } from './hostile.fuzz.js'
import { measureJsonLike } from './measure.js'
import { assertNoPoisoning, POISONING_OPTIONS as poisoning, restoreGlobals } from './poisoning.fuzz.js'

const served = new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping'])

/** The spec of "a usable id", written independently of the guard. */
function expectedId(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
  const id = (data as { id?: unknown }).id
  return typeof id === 'string' && id.length <= 64 ? id : undefined
}

afterAll(() => {
  try {
    assertNoPoisoning(poisoning)
  } finally {
    restoreGlobals(poisoning)
  }
})

describe('guardMessage (fuzz)', () => {
  test.prop([anyMessage], fuzzParameters(400))(
    'is total and decides every message: a usable id is kept, a refusal is a protocol error payload',
    (data) => {
      const result = guardMessage(data, served)
      expect(['call', 'release', 'refuse']).toContain(result.kind)
      expect(result.id).toBe(expectedId(data))
      if (result.kind === 'refuse') {
        const payload = toErrorPayload(result.error)
        expect([-32602, 4200]).toContain(payload.code)
        const reply = { id: 'x', type: 'HANDLER', name: 'throw', value: { isError: false, value: payload } }
        expect(replyShapeProblem(structuredClone(reply))).toBeUndefined()
        expect(() => JSON.stringify(payload)).not.toThrow()
      }
      if (result.kind === 'call') {
        expect(served.has(result.method)).toBe(true)
        expect(Array.isArray(result.params)).toBe(false)
        expect(measureJsonLike(result.params, 1024 * 1024)).toBeLessThan(Number.POSITIVE_INFINITY)
      }
    },
  )

  test.prop([fc.constantFrom(...served), hostileValue, fc.string({ maxLength: 64 })], fuzzParameters(300))(
    'passes params only when they are plain data and never an array',
    (method, value, id) => {
      const result = guardMessage(
        { id, type: 'APPLY', path: [method], argumentList: [{ type: 'RAW', value }] },
        served,
      )
      expect(result.id).toBe(id)
      if (Array.isArray(value)) expect(result).toMatchObject({ kind: 'refuse', error: { code: -32602 } })
      if (measureJsonLike(value, 256 * 1024) === Number.POSITIVE_INFINITY) expect(result.kind).toBe('refuse')
    },
  )
})
