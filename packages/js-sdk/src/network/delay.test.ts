import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter, sleep } from './delay.js'

describe('backoffDelay', () => {
  it('is full jitter under min(max, base · 2^attempt)', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.999)).toBe(99)
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400)
    expect(backoffDelay(30, 100, 10_000, () => 0.999)).toBe(9990)
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  it.each([
    ['0', 0],
    ['7', 7000],
    [' 12 ', 12_000],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    [null, undefined],
    ['', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['9999999999', undefined],
    ['soon', undefined],
    [`Thu, 01 Jan 2026 00:00:30 GMT${' '.repeat(80)}x`, undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })
})

describe('sleep', () => {
  it('rejects with the reason when aborted, before or during', async () => {
    await expect(sleep(10, AbortSignal.abort('before'))).rejects.toBe('before')
    const controller = new AbortController()
    const waiting = sleep(60_000, controller.signal)
    controller.abort('during')
    await expect(waiting).rejects.toBe('during')
    await expect(sleep(1)).resolves.toBeUndefined()
  })
})
