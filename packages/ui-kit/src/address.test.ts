import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { checkAddress, sameAddress, shortenAddress } from './address.js'

// EIP-55 vectors: the host checksums them; the kit shows them as given.
const VECTORS = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
]

describe('checkAddress', () => {
  it('accepts 0x + 40 hex digits in any case (the checksum is the host’s)', () => {
    for (const a of VECTORS) {
      expect(checkAddress(a)).toBe('valid')
      expect(checkAddress(a.toLowerCase())).toBe('valid')
    }
  })
  it('flags zero-width and bidi characters before anything else', () => {
    expect(checkAddress('0x5aAeb6053F3E94C9b9A0\u200B9f33669435E7Ef1BeAed')).toBe('hidden-chars')
    expect(checkAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe\u202E')).toBe('hidden-chars')
  })
  it('flags wrong shapes', () => {
    for (const bad of [
      '',
      '0x',
      'hello',
      `${VECTORS[0]}00`,
      VECTORS[0]!.slice(2),
      `0X${VECTORS[0]!.slice(2)}`,
    ]) {
      expect(checkAddress(bad)).toBe('invalid')
    }
    expect(checkAddress(42 as unknown as string)).toBe('invalid')
    // Look-alike digits: fullwidth and Arabic-Indic digits are not hex.
    expect(checkAddress(`0x${'\uFF11'.repeat(40)}`)).toBe('invalid')
    expect(checkAddress(`0x${'\u0661'.repeat(40)}`)).toBe('invalid')
  })
  test.prop([fc.string({ maxLength: 60 })], { numRuns: 500 })('is valid only for 0x + 40 hex', (s) => {
    expect(checkAddress(s) === 'valid').toBe(/^0x[0-9a-fA-F]{40}$/.test(s))
  })
})

describe('shortenAddress / sameAddress', () => {
  it('keeps both ends', () => {
    expect(shortenAddress(VECTORS[0]!)).toBe('0x5aAeb6…1BeAed')
    expect(shortenAddress('0x1234')).toBe('0x1234')
  })
  it('compares case-insensitively and only valid addresses', () => {
    expect(sameAddress(VECTORS[0], VECTORS[0]!.toLowerCase())).toBe(true)
    expect(sameAddress(VECTORS[0], VECTORS[1])).toBe(false)
    expect(sameAddress('0xzz', '0xzz')).toBe(false)
    expect(sameAddress(undefined, VECTORS[0])).toBe(false)
  })
})
