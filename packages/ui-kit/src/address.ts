import { keccak256 } from './keccak.js'
import { hasHiddenChars } from './text.js'

/** How an address string checks out. */
export type AddressStatus = 'valid' | 'invalid' | 'bad-checksum' | 'hidden-chars'

const HEX40 = /^0x[0-9a-fA-F]{40}$/

/**
 * EIP-55 mixed-case checksum of a 20-byte hex address.
 * @see https://eips.ethereum.org/EIPS/eip-55
 * @throws TypeError when `address` is not `0x` + 40 hex digits.
 * @example
 * ```ts
 * toChecksumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed') // '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
 * ```
 */
export function toChecksumAddress(address: string): string {
  if (!HEX40.test(address)) throw new TypeError('Invalid address: expected 0x followed by 40 hex digits')
  const lower = address.slice(2).toLowerCase()
  const hash = keccak256(new TextEncoder().encode(lower))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 ? 0 : 4)) & 15
    const c = lower[i]!
    out += nibble >= 8 ? c.toUpperCase() : c
  }
  return out
}

/**
 * Checks an untrusted address string: hidden characters (zero-width, bidi) make it `hidden-chars`,
 * a wrong shape `invalid`, mixed case that is not the EIP-55 checksum `bad-checksum`. All-lower or
 * all-upper hex carries no checksum and is `valid`; `checksummed` is then its EIP-55 form.
 */
export function checkAddress(address: string): { status: AddressStatus; checksummed?: string } {
  if (typeof address !== 'string') return { status: 'invalid' }
  if (hasHiddenChars(address)) return { status: 'hidden-chars' }
  if (!HEX40.test(address)) return { status: 'invalid' }
  const checksummed = toChecksumAddress(address)
  const body = address.slice(2)
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase()
  if (mixed && checksummed !== address) return { status: 'bad-checksum' }
  return { status: 'valid', checksummed }
}

/**
 * `0x1234ab…cdef56`: the first and last `chars` hex digits. Both ends are shown because address
 * poisoning attacks imitate them; sheets that matter show the full address.
 */
export function shortenAddress(address: string, chars = 6): string {
  return address.length <= 2 + chars * 2 + 1
    ? address
    : `${address.slice(0, 2 + chars)}…${address.slice(-chars)}`
}

/** Case-insensitive address equality (after checking both are 20-byte hex). */
export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && HEX40.test(a) && HEX40.test(b) && a.toLowerCase() === b.toLowerCase()
}
