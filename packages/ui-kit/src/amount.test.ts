import { describe, expect, it } from 'vitest'
import { formatUnits } from './amount.js'

describe('formatUnits', () => {
  it('formats exactly, without rounding', () => {
    expect(formatUnits('1500000000000000000', 18)).toBe('1.5')
    expect(formatUnits('1', 18)).toBe('0.000000000000000001')
    expect(formatUnits('123456789012345678901234567890', 18)).toBe('123,456,789,012.34567890123456789')
    expect(formatUnits(1234567n, 2)).toBe('12,345.67')
    expect(formatUnits('100', 0)).toBe('100')
    expect(formatUnits('0', 18)).toBe('0')
  })
  it('uses the locale for grouping and the decimal sign', () => {
    expect(formatUnits('1234567', 2, 'de-DE')).toBe('12.345,67')
  })
  it('rejects non-integers and bad decimals with TypeError', () => {
    for (const bad of ['-1', '1.5', '0x10', '', ' 1']) expect(() => formatUnits(bad, 18)).toThrow(TypeError)
    expect(() => formatUnits('1', -1)).toThrow(TypeError)
    expect(() => formatUnits('1', 1.5)).toThrow(TypeError)
  })
  it('never mixes digit systems: Latin digits in ar-EG, fa-IR and bn-BD (the fraction is ASCII)', () => {
    for (const locale of ['ar-EG', 'fa-IR', 'bn-BD', 'ar-SA']) {
      const text = formatUnits('123456789012345678', 4, locale)
      expect(text, locale).not.toMatch(/[^\P{Nd}0-9]/u)
      expect(text.replace(/\D/g, ''), locale).toBe('123456789012345678')
    }
  })
})
