import { expect, it } from 'vitest'
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
