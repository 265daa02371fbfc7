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

it('is total: getters, throwing proxies and non-finite numbers are not JSON-like, nothing is called', () => {
  let called = 0
  const getter = Object.defineProperty({}, 'x', {
    enumerable: true,
    get() {
      called++
      throw new Error('getter')
    },
  })
  const trap = () => {
    called++
    throw new Error('trap')
  }
  const proxy = new Proxy({}, { getPrototypeOf: trap, ownKeys: trap, get: trap })
  const revocable = Proxy.revocable([], {})
  revocable.revoke()
  for (const value of [
    getter,
    proxy,
    revocable.proxy,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    { n: -Infinity },
  ]) {
    expect(measureJsonLike(value, 1000)).toBe(Number.POSITIVE_INFINITY)
  }
  expect(called).toBeLessThanOrEqual(1) // at most the proxy's first trap, caught
})

it('walks a huge sparse array only up to the limit', () => {
  const sparse: unknown[] = []
  sparse[2 ** 32 - 2] = 1
  const started = performance.now()
  expect(measureJsonLike(sparse, 1000)).toBe(Number.POSITIVE_INFINITY)
  expect(performance.now() - started).toBeLessThan(200)
  const holey: unknown[] = [1]
  holey[2] = 3
  expect(measureJsonLike(holey, 1000)).toBe(2 + 8 + 4 + 8)
})
