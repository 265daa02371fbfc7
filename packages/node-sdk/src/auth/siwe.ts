import { ParsedMessage } from '@spruceid/siwe-parser'
import { type Address, type Hex, verifyMessage } from 'viem'
import { SiweError } from '../errors.js'
import type { NonceStore } from '../stores/nonce-store.js'

/** Default lifetime of an issued nonce: 5 minutes. */
export const NONCE_TTL_MS = 5 * 60_000

/**
 * Issues a single-use nonce for an EIP-4361 message: 32 hex characters (128 random bits; the spec
 * asks ≥ 8 alphanumerics), remembered by `nonces` for `ttlMs`.
 *
 * @example
 * ```ts
 * const nonces = new MemoryNonceStore()
 * res.end(JSON.stringify({ nonce: await issueNonce(nonces) }))
 * ```
 */
export async function issueNonce(nonces: NonceStore, ttlMs: number = NONCE_TTL_MS): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const nonce = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  await nonces.add(nonce, ttlMs)
  return nonce
}

/** Options of {@link verifySiwe}. */
export interface VerifySiweOptions {
  /** The EIP-4361 message text, exactly as signed. */
  message: string
  /** The `personal_sign` signature (65 bytes for an EOA; any bytes for a contract wallet). */
  signature: Hex
  /** The expected `domain` (your site's host, e.g. `shop.example` or `localhost:8080`). */
  domain: string
  /** The expected `URI`, if you pin it (e.g. your login page or redirect URI). */
  uri?: string | undefined
  /** The expected `Chain ID`. */
  chainId: number
  /** Where nonces were issued ({@link issueNonce}); the message's nonce is consumed here once. */
  nonces: NonceStore
  /** The current time, ms (tests). Default `Date.now()`. */
  now?: number | undefined
  /** How far `Issued At` may be from now, either way, ms. Default 5 minutes. */
  maxAgeMs?: number | undefined
  /**
   * A viem `PublicClient` of the message's chain: also accepts contract wallets (EIP-1271) and
   * counterfactual ones (EIP-6492). Without it only EOA signatures verify.
   */
  client?: SiweSignatureVerifier | undefined
}

/**
 * What {@link VerifySiweOptions.client} needs of a viem `PublicClient` (which satisfies it as is):
 * its `verifyMessage`, which checks EOA, EIP-1271 and EIP-6492 signatures through the chain.
 */
export interface SiweSignatureVerifier {
  verifyMessage(args: { address: Address; message: string; signature: Hex }): Promise<boolean>
}

/** A verified sign-in. */
export interface SiweResult {
  /** The signer (EIP-55). */
  address: Address
  chainId: number
  domain: string
  uri: string
  nonce: string
  statement: string | undefined
  /** Issued-at, ms since the epoch. */
  issuedAt: number
  /** Expiry, ms since the epoch, if the message has one. */
  expiresAt: number | undefined
  resources: string[]
}

function time(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new SiweError('malformed', { details: `${field} is not a date` })
  return ms
}

/**
 * Verifies a Sign-In with Ethereum (EIP-4361) message and its signature: strict parse (ABNF of
 * `@spruceid/siwe-parser`: field order, EIP-55 address, nonce, RFC 3339 dates), then `domain`, `uri`,
 * `chainId`, issued-at within `maxAgeMs`, expiration and not-before, then the signature (viem: EOA, or
 * EIP-1271/6492 through `client`), and last the nonce, consumed once (so a forged message cannot burn
 * a user's nonce).
 *
 * @throws SiweError with the failed check as `reason`.
 * @example
 * ```ts
 * const { address } = await verifySiwe({ message, signature, domain: 'shop.example', chainId: 1, nonces })
 * ```
 * @see https://eips.ethereum.org/EIPS/eip-4361
 */
export async function verifySiwe(options: VerifySiweOptions): Promise<SiweResult> {
  const { message, signature } = options
  if (typeof message !== 'string' || message.length > 8_192) {
    throw new SiweError('malformed', { details: 'message is not a string of at most 8 KiB' })
  }
  if (typeof signature !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(signature)) {
    throw new SiweError('signature', { details: 'signature is not hex bytes' })
  }
  let parsed: ParsedMessage
  try {
    parsed = new ParsedMessage(message)
  } catch (error) {
    const first = error instanceof Error ? error.message.split('\n')[0] : undefined
    throw new SiweError('malformed', { details: first, cause: error })
  }
  if (parsed.domain !== options.domain) {
    throw new SiweError('domain', { details: `domain ${parsed.domain} is not ${options.domain}` })
  }
  if (options.uri !== undefined && parsed.uri !== options.uri) {
    throw new SiweError('uri', { details: `uri ${parsed.uri} is not ${options.uri}` })
  }
  if (parsed.chainId !== options.chainId) {
    throw new SiweError('chain', { details: `chain ${parsed.chainId} is not ${options.chainId}` })
  }
  const now = options.now ?? Date.now()
  const maxAge = options.maxAgeMs ?? 5 * 60_000
  const issuedAt = time(parsed.issuedAt, 'Issued At') ?? Number.NaN
  const expiresAt = time(parsed.expirationTime, 'Expiration Time')
  const notBefore = time(parsed.notBefore, 'Not Before')
  if (expiresAt !== undefined && expiresAt <= now) {
    throw new SiweError('expired', { details: `expired at ${parsed.expirationTime}` })
  }
  if (notBefore !== undefined && notBefore > now) {
    throw new SiweError('not_yet_valid', { details: `not before ${parsed.notBefore}` })
  }
  if (!(Math.abs(now - issuedAt) <= maxAge)) {
    throw new SiweError('issued_at', { details: `issued at ${parsed.issuedAt}, outside ±${maxAge} ms` })
  }
  const address = parsed.address as Address
  const check = { address, message, signature }
  let valid: boolean
  try {
    valid = options.client ? await options.client.verifyMessage(check) : await verifyMessage(check)
  } catch (error) {
    throw new SiweError('signature', { details: 'signature could not be checked', cause: error })
  }
  if (!valid) throw new SiweError('signature', { details: `not signed by ${address}` })
  if (!(await options.nonces.consume(parsed.nonce))) {
    throw new SiweError('nonce', { details: 'nonce unknown, expired or already used' })
  }
  return {
    address,
    chainId: parsed.chainId,
    domain: parsed.domain,
    uri: parsed.uri,
    nonce: parsed.nonce,
    statement: parsed.statement,
    issuedAt,
    expiresAt,
    resources: parsed.resources ?? [],
  }
}
