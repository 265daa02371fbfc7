import { ChainlessError } from '@chainless/protocol'
import { expect, it } from 'vitest'
import { InvalidOptionError } from './invalid-option-error.js'
import { TokenBucket } from './rate-limit.js'

it('grants a burst, then refuses with the wait, then refills', () => {
  let now = 0
  const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 10 }, () => now)
  expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0])
  expect(bucket.take()).toBe(100)
  now += 50
  expect(bucket.take()).toBe(50)
  now += 100
  expect(bucket.take()).toBe(0)
  now += 10_000
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0, 100])
})

it.each([
  { capacity: 0, refillPerSecond: 1 },
  { capacity: 1.5, refillPerSecond: 1 },
  { capacity: Number.NaN, refillPerSecond: 1 },
  { capacity: Number.POSITIVE_INFINITY, refillPerSecond: 1 },
  { capacity: -1, refillPerSecond: 1 },
  { capacity: 1, refillPerSecond: 0 },
  { capacity: 1, refillPerSecond: -5 },
  { capacity: 1, refillPerSecond: Number.NaN },
  { capacity: 1, refillPerSecond: Number.POSITIVE_INFINITY },
  { capacity: '5', refillPerSecond: 1 },
])('refuses the options %j with a typed InvalidOptionError', (options) => {
  expect(() => new TokenBucket(options as never)).toThrow(InvalidOptionError)
  try {
    new TokenBucket(options as never)
  } catch (error) {
    expect(error).toBeInstanceOf(ChainlessError)
    expect(error).toMatchObject({ name: 'InvalidOptionError', option: expect.stringMatching(/^rateLimit\./) })
  }
})
