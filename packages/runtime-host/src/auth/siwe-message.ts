/**
 * The exact EIP-4361 ("Sign-In with Ethereum") text the wallet signs: for its own session with the
 * platform, and for an app's authorization (the scopes as `urn:chainless:scope:<scope>` resources).
 * The platform parses it strictly, so the builder refuses anything the ABNF would not accept.
 * @see https://eips.ethereum.org/EIPS/eip-4361
 */
import { InvalidParamsError } from '@chainless/protocol'
import { getAddress } from 'ethers'

/** The fields of one EIP-4361 message. */
export interface SiweFields {
  /** RFC 3986 authority asking for the signature (`host[:port]`), e.g. `wallet.example`. */
  domain: string
  /** The signing account; written EIP-55 checksummed. */
  address: string
  /** One line of RFC 3986 reserved/unreserved characters and spaces; omitted when undefined. */
  statement?: string
  /** RFC 3986 URI the signature is for. */
  uri: string
  chainId: number
  /** At least 8 alphanumerics (EIP-4361), issued by the platform. */
  nonce: string
  issuedAt: Date
  expirationTime?: Date
  notBefore?: Date
  /** Written one per line after `Resources:`, in order. */
  resources?: readonly string[]
}

const PREAMBLE = ' wants you to sign in with your Ethereum account:'

/** The resource that names `scope` in an authorization message. */
export function scopeResource(scope: string): string {
  return `urn:chainless:scope:${scope}`
}

/**
 * Builds the EIP-4361 text of `fields` (LF line ends, no trailing newline).
 * @throws {InvalidParamsError} (-32602) for a field the ABNF would not accept (bad checksum, a
 * statement with a line break, a short nonce, a URI that does not parse, a bad chain id).
 * @example
 * ```ts
 * const text = siweMessage({ domain: 'wallet.example', address, uri: 'https://wallet.example',
 *   chainId: 31337, nonce, issuedAt: new Date(), resources: [scopeResource('user:basic')] })
 * ```
 */
export function siweMessage(fields: SiweFields): string {
  const bad = (field: string, expected: string): never => {
    throw new InvalidParamsError('Invalid sign-in message', { field, expected })
  }
  if (!/^[^\s/?#@]+$/.test(fields.domain)) bad('domain', 'an authority host[:port]')
  let address = ''
  try {
    address = getAddress(fields.address)
  } catch {
    bad('address', 'an address (valid EIP-55 checksum when mixed case)')
  }
  // ABNF: statement = 1*( reserved / unreserved / " " ) — one line of printable ASCII.
  if (fields.statement !== undefined && !/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]+$/.test(fields.statement)) {
    bad('statement', 'one line of RFC 3986 reserved/unreserved characters and spaces')
  }
  if (!isUri(fields.uri)) bad('uri', 'an absolute URI')
  if (!Number.isSafeInteger(fields.chainId) || fields.chainId < 1) bad('chainId', 'a positive integer')
  if (!/^[A-Za-z0-9]{8,}$/.test(fields.nonce)) bad('nonce', 'at least 8 alphanumerics')
  for (const resource of fields.resources ?? []) if (!isUri(resource)) bad('resources', 'absolute URIs')
  const lines = [`${fields.domain}${PREAMBLE}`, address, '']
  // ABNF: address LF LF [ statement LF ] LF "URI: " — without a statement two empty lines.
  if (fields.statement !== undefined) lines.push(fields.statement)
  lines.push(
    '',
    `URI: ${fields.uri}`,
    'Version: 1',
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${iso(fields.issuedAt, 'issuedAt', bad)}`,
  )
  if (fields.expirationTime)
    lines.push(`Expiration Time: ${iso(fields.expirationTime, 'expirationTime', bad)}`)
  if (fields.notBefore) lines.push(`Not Before: ${iso(fields.notBefore, 'notBefore', bad)}`)
  if (fields.resources && fields.resources.length > 0) {
    lines.push('Resources:', ...fields.resources.map((r) => `- ${r}`))
  }
  return lines.join('\n')
}

/** UTF-8 bytes of `text` as `0x` hex: what `Signer.signMessage` takes. */
export function utf8Hex(text: string): string {
  let hex = '0x'
  for (const byte of new TextEncoder().encode(text)) hex += byte.toString(16).padStart(2, '0')
  return hex
}

function isUri(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

function iso(date: Date, field: string, bad: (field: string, expected: string) => never): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return bad(field, 'a valid date')
  return date.toISOString()
}
