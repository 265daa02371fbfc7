import { getBytes, hashMessage, keccak256, Transaction, verifyMessage, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningService, type SigningService } from './service.js'
import { SoftAuthenticator } from './soft-authenticator.testutil.js'

const ORIGIN = 'http://wallet.localhost:5173'
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const unsignedTx = Transaction.from({
  type: 2,
  chainId: 49569,
  nonce: 0,
  to: ACCOUNT1,
  value: 1n,
  gasLimit: 21000,
  maxFeePerGas: 2n,
  maxPriorityFeePerGas: 1n,
}).unsignedSerialized

interface Running {
  service: SigningService
  url: string
  close(): Promise<void>
}

async function start(options: Partial<Parameters<typeof createSigningService>[0]> = {}): Promise<Running> {
  const service = createSigningService({ origin: ORIGIN, rpId: 'wallet.localhost', count: 2, ...options })
  const { url, close } = await service.listen()
  return { service, url, close }
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('signing service without user verification', () => {
  let s: Running
  beforeAll(async () => {
    s = await start({ requireUserVerification: false })
  })
  afterAll(() => s.close())

  it('lists its addresses and signs messages and transactions for them', async () => {
    expect(await (await fetch(`${s.url}/addresses`)).json()).toEqual({ addresses: [ACCOUNT0, ACCOUNT1] })
    const res = await post(`${s.url}/sign`, { kind: 'message', address: ACCOUNT1, payload: '0x68690a' })
    const { signature } = (await res.json()) as { signature: string }
    expect(verifyMessage(getBytes('0x68690a'), signature)).toBe(ACCOUNT1)
    const tx = (await (
      await post(`${s.url}/sign`, { kind: 'transaction', address: ACCOUNT0, payload: unsignedTx })
    ).json()) as {
      raw: string
    }
    expect(Transaction.from(tx.raw).from).toBe(ACCOUNT0)
    expect(Transaction.from(tx.raw).unsignedSerialized).toBe(unsignedTx)
  })

  it('refuses bad input with problem+json and signs nothing', async () => {
    const before = s.service.signatureCount
    const cases: [unknown, number, string][] = [
      [{ kind: 'message', address: Wallet.createRandom().address, payload: '0x00' }, 404, 'unknown_address'],
      [
        { kind: 'message', address: ACCOUNT0.replace('f39F', 'F39f'), payload: '0x00' },
        400,
        'invalid_address',
      ],
      [{ kind: 'message', address: ACCOUNT0, payload: 'hello' }, 422, 'invalid_payload'],
      [{ kind: 'nope', address: ACCOUNT0, payload: '0x00' }, 400, 'invalid_request'],
      [{ kind: 'transaction', address: ACCOUNT0, payload: '0x02c0' }, 422, 'invalid_payload'],
      [
        {
          kind: 'typedData',
          address: ACCOUNT0,
          payload: {
            types: { A: [{ name: 'x', type: 'uint8' }] },
            primaryType: 'A',
            domain: {},
            message: { x: 256 },
          },
        },
        422,
        'invalid_typed_data',
      ],
      [[1, 2], 400, 'invalid_request'],
    ]
    for (const [body, status, code] of cases) {
      const res = await post(`${s.url}/sign`, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(((await res.json()) as { code: string }).code).toBe(code)
    }
    const signed = (await (
      await post(`${s.url}/sign`, { kind: 'transaction', address: ACCOUNT0, payload: unsignedTx })
    ).json()) as { raw: string }
    const again = await post(`${s.url}/sign`, { kind: 'transaction', address: ACCOUNT0, payload: signed.raw })
    expect(((await again.json()) as { code: string }).code).toBe('already_signed')
    expect(s.service.signatureCount).toBe(before + 1)
    const notJson = await fetch(`${s.url}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(notJson.status).toBe(400)
    const big = await post(`${s.url}/sign`, {
      kind: 'message',
      address: ACCOUNT0,
      payload: `0x${'00'.repeat(300_000)}`,
    })
    expect(big.status).toBe(413)
  })

  it('answers the wallet origin with CORS and refuses any other origin outright', async () => {
    const ok = await fetch(`${s.url}/addresses`, { headers: { origin: ORIGIN } })
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const pre = await fetch(`${s.url}/sign`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(pre.status).toBe(204)
    const before = s.service.signatureCount
    const evil = await post(
      `${s.url}/sign`,
      { kind: 'message', address: ACCOUNT0, payload: '0x00' },
      { origin: 'http://evil.localhost' },
    )
    expect(evil.status).toBe(403)
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    expect((await fetch(`${s.url}/addresses`, { headers: { origin: 'http://evil.localhost' } })).status).toBe(
      403,
    )
    expect(s.service.signatureCount).toBe(before)
  })

  it('never answers or shows a key', async () => {
    const text = JSON.stringify(s.service) + String(s.service)
    expect(text).not.toMatch(/ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80/i)
    expect(text).not.toContain('test test')
  })
})

describe('signing service with passkeys', () => {
  let s: Running
  const auth = new SoftAuthenticator(ORIGIN)
  beforeAll(async () => {
    s = await start()
  })
  afterAll(() => s.close())

  async function challenge(address: string, kind: string, payloadHash: string) {
    const res = await post(`${s.url}/passkey/challenge`, { address, kind, payloadHash })
    return { status: res.status, body: (await res.json()) as never }
  }

  it('without a passkey: no challenge, no signature', async () => {
    expect((await challenge(ACCOUNT0, 'message', hashMessage(getBytes('0x01')))).status).toBe(404)
    const res = await post(`${s.url}/sign`, { kind: 'message', address: ACCOUNT0, payload: '0x01' })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('user_verification_required')
  })

  it('registers once (trust on first use), then signs exactly the payload the challenge was bound to', async () => {
    const options = await (await post(`${s.url}/passkey/register/options`, { address: ACCOUNT0 })).json()
    const response = await auth.create({ optionsJSON: options as never })
    const verified = await post(`${s.url}/passkey/register/verify`, { address: ACCOUNT0, response })
    expect(verified.status).toBe(200)
    expect(await verified.json()).toMatchObject({ verified: true })
    expect((await post(`${s.url}/passkey/register/options`, { address: ACCOUNT0 })).status).toBe(409)

    const payload = '0xcafe'
    const c = await challenge(ACCOUNT0, 'message', hashMessage(getBytes(payload)))
    expect(c.status).toBe(200)
    const assertion = await auth.get({ optionsJSON: c.body })
    const res = await post(`${s.url}/sign`, { kind: 'message', address: ACCOUNT0, payload, assertion })
    expect(res.status).toBe(200)
    expect(verifyMessage(getBytes(payload), ((await res.json()) as { signature: string }).signature)).toBe(
      ACCOUNT0,
    )

    // Single use: the same assertion again is refused.
    const replay = await post(`${s.url}/sign`, { kind: 'message', address: ACCOUNT0, payload, assertion })
    expect(replay.status).toBe(401)
  })

  it('refuses an assertion for another payload, kind or address, a failed UV, an expired challenge: nothing signed', async () => {
    const before = s.service.signatureCount
    const hash = hashMessage(getBytes('0x01'))
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'message', address: ACCOUNT0, payload: '0x02' }, 'message'], // payload swapped after the challenge
      [{ kind: 'transaction', address: ACCOUNT0, payload: unsignedTx }, 'message'],
    ]
    for (const [body, kind] of cases) {
      const c = await challenge(ACCOUNT0, kind, hash)
      const assertion = await auth.get({ optionsJSON: c.body })
      const res = await post(`${s.url}/sign`, { ...body, assertion })
      expect(res.status).toBe(401)
      expect(((await res.json()) as { code: string }).code).toBe('user_verification_failed')
    }
    auth.userVerified = false
    const c = await challenge(ACCOUNT0, 'transaction', keccak256(unsignedTx))
    const noUv = await auth.get({ optionsJSON: c.body })
    auth.userVerified = true
    const res = await post(`${s.url}/sign`, {
      kind: 'transaction',
      address: ACCOUNT0,
      payload: unsignedTx,
      assertion: noUv,
    })
    expect(res.status).toBe(401)
    const forged = {
      id: 'x',
      rawId: 'x',
      type: 'public-key',
      response: { clientDataJSON: 'e30' },
      clientExtensionResults: {},
    }
    expect(
      (
        await post(`${s.url}/sign`, {
          kind: 'message',
          address: ACCOUNT0,
          payload: '0x01',
          assertion: forged,
        })
      ).status,
    ).toBe(401)
    expect(s.service.signatureCount).toBe(before)
  })

  it('a challenge expires after its TTL', async () => {
    let now = 1_000
    const t = await start({ now: () => now, challengeTtlMs: 60_000 })
    try {
      const a = new SoftAuthenticator(ORIGIN)
      const options = await (await post(`${t.url}/passkey/register/options`, { address: ACCOUNT1 })).json()
      await post(`${t.url}/passkey/register/verify`, {
        address: ACCOUNT1,
        response: await a.create({ optionsJSON: options as never }),
      })
      const c = await (
        await post(`${t.url}/passkey/challenge`, {
          address: ACCOUNT1,
          kind: 'message',
          payloadHash: hashMessage(getBytes('0x01')),
        })
      ).json()
      const assertion = await a.get({ optionsJSON: c as never })
      now += 60_001
      const res = await post(`${t.url}/sign`, {
        kind: 'message',
        address: ACCOUNT1,
        payload: '0x01',
        assertion,
      })
      expect(res.status).toBe(401)
      expect(t.service.signatureCount).toBe(0)
    } finally {
      await t.close()
    }
  })
})
