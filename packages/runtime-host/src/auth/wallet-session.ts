/**
 * The wallet's session with the platform (DESIGN: "Flows" → "Wallet session"): a nonce, an EIP-4361
 * message for the wallet's own origin signed by the account, exchanged for an opaque bearer token
 * (1 h). Cached per account until a minute before it expires; concurrent callers share one sign-in.
 * @see https://eips.ethereum.org/EIPS/eip-4361
 */
import { getAddress } from 'ethers'
import type { Signer } from '../wallet/signers/signer.js'
import { AuthPlatformError, type PlatformClient } from './platform.js'
import { siweMessage, utf8Hex } from './siwe-message.js'

/** A session is renewed when less than this remains: 1 minute. */
export const SESSION_RENEW_MS = 60_000
/** How long the signed sign-in message itself is valid: 5 minutes. */
export const SIWE_VALIDITY_MS = 5 * 60_000

/** @internal What a {@link WalletSession} needs. */
export interface WalletSessionDeps {
  platform: PlatformClient
  signer: Signer
  /** The wallet's origin (`https://wallet.example`): the message's domain is its host, its URI the origin. */
  origin: string
  /** The chain the platform runs (the wallet's current chain). */
  chainId: () => number
  now?: () => number
}

interface Session {
  token: string
  expiresAt: number
}

/**
 * Signs the wallet in to the platform and keeps the bearer token, per account.
 *
 * @example
 * ```ts
 * const session = new WalletSession({ platform, signer, origin: location.origin, chainId: () => 31337 })
 * const bearer = await session.token(account)
 * ```
 */
export class WalletSession {
  readonly #deps: WalletSessionDeps
  readonly #sessions = new Map<string, Session>()
  readonly #signingIn = new Map<string, Promise<Session>>()

  constructor(deps: WalletSessionDeps) {
    this.#deps = deps
  }

  /** A live session token for `account` (signs in when none or under a minute left). */
  async token(account: string, signal?: AbortSignal): Promise<string> {
    const address = getAddress(account)
    const now = this.#now()
    const cached = this.#sessions.get(address)
    if (cached && cached.expiresAt - now > SESSION_RENEW_MS) return cached.token
    let pending = this.#signingIn.get(address)
    if (!pending) {
      // Shared by every caller (apps, the tracker): one caller going away does not abort it.
      pending = this.#signIn(address).finally(() => this.#signingIn.delete(address))
      this.#signingIn.set(address, pending)
    }
    return (await untilAborted(pending, signal)).token
  }

  /** Forgets the session of `account` (every account when omitted): the next call signs in again. */
  forget(account?: string): void {
    if (account === undefined) this.#sessions.clear()
    else this.#sessions.delete(getAddress(account))
  }

  /**
   * The EIP-4361 message of a signature by `address`, for `origin`'s host and `uri`, with a fresh
   * platform nonce; valid 5 minutes.
   * @internal shared with the app authorization
   */
  async signedMessage(
    fields: {
      address: string
      domain: string
      uri: string
      statement?: string
      resources?: readonly string[]
    },
    signal?: AbortSignal,
  ): Promise<{ message: string; signature: string }> {
    const { nonce } = await this.#deps.platform.call<{ nonce: string }>('GET', '/api/v1/wallet/nonce', {
      signal,
    })
    const issuedAt = new Date(this.#now())
    const message = siweMessage({
      ...fields,
      chainId: this.#deps.chainId(),
      nonce,
      issuedAt,
      expirationTime: new Date(issuedAt.getTime() + SIWE_VALIDITY_MS),
    })
    const signature = await this.#deps.signer.signMessage({
      address: fields.address,
      message: utf8Hex(message),
      ...(signal ? { signal } : {}),
    })
    return { message, signature }
  }

  async #signIn(address: string): Promise<Session> {
    const origin = new URL(this.#deps.origin)
    const signed = await this.signedMessage(
      {
        address,
        domain: origin.host,
        uri: origin.origin,
        statement: 'Sign in to the Chainless platform with this wallet.',
      },
      undefined,
    )
    const answer = await this.#deps.platform.call<{ token: string; address: string; expiresAt: unknown }>(
      'POST',
      '/api/v1/wallet/session',
      { json: signed },
    )
    if (typeof answer?.token !== 'string' || answer.token === '') {
      throw new AuthPlatformError('invalid_session_response', 200)
    }
    const session = { token: answer.token, expiresAt: toMs(answer.expiresAt, this.#now()) }
    this.#sessions.set(address, session)
    return session
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)()
  }
}

/** `expiresAt` as ms since the epoch: ms, seconds or an ISO date; unreadable → 1 h from `now` less margin. */
export function toMs(value: unknown, now: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms)) return ms
  }
  return now + 55 * 60_000
}

/** `promise`, or the abort reason as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
