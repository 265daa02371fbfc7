import { describe, expect, it } from 'vitest'
import { checkAddress, sameAddress, shortenAddress, toChecksumAddress } from './address.js'
import { keccak256 } from './keccak.js'

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

describe('keccak256', () => {
  it('matches published digests', () => {
    expect(hex(keccak256(new Uint8Array()))).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
    expect(hex(keccak256(new TextEncoder().encode('abc')))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    )
  })
  it('refuses input of a block or more', () => {
    expect(() => keccak256(new Uint8Array(136))).toThrow(RangeError)
  })
})

// Test vectors from EIP-55.
const VECTORS = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
]

describe('toChecksumAddress', () => {
  it.each(VECTORS)('checksums %s', (a) => {
    expect(toChecksumAddress(a.toLowerCase())).toBe(a)
    expect(toChecksumAddress(a.toUpperCase().replace('0X', '0x'))).toBe(a)
  })
  it('throws a TypeError on a malformed address', () => {
    expect(() => toChecksumAddress('0x123')).toThrow(TypeError)
  })
})

describe('checkAddress', () => {
  it('accepts checksummed, all-lower and all-upper addresses', () => {
    expect(checkAddress(VECTORS[0]!)).toEqual({ status: 'valid', checksummed: VECTORS[0] })
    expect(checkAddress(VECTORS[0]!.toLowerCase()).status).toBe('valid')
  })
  it('flags a wrong checksum', () => {
    expect(checkAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD').status).toBe('bad-checksum')
  })
  it('flags zero-width and bidi characters before anything else', () => {
    expect(checkAddress('0x5aAeb6053F3E94C9b9A0\u200B9f33669435E7Ef1BeAed').status).toBe('hidden-chars')
    expect(checkAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe\u202E').status).toBe('hidden-chars')
  })
  it('flags wrong shapes', () => {
    for (const bad of ['', '0x', 'hello', `${VECTORS[0]}00`, VECTORS[0]!.slice(2)]) {
      expect(checkAddress(bad).status).toBe('invalid')
    }
    expect(checkAddress(42 as unknown as string).status).toBe('invalid')
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
