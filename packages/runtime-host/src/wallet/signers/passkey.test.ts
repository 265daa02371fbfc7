import { UserRejectedError } from '@chainless/protocol'
import { describe, expect, it } from 'vitest'
import type { SignerError } from './errors.js'
import { passkeyGate, registerPasskey } from './passkey.js'
import { payloadHash } from './payload-hash.js'

const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const options = {
  challenge: 'abc',
  rpId: 'wallet.localhost',
  allowCredentials: [],
  userVerification: 'required',
}

function service(answers: Record<string, unknown>) {
  const seen: { path: string; body: unknown }[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const path = new URL(String(input)).pathname
    seen.push({ path, body: JSON.parse(String(init?.body)) })
    return Response.json(answers[path] ?? {})
  }
  return { seen, fetch }
}

describe('passkeyGate', () => {
  it('asks for a challenge bound to address, kind and the payload digest, then asserts it', async () => {
    const s = service({ '/passkey/challenge': options })
    let asked: unknown
    const gate = passkeyGate({
      url: 'http://x.test',
      fetch: s.fetch,
      startAuthentication: async (o) => {
        asked = o.optionsJSON
        return { id: 'c', rawId: 'c', type: 'public-key', response: {}, clientExtensionResults: {} } as never
      },
    })
    const assertion = await gate.verify({
      address: ACCOUNT0.toLowerCase(),
      kind: 'message',
      payload: '0x6869',
    })
    expect(assertion).toMatchObject({ id: 'c' })
    expect(asked).toEqual(options)
    expect(s.seen).toEqual([
      {
        path: '/passkey/challenge',
        body: { address: ACCOUNT0, kind: 'message', payloadHash: payloadHash('message', '0x6869') },
      },
    ])
  })

  it('cancel → 4001; other WebAuthn failures and challenge-less answers → SignerError; bad payload → nothing asked', async () => {
    const s = service({ '/passkey/challenge': options })
    const fail = (e: Error) =>
      passkeyGate({
        url: 'http://x.test',
        fetch: s.fetch,
        startAuthentication: async () => Promise.reject(e),
      })
    const notAllowed = Object.assign(new Error('x'), { name: 'NotAllowedError' })
    const wrapped = Object.assign(new Error('y'), {
      code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
      cause: notAllowed,
    })
    for (const e of [notAllowed, wrapped])
      expect(
        await fail(e)
          .verify({ address: ACCOUNT0, kind: 'message', payload: '0x00' })
          .catch((x) => x),
      ).toBeInstanceOf(UserRejectedError)
    const other = await fail(Object.assign(new Error('z'), { name: 'SecurityError' }))
      .verify({ address: ACCOUNT0, kind: 'message', payload: '0x00' })
      .catch((x) => x)
    expect((other as SignerError).reason).toBe('webauthn_failed')
    const empty = service({})
    const none = await passkeyGate({ url: 'http://x.test', fetch: empty.fetch })
      .verify({ address: ACCOUNT0, kind: 'message', payload: '0x00' })
      .catch((x) => x)
    expect((none as SignerError).reason).toBe('invalid_response')
    const before = s.seen.length
    const bad = await fail(notAllowed)
      .verify({ address: ACCOUNT0, kind: 'transaction', payload: 'zz' })
      .catch((x) => x)
    expect((bad as SignerError).reason).toBe('invalid_payload')
    expect(s.seen.length).toBe(before)
  })
})

describe('registerPasskey', () => {
  it('runs options → create → verify and refuses an unverified answer', async () => {
    const s = service({
      '/passkey/register/options': { challenge: 'r' },
      '/passkey/register/verify': { verified: true },
    })
    const startRegistration = async () =>
      ({ id: 'cred', rawId: 'cred', type: 'public-key', response: {}, clientExtensionResults: {} }) as never
    expect(
      await registerPasskey({ url: 'http://x.test', fetch: s.fetch, address: ACCOUNT0, startRegistration }),
    ).toEqual({ credentialId: 'cred' })
    expect(s.seen.map((x) => x.path)).toEqual(['/passkey/register/options', '/passkey/register/verify'])
    const no = service({
      '/passkey/register/options': { challenge: 'r' },
      '/passkey/register/verify': { verified: false },
    })
    const e = await registerPasskey({
      url: 'http://x.test',
      fetch: no.fetch,
      address: ACCOUNT0,
      startRegistration,
    }).catch((x) => x)
    expect((e as SignerError).reason).toBe('registration_failed')
  })
})
