import { InvalidParamsError } from '@chainless/protocol'
import { ParsedMessage } from '@spruceid/siwe-parser'
import { describe, expect, it } from 'vitest'
import { scopeResource, siweMessage, utf8Hex } from './siwe-message.js'

const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const base = {
  domain: 'demo.localhost:8090',
  address: ADDRESS.toLowerCase(),
  uri: 'http://demo.localhost:8090/',
  chainId: 31337,
  nonce: 'abcdefgh12345678',
  issuedAt: new Date('2026-01-02T03:04:05.000Z'),
  expirationTime: new Date('2026-01-02T03:09:05.000Z'),
  resources: ['user:basic', 'user:phone'].map(scopeResource),
}

describe('siweMessage', () => {
  it('writes the exact EIP-4361 text', () => {
    expect(siweMessage({ ...base, statement: 'Authorize Demo.' })).toBe(
      [
        `demo.localhost:8090 wants you to sign in with your Ethereum account:`,
        ADDRESS,
        '',
        'Authorize Demo.',
        '',
        'URI: http://demo.localhost:8090/',
        'Version: 1',
        'Chain ID: 31337',
        'Nonce: abcdefgh12345678',
        'Issued At: 2026-01-02T03:04:05.000Z',
        'Expiration Time: 2026-01-02T03:09:05.000Z',
        'Resources:',
        '- urn:chainless:scope:user:basic',
        '- urn:chainless:scope:user:phone',
      ].join('\n'),
    )
  })

  it('parses back with @spruceid/siwe-parser (valid EIP-4361), with and without a statement', () => {
    for (const statement of ['Authorize Demo.', undefined]) {
      const text = siweMessage({ ...base, ...(statement ? { statement } : {}) })
      const parsed = new ParsedMessage(text)
      expect(parsed.domain).toBe('demo.localhost:8090')
      expect(parsed.address).toBe(ADDRESS)
      expect(parsed.statement ?? undefined).toBe(statement)
      expect(parsed.uri).toBe(base.uri)
      expect(parsed.version).toBe('1')
      expect(parsed.chainId).toBe(31337)
      expect(parsed.nonce).toBe(base.nonce)
      expect(parsed.issuedAt).toBe('2026-01-02T03:04:05.000Z')
      expect(parsed.expirationTime).toBe('2026-01-02T03:09:05.000Z')
      expect(parsed.resources).toEqual(['urn:chainless:scope:user:basic', 'urn:chainless:scope:user:phone'])
    }
  })

  it('refuses what the ABNF would not accept', () => {
    const cases = [
      { address: '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266' }, // bad EIP-55 checksum
      { statement: 'two\nlines' },
      { statement: '' },
      { statement: 'caf\u00e9' },
      { nonce: 'short' },
      { nonce: 'has space 12345' },
      { domain: 'a b' },
      { uri: 'not a uri' },
      { chainId: 0 },
      { issuedAt: new Date(Number.NaN) },
    ]
    for (const bad of cases) expect(() => siweMessage({ ...base, ...bad })).toThrow(InvalidParamsError)
  })

  it('hex-encodes the UTF-8 bytes', () => {
    expect(utf8Hex('é\n')).toBe('0xc3a90a')
  })
})
