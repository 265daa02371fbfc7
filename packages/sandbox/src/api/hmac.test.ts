import { describe, expect, it } from 'vitest'
import {
  bodySha256,
  canonicalString,
  hasHmacHeaders,
  hmacSignature,
  readHmacHeaders,
  signRequest,
  verifyHmac,
} from './hmac.js'

// Vector computed independently with:
//   printf 'POST\nlocalhost:8787\n/api/v1/tx/broadcast?x=1\n1700000000\nabcdefghijklmnop\n<sha>'
//   | openssl dgst -sha256 -hmac 'ck_test_key'
const vector = {
  method: 'POST',
  host: 'localhost:8787',
  path: '/api/v1/tx/broadcast?x=1',
  timestamp: '1700000000',
  nonce: 'abcdefghijklmnop',
  body: '{"raw":"0x01"}',
}
const VECTOR_SIG = 'v2=9ad3d510a1a8ba09719e9b1e0a6499c2e21f4c03211b6eeef728f337034a96c6'

describe('HMAC canonical string and signature', () => {
  it('matches the documented format and an independent (openssl) vector', () => {
    expect(canonicalString({ ...vector, method: 'post', host: 'LocalHost:8787' })).toBe(
      'POST\nlocalhost:8787\n/api/v1/tx/broadcast?x=1\n1700000000\nabcdefghijklmnop\nd174ac128e1547fb0932efbe0e007dbcf95ea911f3f802c2f5511318d86858d6',
    )
    expect(hmacSignature('ck_test_key', vector)).toBe(VECTOR_SIG)
    expect(hmacSignature('ck_test_key', { ...vector, body: new TextEncoder().encode(vector.body) })).toBe(
      VECTOR_SIG,
    )
    expect(bodySha256(undefined)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('signRequest builds the four headers', () => {
    const h = signRequest({ appId: 'shop', appKey: 'ck_test_key', ...vector, timestamp: 1700000000 })
    expect(h).toEqual({
      'X-Chainless-App': 'shop',
      'X-Chainless-Timestamp': '1700000000',
      'X-Chainless-Nonce': 'abcdefghijklmnop',
      'X-Chainless-Signature': VECTOR_SIG,
    })
    const fresh = signRequest({ appId: 'shop', appKey: 'k', method: 'GET', host: 'h', path: '/' })
    expect(fresh['X-Chainless-Nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(Math.abs(Number(fresh['X-Chainless-Timestamp']) - Date.now() / 1000)).toBeLessThan(5)
  })
})

describe('readHmacHeaders', () => {
  const good = {
    'x-chainless-app': 'shop',
    'x-chainless-timestamp': '1700000000',
    'x-chainless-nonce': 'abcdefghijklmnop',
    'x-chainless-signature': VECTOR_SIG,
  }
  it('parses good headers and names what is wrong otherwise', () => {
    expect(readHmacHeaders(good)).toEqual({
      appId: 'shop',
      timestamp: '1700000000',
      nonce: 'abcdefghijklmnop',
      signature: VECTOR_SIG,
    })
    expect(readHmacHeaders({})).toMatchObject({ failure: 'missing_auth' })
    expect(hasHmacHeaders({})).toBe(false)
    expect(hasHmacHeaders({ 'x-chainless-nonce': 'x' })).toBe(true)
    for (const [k, v] of [
      ['x-chainless-app', 'Bad App'],
      ['x-chainless-timestamp', '17e8'],
      ['x-chainless-timestamp', '-1'],
      ['x-chainless-nonce', 'short'],
      ['x-chainless-nonce', 'has spaces in the nonce!'],
      ['x-chainless-signature', VECTOR_SIG.toUpperCase()],
      ['x-chainless-signature', VECTOR_SIG.slice(3)],
      // v1 (no host) is no longer accepted: both sides moved to v2 together
      ['x-chainless-signature', `v1=${VECTOR_SIG.slice(3)}`],
    ] as const)
      expect(readHmacHeaders({ ...good, [k]: v }), `${k}=${v}`).toMatchObject({ failure: 'bad_auth_header' })
    expect(readHmacHeaders({ ...good, 'x-chainless-app': ['a', 'b'] })).toMatchObject({
      failure: 'bad_auth_header',
    })
  })
})

describe('verifyHmac', () => {
  const headers = { appId: 'shop', timestamp: '1700000000', nonce: 'abcdefghijklmnop', signature: VECTOR_SIG }
  const base = {
    headers,
    method: 'POST',
    host: vector.host,
    path: vector.path,
    body: vector.body,
    nowMs: 1700000000_000,
  }
  it('accepts the right key among several, within ±300 s', () => {
    expect(verifyHmac({ ...base, secrets: ['other', 'ck_test_key'] })).toEqual({ ok: true })
    expect(verifyHmac({ ...base, secrets: ['ck_test_key'], nowMs: base.nowMs + 300_999 })).toEqual({
      ok: true,
    })
    expect(verifyHmac({ ...base, secrets: ['ck_test_key'], nowMs: base.nowMs - 300_000 })).toEqual({
      ok: true,
    })
  })
  it('refuses skew, unknown app, and any change to method, host, path, body or key', () => {
    const secrets = ['ck_test_key']
    expect(verifyHmac({ ...base, secrets, nowMs: base.nowMs + 301_000 })).toMatchObject({
      failure: 'timestamp_skew',
    })
    expect(verifyHmac({ ...base, secrets, nowMs: base.nowMs - 301_000 })).toMatchObject({
      failure: 'timestamp_skew',
    })
    expect(verifyHmac({ ...base, secrets: [] })).toMatchObject({ failure: 'unknown_app' })
    expect(verifyHmac({ ...base, secrets: ['ck_test_kez'] })).toMatchObject({ failure: 'bad_signature' })
    expect(verifyHmac({ ...base, secrets, method: 'PUT' })).toMatchObject({ failure: 'bad_signature' })
    // a request signed for one host is not valid at another (a proxy or a sibling service)
    expect(verifyHmac({ ...base, secrets, host: 'localhost:8788' })).toMatchObject({
      failure: 'bad_signature',
    })
    expect(verifyHmac({ ...base, secrets, host: 'LOCALHOST:8787' })).toEqual({ ok: true })
    expect(verifyHmac({ ...base, secrets, path: '/api/v1/tx/broadcast' })).toMatchObject({
      failure: 'bad_signature',
    })
    expect(verifyHmac({ ...base, secrets, body: '{"raw":"0x02"}' })).toMatchObject({
      failure: 'bad_signature',
    })
    expect(
      verifyHmac({ ...base, secrets, headers: { ...headers, nonce: 'abcdefghijklmnoq' } }),
    ).toMatchObject({
      failure: 'bad_signature',
    })
  })
})
