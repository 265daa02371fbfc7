import { describe, expect, it } from 'vitest'
import { fullJitterDelay, isRetryableStatus, parseRetryAfter } from './tx-tracker-retry.js'

describe('retry arithmetic', () => {
  it('full jitter stays in [0, min(cap, base·2^n))', () => {
    expect(fullJitterDelay(0, 250, 5000, () => 0)).toBe(0)
    expect(fullJitterDelay(0, 250, 5000, () => 0.999)).toBe(249)
    expect(fullJitterDelay(3, 250, 5000, () => 0.5)).toBe(1000)
    expect(fullJitterDelay(10, 250, 5000, () => 0.999)).toBe(4995)
    expect(fullJitterDelay(10_000, 250, 5000, () => 0.999)).toBe(4995)
  })
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0)
    expect(parseRetryAfter('1', now)).toBe(1000)
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
    for (const bad of [null, undefined, '', '-1', '1.5', 'soon', '99999999999'])
      expect(parseRetryAfter(bad, now)).toBeUndefined()
  })
  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 409, 413, 422].some(isRetryableStatus)).toBe(false)
  })
})
