import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { formatClock, formatJson, formatMs } from './format.js'

// Replay a failure with FUZZ_SEED=<seed> (as runtime-host's fuzzParameters).
const seed = Number(process.env.FUZZ_SEED)
const fuzz = (numRuns: number) => ({ numRuns, ...(Number.isSafeInteger(seed) ? { seed } : {}) })

describe('formatJson', () => {
  test('pretty-prints, shows bigints, cycles and functions instead of throwing', () => {
    expect(formatJson({ a: 1n })).toBe('{\n  "a": "1"\n}')
    const cyclic: Record<string, unknown> = { name: 'x' }
    cyclic.self = cyclic
    expect(formatJson(cyclic)).toContain('"self": "[cycle]"')
    expect(formatJson({ f: () => 1 })).toContain('[function]')
    expect(formatJson(undefined)).toBe('undefined')
  })
  test('cuts long values with a note', () => {
    const text = formatJson('x'.repeat(100), 10)
    expect(text.startsWith('"xxxxxxxxx')).toBe(true)
    expect(text).toContain('more characters')
  })
  test('a getter that throws is shown as not displayable', () => {
    const hostile = {
      get boom() {
        throw new Error('nope')
      },
    }
    expect(formatJson(hostile)).toBe('[not displayable: nope]')
  })
  test.prop(
    [fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true })],
    fuzz(300),
  )('never throws and stays bounded', (value) => {
    expect(formatJson(value, 500).length).toBeLessThanOrEqual(500 + 40)
  })
})

describe('formatClock and formatMs', () => {
  test('24-hour clock with milliseconds; invalid times are dashes', () => {
    expect(formatClock(Date.UTC(2026, 0, 1, 9, 5, 7, 42), 'en', 'UTC')).toBe('09:05:07.042')
    expect(formatClock(Number.NaN, 'en')).toBe('--:--:--.---')
  })
  test('durations pick their unit', () => {
    expect(formatMs(0.44)).toBe('0.4 ms')
    expect(formatMs(12.4)).toBe('12 ms')
    expect(formatMs(1250)).toBe('1.25 s')
    expect(formatMs(undefined)).toBe('—')
    expect(formatMs(-1)).toBe('—')
  })
})
