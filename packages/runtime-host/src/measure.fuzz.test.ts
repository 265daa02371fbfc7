// Imported first: it records the globals before anything else runs, to find prototype pollution.

import { fc, test } from '@fast-check/vitest'
import { afterAll, describe, expect } from 'vitest'
import { fuzzParameters, hostileValue } from './hostile.fuzz.js'
import { measureJsonLike } from './measure.js'
import { assertNoPoisoning, POISONING_OPTIONS, restoreGlobals } from './poisoning.fuzz.js'

afterAll(() => {
  try {
    assertNoPoisoning(POISONING_OPTIONS)
  } finally {
    restoreGlobals(POISONING_OPTIONS)
  }
})

/** The spec of "JSON-like" (see measure.ts), written independently: a tree of plain data. */
function isJsonLike(value: unknown, depth = 0, ancestors = new Set<object>()): boolean {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean')
    return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || depth >= 32 || ancestors.has(value)) return false
  ancestors.add(value)
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const d = Object.getOwnPropertyDescriptor(value, i)
        if (d && (!('value' in d) || !isJsonLike(d.value, depth + 1, ancestors))) return false
      }
      return true
    }
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return false
    return Object.keys(value).every((key) => {
      const d = Object.getOwnPropertyDescriptor(value, key)!
      return 'value' in d && isJsonLike(d.value, depth + 1, ancestors)
    })
  } finally {
    ancestors.delete(value)
  }
}

/** Values whose reading runs code: getters, proxies whose traps throw or count. */
const trapped = fc.constantFrom<() => unknown>(
  () =>
    Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter ran')
      },
    }),
  () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap ran')
        },
      },
    ),
  () => {
    const revocable = Proxy.revocable({}, {})
    revocable.revoke()
    return revocable.proxy
  },
  () => ({ toJSON: () => 1 }),
)

describe('measureJsonLike (fuzz)', () => {
  test.prop([hostileValue, fc.integer({ min: 0, max: 1 << 20 })], fuzzParameters(400))(
    'never throws; finite only for JSON-like input, and then within the limit',
    (value, limit) => {
      const size = measureJsonLike(value, limit)
      expect(typeof size).toBe('number')
      if (size !== Number.POSITIVE_INFINITY) {
        expect(size).toBeGreaterThanOrEqual(0)
        expect(size).toBeLessThanOrEqual(limit)
        expect(isJsonLike(value)).toBe(true)
      }
    },
  )

  test.prop([trapped, fc.integer({ min: 0, max: 10_000 })], fuzzParameters(50))(
    'is total for values whose reading runs code',
    (make, limit) => {
      expect(measureJsonLike(make(), limit)).toBe(Number.POSITIVE_INFINITY)
    },
  )

  test.prop([fc.jsonValue({ maxDepth: 8 })], fuzzParameters(300))(
    'measures every JSON value (finite), and the result is the exact limit at which it passes',
    (value) => {
      const size = measureJsonLike(value, Number.MAX_SAFE_INTEGER)
      expect(size).toBeLessThan(Number.POSITIVE_INFINITY)
      expect(measureJsonLike(value, size)).toBe(size)
      if (size > 0) expect(measureJsonLike(value, size - 1)).toBe(Number.POSITIVE_INFINITY)
    },
  )

  test.prop(
    [fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 2 ** 32 - 1 })],
    fuzzParameters(100),
  )('does bounded work: an array of any length costs at most limit / 4 element reads', (limit, length) => {
    const target: unknown[] = []
    target.length = length
    let reads = 0
    const counted = new Proxy(target, {
      getOwnPropertyDescriptor(t, key) {
        reads++
        return Reflect.getOwnPropertyDescriptor(t, key)
      },
    })
    measureJsonLike(counted, limit)
    expect(reads).toBeLessThanOrEqual(Math.floor(limit / 4) + 2)
  })
})
