import { TimeoutError, UserRejectedError } from '@chainless/protocol'
import { getBytes, Transaction, verifyMessage, verifyTypedData } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The sandbox's service and test authenticator (same owner): the real HTTP protocol end to end.
import { createSigningService } from '../../../../sandbox/src/signer/service.js'
import { SoftAuthenticator } from '../../../../sandbox/src/signer/soft-authenticator.testutil.js'
import { SignerError } from './errors.js'
import { ServiceError } from './http.js'
import { passkeyGate, registerPasskey } from './passkey.js'
import { RemoteSigner } from './remote.js'

const ORIGIN = 'http://wallet.localhost:5173'
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const unsignedTx = Transaction.from({
  type: 2,
  chainId: 49569,
  nonce: 3,
  to: ACCOUNT1,
  value: 5n,
  gasLimit: 21000,
  maxFeePerGas: 2n,
  maxPriorityFeePerGas: 1n,
}).unsignedSerialized
const typedData = {
  types: { Hello: [{ name: 'who', type: 'address' }] },
  primaryType: 'Hello',
  domain: { name: 'T', chainId: 49569 },
  message: { who: ACCOUNT1 },
}

const fakeFetch =
  (answer: (url: string, init: RequestInit) => Response | Promise<Response>): typeof fetch =>
  async (input, init) =>
    answer(String(input), init ?? {})
const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ type: `urn:x:${code}`, title: 'x', status, code, detail: 'nope' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })

describe('RemoteSigner against the sandbox signing service', () => {
  let url: string
  let close: () => Promise<void>
  let passkeyUrl: string
  let closePasskey: () => Promise<void>
  beforeAll(async () => {
    ;({ url, close } = await createSigningService({
      origin: ORIGIN,
      count: 2,
      requireUserVerification: false,
    }).listen())
    ;({ url: passkeyUrl, close: closePasskey } = await createSigningService({
      origin: ORIGIN,
      rpId: 'wallet.localhost',
      count: 2,
    }).listen())
  })
  afterAll(async () => {
    await close()
    await closePasskey()
  })

  it('gets addresses and signs a message, typed data and a transaction', async () => {
    const signer = new RemoteSigner({ url: `${url}/` })
    expect(await signer.getAddresses()).toEqual([ACCOUNT0, ACCOUNT1])
    expect(
      verifyMessage(getBytes('0x0102'), await signer.signMessage({ address: ACCOUNT0, message: '0x0102' })),
    ).toBe(ACCOUNT0)
    const sig = await signer.signTypedData({ address: ACCOUNT1, typedData })
    expect(verifyTypedData(typedData.domain, typedData.types, typedData.message, sig)).toBe(ACCOUNT1)
    const raw = await signer.signTransaction({ address: ACCOUNT1, transaction: unsignedTx })
    expect(Transaction.from(raw).from).toBe(ACCOUNT1)
    expect(JSON.stringify(signer)).toBe(JSON.stringify({ kind: 'remote', url }))
  })

  it('maps the service refusals to SignerError with the problem code', async () => {
    const signer = new RemoteSigner({ url })
    const e = await signer
      .signMessage({ address: '0x0000000000000000000000000000000000000001', message: '0x00' })
      .catch((x) => x)
    expect(e).toBeInstanceOf(ServiceError)
    expect(e).toBeInstanceOf(SignerError)
    expect((e as ServiceError).problem).toMatchObject({ status: 404, code: 'unknown_address' })
  })

  it('with a passkey gate: registers, signs with user verification; a failed verification signs nothing', async () => {
    const auth = new SoftAuthenticator(ORIGIN)
    const opts = {
      url: passkeyUrl,
      startAuthentication: auth.get.bind(auth),
      startRegistration: auth.create.bind(auth),
    }
    expect(await registerPasskey({ ...opts, address: ACCOUNT0 })).toMatchObject({
      credentialId: expect.any(String),
    })
    const signer = new RemoteSigner({ url: passkeyUrl, userVerification: passkeyGate(opts) })
    const raw = await signer.signTransaction({ address: ACCOUNT0, transaction: unsignedTx })
    expect(Transaction.from(raw).from).toBe(ACCOUNT0)
    const sig = await signer.signTypedData({ address: ACCOUNT0, typedData })
    expect(verifyTypedData(typedData.domain, typedData.types, typedData.message, sig)).toBe(ACCOUNT0)

    auth.userVerified = false
    const e = await signer.signMessage({ address: ACCOUNT0, message: '0x01' }).catch((x) => x)
    expect(e).toBeInstanceOf(SignerError)
    expect((e as ServiceError).problem).toMatchObject({ status: 401, code: 'user_verification_failed' })
    auth.userVerified = true

    const cancelled = passkeyGate({
      url: passkeyUrl,
      startAuthentication: async () => {
        throw Object.assign(new Error('The operation either timed out or was not allowed.'), {
          name: 'NotAllowedError',
        })
      },
    })
    const c = await new RemoteSigner({ url: passkeyUrl, userVerification: cancelled })
      .signMessage({ address: ACCOUNT0, message: '0x01' })
      .catch((x) => x)
    expect(c).toBeInstanceOf(UserRejectedError)
    expect(c.code).toBe(4001)
  })
})

describe('RemoteSigner with a fake service', () => {
  it('times out with TimeoutError 4080', async () => {
    const hang: typeof fetch = (_u, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )
    const e = await new RemoteSigner({ url: 'http://x.test', fetch: hang, timeoutMs: 20 })
      .getAddresses()
      .catch((x) => x)
    expect(e).toBeInstanceOf(TimeoutError)
    expect(e.code).toBe(4080)
  })

  it('an abort of the caller is a SignerError, not a timeout', async () => {
    const hang: typeof fetch = (_u, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )
    const c = new AbortController()
    const p = new RemoteSigner({ url: 'http://x.test', fetch: hang }).signMessage({
      address: ACCOUNT0,
      message: '0x00',
      signal: c.signal,
    })
    c.abort()
    expect(((await p.catch((x) => x)) as SignerError).reason).toBe('aborted')
  })

  it('refuses malformed answers: no signature, short signature, bad addresses, non-JSON, network errors', async () => {
    const answers: [Response | Error, 'sign' | 'addresses', string][] = [
      [Response.json({}), 'sign', 'invalid_response'],
      [Response.json({ signature: '0x1234' }), 'sign', 'invalid_response'],
      [new Response('<html>'), 'sign', 'invalid_response'],
      [Response.json({ addresses: ['0xnope'] }), 'addresses', 'invalid_address'],
      [Response.json({ addresses: 'x' }), 'addresses', 'invalid_response'],
      [new Response('x'.repeat(300_000)), 'addresses', 'invalid_response'],
      [new Response('oops', { status: 502 }), 'addresses', 'service_error'],
      [problem(401, 'user_verification_failed'), 'sign', 'user_verification_failed'],
      [new TypeError('fetch failed'), 'addresses', 'service_unavailable'],
    ]
    for (const [answer, what, reason] of answers) {
      const signer = new RemoteSigner({
        url: 'http://x.test',
        fetch: fakeFetch(() => {
          if (answer instanceof Error) throw answer
          return answer.clone()
        }),
      })
      const p =
        what === 'sign' ? signer.signMessage({ address: ACCOUNT0, message: '0x00' }) : signer.getAddresses()
      const e = await p.catch((x) => x)
      expect(e, reason).toBeInstanceOf(SignerError)
      expect((e as SignerError).reason).toBe(reason)
    }
  })

  it('sends the protocol request: method, path, JSON body, headers (function form), no credentials', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const signer = new RemoteSigner({
      url: 'http://x.test/api',
      headers: async () => ({ authorization: 'Bearer t' }),
      fetch: fakeFetch((u, init) => {
        seen.push({ url: u, init })
        return Response.json({ signature: `0x${'11'.repeat(65)}` })
      }),
    })
    await signer.signMessage({ address: ACCOUNT0.toLowerCase(), message: '0xab' })
    const first = seen[0] as { url: string; init: RequestInit }
    expect(first.url).toBe('http://x.test/api/sign')
    expect(first.init.method).toBe('POST')
    expect(first.init.credentials).toBe('omit')
    expect((first.init.headers as Record<string, string>).authorization).toBe('Bearer t')
    expect(JSON.parse(String(first.init.body))).toEqual({
      kind: 'message',
      address: ACCOUNT0,
      payload: '0xab',
    })
  })

  it('rejects bad options and bad addresses before any request', async () => {
    expect(() => new RemoteSigner({ url: 'ftp://x' })).toThrow(SignerError)
    expect(() => new RemoteSigner({ url: 'http://x', timeoutMs: 0 })).toThrow(SignerError)
    let called = false
    const signer = new RemoteSigner({
      url: 'http://x.test',
      fetch: fakeFetch(() => {
        called = true
        return Response.json({})
      }),
    })
    const bad = ACCOUNT0.replace('f39F', 'F39f')
    expect(
      ((await signer.signMessage({ address: bad, message: '0x00' }).catch((x) => x)) as SignerError).reason,
    ).toBe('invalid_address')
    expect(called).toBe(false)
  })
})
