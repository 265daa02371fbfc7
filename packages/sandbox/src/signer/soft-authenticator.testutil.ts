import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { isoCBOR } from '@simplewebauthn/server/helpers'

const b64url = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64url')
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest()

/**
 * A software WebAuthn authenticator for node tests (ES256, `none` attestation): what Chromium's
 * virtual authenticator does in the e2e, by hand. `userVerified: false` models a failed biometric.
 * @see https://www.w3.org/TR/webauthn-3/#sctn-authenticator-data
 */
export class SoftAuthenticator {
  readonly #key: KeyObject
  readonly #publicJwk: { x: string; y: string }
  readonly credentialId = randomBytes(16)
  userVerified = true
  #counter = 0

  constructor(readonly origin: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.#key = privateKey
    this.#publicJwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string }
  }

  #authData(rpId: string, attested: boolean): Buffer {
    const flags = 0x01 | (this.userVerified ? 0x04 : 0) | (attested ? 0x40 : 0)
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(++this.#counter)
    const parts = [sha256(rpId), Buffer.from([flags]), counter]
    if (attested) {
      const cose = new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.#publicJwk.x, 'base64url')],
        [-3, Buffer.from(this.#publicJwk.y, 'base64url')],
      ])
      const len = Buffer.alloc(2)
      len.writeUInt16BE(this.credentialId.length)
      parts.push(Buffer.alloc(16), len, this.credentialId, Buffer.from(isoCBOR.encode(cose)))
    }
    return Buffer.concat(parts)
  }

  /** `navigator.credentials.create` for these options. */
  async create({
    optionsJSON,
  }: {
    optionsJSON: PublicKeyCredentialCreationOptionsJSON
  }): Promise<RegistrationResponseJSON> {
    const rpId = optionsJSON.rp.id ?? new URL(this.origin).hostname
    const clientData = JSON.stringify({
      type: 'webauthn.create',
      challenge: optionsJSON.challenge,
      origin: this.origin,
      crossOrigin: false,
    })
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', this.#authData(rpId, true)],
      ]) as never,
    )
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(Buffer.from(clientData)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    }
  }

  /** `navigator.credentials.get` for these options. */
  async get({
    optionsJSON,
  }: {
    optionsJSON: PublicKeyCredentialRequestOptionsJSON
  }): Promise<AuthenticationResponseJSON> {
    const rpId = optionsJSON.rpId ?? new URL(this.origin).hostname
    const clientData = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: optionsJSON.challenge,
        origin: this.origin,
        crossOrigin: false,
      }),
    )
    const authData = this.#authData(rpId, false)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.#key)
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
    }
  }
}
