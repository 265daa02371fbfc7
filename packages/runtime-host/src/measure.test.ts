import { expect, it } from 'vitest'
import { measureJsonLike } from './measure.js'

it('measures JSON-like values and stops at the limit', () => {
  expect(measureJsonLike({ a: 'xyz', b: [1, true, null] }, 1000)).toBeGreaterThan(10)
  expect(measureJsonLike('x'.repeat(100), 50)).toBe(Number.POSITIVE_INFINITY)
  expect(measureJsonLike(Object.create(null), 10)).toBe(2)
})

it('rejects functions, symbols, bigints and class instances', () => {
  for (const value of [() => 1, Symbol('s'), 1n, new (class X {})(), new ArrayBuffer(2)]) {
    expect(measureJsonLike(value, 1000)).toBe(Number.POSITIVE_INFINITY)
  }
})
