import { describe, expect, it } from 'vitest'
import { profileOf } from './profiles.js'

describe('profileOf', () => {
  it('is deterministic per address, whatever its case', () => {
    const a = profileOf('0xAbCdEf0000000000000000000000000000000001')
    expect(a).toEqual(profileOf('0xabcdef0000000000000000000000000000000001'))
    expect(a.email).toBe('user-abcdef@chainless.test')
    expect(a.phone).toMatch(/^\+1555000[0-9]{4}$/)
    expect(profileOf('0x1111110000000000000000000000000000000001').email).not.toBe(a.email)
  })
})
