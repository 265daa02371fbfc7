import { hasHiddenChars } from './text.js'

/** How an address string checks out: its shape only (the host checksums, the kit never hashes). */
export type AddressStatus = 'valid' | 'invalid' | 'hidden-chars'

const HEX40 = /^0x[0-9a-fA-F]{40}$/

/**
 * Checks the shape of an untrusted address string: hidden characters (zero-width, bidi) make it
 * `hidden-chars`, anything but `0x` + 40 hex digits `invalid`. The EIP-55 checksum is not computed
 * here: the host gives checksummed addresses (ethers `getAddress`), so the suite has one Keccak.
 * @see https://eips.ethereum.org/EIPS/eip-55
 * @example
 * ```ts
 * checkAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed') // 'valid'
 * checkAddress('0x5aAeb6053F3E94C9b9A0\u200B9f33669435E7Ef1BeAed') // 'hidden-chars'
 * ```
 */
export function checkAddress(address: string): AddressStatus {
  if (typeof address !== 'string') return 'invalid'
  if (hasHiddenChars(address)) return 'hidden-chars'
  return HEX40.test(address) ? 'valid' : 'invalid'
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
