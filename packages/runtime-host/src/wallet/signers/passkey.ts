import { UserRejectedError } from '@chainless/protocol'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser'
import { startAuthentication, startRegistration } from '@simplewebauthn/browser'
import { getAddress } from 'ethers'
import { SignerError } from './errors.js'
import { type HeadersOption, requestJson, trimUrl } from './http.js'
import { payloadHash, type SignKind } from './payload-hash.js'

/**
 * User verification before a remote signature: produces a WebAuthn assertion over a challenge the
 * signing service bound to `address`, `kind` and the payload's digest. The {@link RemoteSigner} sends
 * it with the sign request; the service verifies it and signs only that payload.
 */
export interface PasskeyGate {
  /**
   * Asks the user to verify with their passkey for this one signature.
   * @throws {UserRejectedError} 4001 when the user cancels (or no passkey answers).
   */
  verify(request: {
    address: string
    kind: SignKind
    payload: unknown
    signal?: AbortSignal
  }): Promise<AuthenticationResponseJSON>
}

/** Options of {@link passkeyGate} and {@link registerPasskey}. */
export interface PasskeyOptions {
  /** Base URL of the signing service (same as the RemoteSigner's). */
  url: string
  fetch?: typeof fetch
  headers?: HeadersOption
  /** Per HTTP request (the WebAuthn prompt has its own timeout, set by the service). Default 60 s. */
  timeoutMs?: number
  /** Injection point for tests and non-browser hosts; default @simplewebauthn/browser's. */
  startAuthentication?: typeof startAuthentication
  startRegistration?: typeof startRegistration
}

/** WebAuthn failures that mean "the user did not verify": cancelled, timed out, no matching passkey. */
function isCancel(e: unknown): boolean {
  const err = e as { name?: unknown; code?: unknown; cause?: { name?: unknown } } | null
  const name = err?.cause?.name ?? err?.name
  return name === 'NotAllowedError' || name === 'AbortError' || err?.code === 'ERROR_CEREMONY_ABORTED'
}

function webAuthnFailure(e: unknown, what: string): Error {
  if (isCancel(e)) return new UserRejectedError('User verification cancelled', undefined, { details: what })
  return new SignerError('webauthn_failed', `Passkey ${what} failed`, {
    details: e instanceof Error ? e.message.slice(0, 200) : undefined,
  })
}

/**
 * A passkey gate: before each signature, `POST {url}/passkey/challenge { address, kind, payloadHash }`
 * answers WebAuthn request options; the browser asks the user (`navigator.credentials.get` through
 * @simplewebauthn/browser) and the assertion goes with the sign request.
 *
 * @example
 * ```ts
 * const url = 'http://127.0.0.1:8790'
 * await registerPasskey({ url, address })                    // once per account
 * const signer = new RemoteSigner({ url, userVerification: passkeyGate({ url }) })
 * ```
 */
export function passkeyGate(options: PasskeyOptions): PasskeyGate {
  const base = trimUrl(options.url)
  const authenticate = options.startAuthentication ?? startAuthentication
  return {
    async verify({ address, kind, payload, signal }) {
      const hash = payloadHash(kind, payload)
      const optionsJSON = (await requestJson(
        `${base}/passkey/challenge`,
        { method: 'POST', body: { address: checksum(address), kind, payloadHash: hash } },
        http(options, signal),
      )) as unknown as PublicKeyCredentialRequestOptionsJSON
      if (typeof optionsJSON.challenge !== 'string')
        throw new SignerError('invalid_response', 'Signing service sent no WebAuthn challenge')
      try {
        return await authenticate({ optionsJSON })
      } catch (e) {
        throw webAuthnFailure(e, 'verification')
      }
    },
  }
}

/**
 * Registers a passkey for `address` with the signing service (`/passkey/register/options`, the
 * browser's `navigator.credentials.create`, `/passkey/register/verify`). Resolves with the credential id.
 *
 * @throws {UserRejectedError} 4001 when the user cancels; {@link SignerError} when the service refuses.
 * @example
 * ```ts
 * const { credentialId } = await registerPasskey({ url: 'http://127.0.0.1:8790', address })
 * ```
 */
export async function registerPasskey(
  options: PasskeyOptions & { address: string; signal?: AbortSignal },
): Promise<{ credentialId: string }> {
  const base = trimUrl(options.url)
  const register = options.startRegistration ?? startRegistration
  const address = checksum(options.address)
  const optionsJSON = (await requestJson(
    `${base}/passkey/register/options`,
    { method: 'POST', body: { address } },
    http(options, options.signal),
  )) as unknown as PublicKeyCredentialCreationOptionsJSON
  let response: RegistrationResponseJSON
  try {
    response = await register({ optionsJSON })
  } catch (e) {
    throw webAuthnFailure(e, 'registration')
  }
  const result = await requestJson(
    `${base}/passkey/register/verify`,
    { method: 'POST', body: { address, response } },
    http(options, options.signal),
  )
  if (result.verified !== true)
    throw new SignerError('registration_failed', 'Passkey registration was not verified')
  return { credentialId: response.id }
}

function http(options: PasskeyOptions, signal: AbortSignal | undefined) {
  return {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? 60_000,
    signal,
  }
}

function checksum(address: unknown): string {
  try {
    return getAddress(String(address))
  } catch {
    throw new SignerError('invalid_address', 'Invalid address', { details: String(address).slice(0, 64) })
  }
}
