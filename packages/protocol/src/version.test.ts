import { expect, it } from 'vitest'
import { isCompatibleProtocol, PROTOCOL_VERSION, parseProtocolVersion } from './version.js'

it('parses major.minor strictly', () => {
  expect(parseProtocolVersion('1.0')).toEqual({ major: 1, minor: 0 })
  expect(parseProtocolVersion('12.34')).toEqual({ major: 12, minor: 34 })
  for (const bad of ['1', '1.0.0', '01.0', 'a.b', '', ' 1.0', 1, null, '1.0\n', '9'.repeat(20)]) {
    expect(parseProtocolVersion(bad)).toBeUndefined()
  }
})

it('accepts the same major (older or newer minor) and refuses another major', () => {
  expect(isCompatibleProtocol(PROTOCOL_VERSION, '1.0')).toBe(true)
  expect(isCompatibleProtocol('1.3', '1.0')).toBe(true)
  expect(isCompatibleProtocol('1.0', '1.5')).toBe(true)
  expect(isCompatibleProtocol('1.0', '2.0')).toBe(false)
  expect(isCompatibleProtocol('1.0', 'junk')).toBe(false)
})
