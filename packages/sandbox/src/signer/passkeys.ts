import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server'
import { ApiProblem } from '../api/problem.js'

/** Options of {@link PasskeyRegistry}. */
export interface PasskeyRegistryOptions {
  rpId: string
  rpName: string
  /** Origins WebAuthn responses may come from (the wallet's). */
  origins: readonly string[]
  requireUserVerification: boolean
  challengeTtlMs: number
  now: () => number
}

interface SignChallenge {
  address: string
  kind: string
  payloadHash: string
  expires: number
}

const MAX_PENDING = 1000

/**
 * Passkeys of the signing service (WebAuthn Level 3 with @simplewebauthn/server): credentials per
 * address, registration challenges per address, and sign challenges bound to `address`, `kind` and the
 * payload digest, single-use and short-lived (a challenge is deleted before its assertion is checked, so
 * a failed attempt burns it too). In memory: the sandbox forgets passkeys on restart.
 * @see https://www.w3.org/TR/webauthn-3/#sctn-verifying-assertion
 */
export class PasskeyRegistry {
  readonly #credentials = new Map<string, WebAuthnCredential[]>()
  readonly #registrations = new Map<string, { challenge: string; expires: number }>()
  readonly #challenges = new Map<string, SignChallenge>()
  constructor(readonly options: PasskeyRegistryOptions) {}

  hasPasskey(address: string): boolean {
    return (this.#credentials.get(address)?.length ?? 0) > 0
  }

  /**
   * Creation options for `address`. Trust on first use: an address that has a passkey gets 409
   * `already_registered` (a real service authenticates the wallet session first).
   */
  async registrationOptions(address: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    if (this.hasPasskey(address))
      throw new ApiProblem(409, 'already_registered', 'this address already has a passkey')
    this.#sweep()
    const options = await generateRegistrationOptions({
      rpName: this.options.rpName,
      rpID: this.options.rpId,
      userName: address,
      attestationType: 'none',
      timeout: this.options.challengeTtlMs,
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      supportedAlgorithmIDs: [-7, -257],
    })
    this.#registrations.set(address, {
      challenge: options.challenge,
      expires: this.options.now() + this.options.challengeTtlMs,
    })
    return options
  }

  /** Verifies a registration response against the address's pending challenge (single use). */
  async register(address: string, response: RegistrationResponseJSON): Promise<{ credentialId: string }> {
    const pending = this.#registrations.get(address)
    this.#registrations.delete(address)
    if (!pending || pending.expires < this.options.now())
      throw new ApiProblem(
        400,
        'challenge_expired',
        'no pending registration for this address (or it expired)',
      )
    if (this.hasPasskey(address))
      throw new ApiProblem(409, 'already_registered', 'this address already has a passkey')
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: [...this.options.origins],
        expectedRPID: this.options.rpId,
        requireUserVerification: this.options.requireUserVerification,
      })
    } catch (e) {
      throw new ApiProblem(
        400,
        'registration_failed',
        e instanceof Error ? e.message.slice(0, 200) : 'invalid registration',
      )
    }
    if (!verified.verified) throw new ApiProblem(400, 'registration_failed', 'registration not verified')
    const { credential } = verified.registrationInfo
    this.#credentials.set(address, [...(this.#credentials.get(address) ?? []), credential])
    return { credentialId: credential.id }
  }

  /** Request options for one signature: the challenge is bound to address, kind and payload digest. */
  async challenge(
    address: string,
    kind: string,
    payloadHash: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const credentials = this.#credentials.get(address)
    if (!credentials?.length)
      throw new ApiProblem(404, 'passkey_not_registered', 'this address has no passkey')
    this.#sweep()
    if (this.#challenges.size >= MAX_PENDING)
      throw new ApiProblem(429, 'too_many_challenges', 'too many pending challenges', {
        headers: { 'retry-after': '60' },
      })
    const options = await generateAuthenticationOptions({
      rpID: this.options.rpId,
      allowCredentials: credentials.map((c) => ({
        id: c.id,
        ...(c.transports ? { transports: c.transports } : {}),
      })),
      userVerification: 'required',
      timeout: this.options.challengeTtlMs,
    })
    this.#challenges.set(options.challenge, {
      address,
      kind,
      payloadHash,
      expires: this.options.now() + this.options.challengeTtlMs,
    })
    return options
  }

  /**
   * Verifies `assertion` for exactly this signature. Any mismatch (unknown, expired or reused challenge,
   * another address, kind or payload, unknown credential, bad signature, no user verification) is 401
   * `user_verification_failed`.
   */
  async verify(
    assertion: unknown,
    expected: { address: string; kind: string; payloadHash: string },
  ): Promise<void> {
    const fail = (why: string) => new ApiProblem(401, 'user_verification_failed', why)
    const response = assertion as AuthenticationResponseJSON
    const challenge = challengeOf(response)
    const record = challenge === undefined ? undefined : this.#challenges.get(challenge)
    if (challenge === undefined || !record) throw fail('unknown or used challenge')
    this.#challenges.delete(challenge)
    if (record.expires < this.options.now()) throw fail('challenge expired')
    if (
      record.address !== expected.address ||
      record.kind !== expected.kind ||
      record.payloadHash !== expected.payloadHash
    )
      throw fail('challenge was issued for another signature')
    const credential = this.#credentials.get(expected.address)?.find((c) => c.id === response.id)
    if (!credential) throw fail('unknown credential for this address')
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: [...this.options.origins],
        expectedRPID: this.options.rpId,
        credential,
        requireUserVerification: this.options.requireUserVerification,
      })
    } catch (e) {
      throw fail(e instanceof Error ? e.message.slice(0, 200) : 'invalid assertion')
    }
    if (!result.verified) throw fail('assertion not verified')
    credential.counter = result.authenticationInfo.newCounter
  }

  #sweep(): void {
    const now = this.options.now()
    for (const [k, v] of this.#challenges) if (v.expires < now) this.#challenges.delete(k)
    for (const [k, v] of this.#registrations) if (v.expires < now) this.#registrations.delete(k)
  }
}

/** The challenge inside an assertion's clientDataJSON (base64url JSON), or undefined. */
function challengeOf(response: AuthenticationResponseJSON | undefined): string | undefined {
  try {
    const raw = response?.response?.clientDataJSON
    if (typeof raw !== 'string' || raw.length > 4096) return undefined
    const data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { challenge?: unknown }
    return typeof data.challenge === 'string' ? data.challenge : undefined
  } catch {
    return undefined
  }
}
