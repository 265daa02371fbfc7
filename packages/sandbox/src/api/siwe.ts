/**
 * Sign-In with Ethereum (EIP-4361) verification for the wallet session and the authorization consent.
 * Parsed strictly by the EIP's ABNF (`@spruceid/siwe-parser`: field order, EIP-55 address, nonce, RFC
 * 3339 dates that exist, RFC 3986 URI) before anything else, then checked field by field; the signature
 * last but one and the nonce last, so that only the key's holder can burn a nonce.
 * @see https://eips.ethereum.org/EIPS/eip-4361
 * @module
 */
import { ChainlessError } from '@chainless/protocol'
import { isEIP55Address, ParsedMessage } from '@spruceid/siwe-parser'
import { verifyMessage } from 'ethers'

/** Why a SIWE message was refused. */
export type SiweFailure =
  | 'malformed'
  | 'address'
  | 'domain'
  | 'uri'
  | 'chain_id'
  | 'version'
  | 'nonce'
  | 'issued_at'
  | 'expired'
  | 'not_yet_valid'
  | 'resources'
  | 'signature'

/**
 * A refused SIWE message; `reason` says which check failed. The routes answer it as problem 401
 * `invalid_siwe` (wallet session) or OAuth 400 `invalid_grant` (authorization).
 */
export class SiweError extends ChainlessError {
  override name = 'SiweError'
  readonly reason: SiweFailure
  constructor(reason: SiweFailure, message: string, options: { details?: string; cause?: unknown } = {}) {
    super(message, { ...options, docsPath: 'packages/sandbox#wallet-auth' })
    this.reason = reason
  }
}

/** What a message must say. */
export interface SiweExpectations {
  /** RFC 3986 authority the message must name (`domain`), e.g. `localhost:8081`. */
  domain: string
  /** The `uri`: equal to this string (`exact`) or on its origin (`origin`). */
  uri: string
  uriMatch: 'exact' | 'origin'
  chainId: number
  /** The signer, when known (compared case-insensitively). */
  address?: string
  /** The exact `resources`, in any order (no more, no fewer, no duplicates). */
  resources?: readonly string[]
}

/** Input of {@link verifySiwe}. */
export interface VerifySiweInput {
  message: string
  signature: string
  expected: SiweExpectations
  /** Clock, ms. */
  now: number
  /** Consumes a nonce we issued: true once (atomic), false when unknown, used or expired. */
  consumeNonce(nonce: string): boolean
}

/** Largest message accepted (the grammar's parser is not meant for megabytes). */
export const MAX_SIWE_BYTES = 8192
/** Issued-at may be this far from the platform's clock either way: 5 minutes. */
export const ISSUED_AT_WINDOW_MS = 5 * 60_000

const fail = (reason: SiweFailure, message: string, details?: string): never => {
  throw new SiweError(reason, message, details === undefined ? {} : { details })
}

// The parser checks that the date exists (2026-02-30 is refused); this turns it into ms.
const time = (value: string, field: string): number => {
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : fail('malformed', `Bad ${field}`)
}

/**
 * Parses `message` strictly and checks it against `expected`, the clock, the signature and our nonces.
 * Returns the parsed message.
 * @throws {SiweError} whatever the input: nothing else escapes
 *
 * @example
 * ```ts
 * const siwe = verifySiwe({ message, signature, now: Date.now(), consumeNonce: (n) => consumeSiweNonce(store, n),
 *   expected: { domain: 'localhost:8081', uri: 'http://localhost:8081', uriMatch: 'origin', chainId: 49569 } })
 * ```
 */
export function verifySiwe(input: VerifySiweInput): ParsedMessage {
  const { message, signature, expected, now } = input
  if (typeof message !== 'string' || Buffer.byteLength(message) > MAX_SIWE_BYTES)
    fail('malformed', 'Message too long or not a string')
  let siwe: ParsedMessage
  try {
    siwe = new ParsedMessage(message)
  } catch (e) {
    // The parser reports grammar failures as a dump of its state: kept as the cause only.
    throw new SiweError('malformed', 'Not an EIP-4361 message', { cause: e })
  }
  if (!isEIP55Address(siwe.address)) fail('address', 'Address is not EIP-55')
  if (expected.address !== undefined && siwe.address.toLowerCase() !== expected.address.toLowerCase())
    fail('address', 'Message is not for this account')
  if (siwe.domain !== expected.domain) fail('domain', `Domain must be ${expected.domain}`)
  if (siwe.scheme !== undefined && `${siwe.scheme}:` !== new URL(expected.uri).protocol)
    fail('domain', 'Scheme does not match')
  if (expected.uriMatch === 'exact' ? siwe.uri !== expected.uri : !sameOrigin(siwe.uri, expected.uri))
    fail('uri', `URI must be ${expected.uri}`)
  if (siwe.version !== '1') fail('version', 'Version must be 1')
  if (siwe.chainId !== expected.chainId) fail('chain_id', `Chain id must be ${expected.chainId}`)
  if (!/^[A-Za-z0-9]{8,}$/.test(siwe.nonce)) fail('nonce', 'Nonce must be at least 8 alphanumerics')
  if (Math.abs(time(siwe.issuedAt, 'issued-at') - now) > ISSUED_AT_WINDOW_MS)
    fail('issued_at', 'Issued-at is more than 5 minutes away')
  if (siwe.expirationTime !== undefined && time(siwe.expirationTime, 'expiration-time') <= now)
    fail('expired', 'Message expired')
  if (siwe.notBefore !== undefined && time(siwe.notBefore, 'not-before') > now)
    fail('not_yet_valid', 'Message not valid yet')
  if (expected.resources !== undefined && !sameSet(siwe.resources ?? [], expected.resources))
    fail('resources', 'Resources must be exactly the requested scopes')
  let signer: string
  try {
    signer = verifyMessage(message, signature)
  } catch (e) {
    throw new SiweError('signature', 'Bad signature', { cause: e })
  }
  if (signer !== siwe.address) fail('signature', 'Signature is not by the address')
  if (!input.consumeNonce(siwe.nonce)) fail('nonce', 'Nonce unknown, expired or already used')
  return siwe
}

function sameOrigin(uri: string, origin: string): boolean {
  try {
    return new URL(uri).origin === new URL(origin).origin
  } catch {
    return false
  }
}

function sameSet(actual: readonly string[], expected: readonly string[]): boolean {
  const set = new Set(actual)
  return set.size === actual.length && actual.length === expected.length && expected.every((r) => set.has(r))
}
