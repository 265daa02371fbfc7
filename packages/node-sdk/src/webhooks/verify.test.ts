import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { StoreUnavailableError } from '../stores/errors.js'
import { MemoryReplayStore } from '../stores/memory-replay-store.js'
import { fuzzParameters } from './fuzz.testutil.js'
import { parseSignatureHeader, signWebhook } from './signature.js'
import { verifyWebhook, type WebhookRequest } from './verify.js'

const APP_KEY = 'app-key-current-0123456789'
const OLD_KEY = 'app-key-previous-0123456789'
const NOW = 1_700_000_000_000
const PATH = '/hooks/chainless?env=test'
const BODY = JSON.stringify({
  id: 'evt_1',
  type: 'authorization.revoked',
  createdAt: new Date(NOW).toISOString(),
  appId: 'shop',
  data: { userId: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', scope: ['user:basic'] },
})

function delivery(
  overrides: { key?: string; body?: string; timestamp?: number; nonce?: string } = {},
): WebhookRequest {
  const headers = signWebhook({
    appKey: overrides.key ?? APP_KEY,
    path: PATH,
    body: overrides.body ?? BODY,
    timestamp: overrides.timestamp ?? NOW / 1000,
    ...(overrides.nonce ? { nonce: overrides.nonce } : {}),
  })
  return { method: 'POST', url: PATH, headers, rawBody: Buffer.from(overrides.body ?? BODY) }
}

async function reason(request: WebhookRequest, options: Partial<Parameters<typeof verifyWebhook>[1]> = {}) {
  try {
    await verifyWebhook(request, {
      appKey: APP_KEY,
      now: NOW,
      replayStore: new MemoryReplayStore(),
      ...options,
    })
  } catch (e) {
    if (e instanceof WebhookVerificationError) return e.reason
    throw e
  }
  return 'accepted'
}

describe('verifyWebhook', () => {
  it('accepts a signed delivery and returns the typed event', async () => {
    const event = await verifyWebhook(delivery(), { appKey: APP_KEY, now: NOW })
    expect(event.type).toBe('authorization.revoked')
    if (event.type === 'authorization.revoked') expect(event.data.scope).toEqual(['user:basic'])
  })

  it('accepts an absolute URL, a Headers object and a string body', async () => {
    const d = delivery()
    const request = {
      ...d,
      url: `https://shop.example${PATH}`,
      headers: new Headers(d.headers as Record<string, string>),
      rawBody: BODY,
    }
    expect(await reason(request)).toBe('accepted')
  })

  it('refuses a replayed delivery (same nonce), even with a fresh timestamp signature', async () => {
    const replayStore = new MemoryReplayStore()
    const d = delivery({ nonce: 'nonce-replay-0123456789' })
    await verifyWebhook(d, { appKey: APP_KEY, now: NOW, replayStore })
    expect(await reason(d, { replayStore })).toBe('replayed')
    const resigned = delivery({ nonce: 'nonce-replay-0123456789', timestamp: NOW / 1000 + 10 })
    expect(await reason(resigned, { replayStore })).toBe('replayed')
  })

  it('refuses a timestamp beyond the tolerance either way, accepts at the edge', async () => {
    expect(await reason(delivery({ timestamp: NOW / 1000 - 301 }))).toBe('timestamp_skew')
    expect(await reason(delivery({ timestamp: NOW / 1000 + 301 }))).toBe('timestamp_skew')
    expect(await reason(delivery({ timestamp: NOW / 1000 - 300 }))).toBe('accepted')
    expect(await reason(delivery({ timestamp: NOW / 1000 - 30 }), { toleranceSeconds: 10 })).toBe(
      'timestamp_skew',
    )
  })

  it('refuses a wrong key, a body changed after signing, another path or method', async () => {
    expect(await reason(delivery({ key: 'someone-else' }))).toBe('bad_signature')
    const d = delivery()
    expect(await reason({ ...d, rawBody: BODY.replace('user:basic', 'user:admin') })).toBe('bad_signature')
    expect(await reason({ ...d, rawBody: `${BODY} ` })).toBe('bad_signature')
    expect(await reason({ ...d, url: '/hooks/chainless?env=prod' })).toBe('bad_signature')
    expect(await reason({ ...d, method: 'PUT' })).toBe('bad_signature')
  })

  it('accepts the previous key during a rotation, and not once it is dropped', async () => {
    expect(await reason(delivery({ key: OLD_KEY }), { previousAppKey: OLD_KEY })).toBe('accepted')
    expect(await reason(delivery({ key: OLD_KEY }))).toBe('bad_signature')
  })

  it('refuses missing headers, naming them', async () => {
    const d = delivery()
    const headers = { ...(d.headers as Record<string, string>) }
    delete headers['X-Chainless-Nonce']
    await expect(verifyWebhook({ ...d, headers }, { appKey: APP_KEY, now: NOW })).rejects.toMatchObject({
      reason: 'missing_header',
      details: 'missing X-Chainless-Nonce',
    })
    expect(await reason({ ...d, headers: {} })).toBe('missing_header')
  })

  it('refuses malformed headers, repeated headers, non-JSON and unknown event types', async () => {
    const d = delivery()
    const h = d.headers as Record<string, string>
    expect(await reason({ ...d, headers: { ...h, 'X-Chainless-Timestamp': '17e8' } })).toBe('malformed')
    expect(await reason({ ...d, headers: { ...h, 'X-Chainless-Nonce': 'short' } })).toBe('malformed')
    expect(await reason({ ...d, headers: { ...h, 'X-Chainless-Signature': 'sha256=abc' } })).toBe('malformed')
    expect(await reason({ ...d, headers: { 'x-chainless-nonce': ['a'.repeat(16), 'b'.repeat(16)] } })).toBe(
      'malformed',
    )
    const notJson = delivery({ body: 'not json' })
    expect(await reason(notJson)).toBe('malformed')
    const unknown = delivery({ body: JSON.stringify({ ...JSON.parse(BODY), type: 'app.deleted' }) })
    expect(await reason(unknown)).toBe('malformed')
  })

  it('does not burn the nonce of a delivery it refuses', async () => {
    const replayStore = new MemoryReplayStore()
    const nonce = 'nonce-not-burnt-0123456789'
    expect(await reason({ ...delivery({ nonce }), rawBody: 'tampered' }, { replayStore })).toBe(
      'bad_signature',
    )
    expect(await reason(delivery({ nonce, timestamp: NOW / 1000 - 999 }), { replayStore })).toBe(
      'timestamp_skew',
    )
    expect(await reason(delivery({ nonce }), { replayStore })).toBe('accepted')
  })

  it('fails closed when the replay store cannot answer', async () => {
    const down = {
      claim: () => Promise.reject(new StoreUnavailableError('claim', { details: 'ECONNREFUSED' })),
    }
    await expect(
      verifyWebhook(delivery(), { appKey: APP_KEY, now: NOW, replayStore: down }),
    ).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})

describe('parseSignatureHeader', () => {
  it('takes every v1 entry and skips other versions', () => {
    const mac = 'ab'.repeat(32)
    expect(parseSignatureHeader(`v1=${mac}`)).toHaveLength(1)
    expect(parseSignatureHeader(`v2=whatever, v1=${mac},v1=${'CD'.repeat(32)}`)).toHaveLength(2)
    expect(() => parseSignatureHeader('v2=whatever')).toThrow(WebhookVerificationError)
    expect(() => parseSignatureHeader(`v1=${mac.slice(2)}`)).toThrow(WebhookVerificationError)
    expect(() => parseSignatureHeader(Array(9).fill(`v1=${mac}`).join(','))).toThrow(WebhookVerificationError)
  })

  test.prop([fc.string({ maxLength: 2_000 })], fuzzParameters(2_000))(
    'any header value: 1..8 MACs of 32 bytes, or malformed',
    (value) => {
      try {
        const macs = parseSignatureHeader(value)
        expect(macs.length).toBeGreaterThan(0)
        expect(macs.length).toBeLessThanOrEqual(8)
        for (const mac of macs) expect(mac).toHaveLength(32)
      } catch (e) {
        expect(e).toBeInstanceOf(WebhookVerificationError)
        expect((e as WebhookVerificationError).reason).toBe('malformed')
      }
    },
  )

  const entry = fc.oneof(
    fc.stringMatching(/^[0-9a-fA-F]{64}$/).map((h) => `v1=${h}`),
    fc.stringMatching(/^v[0-9]{1,4}=[\x21-\x7e]{0,70}$/),
    fc.string({ maxLength: 70 }),
  )
  test.prop([fc.array(entry, { maxLength: 12 }), fc.constantFrom(',', ', ', ' ,')], fuzzParameters(2_000))(
    'header-shaped values: MACs or malformed, never another error',
    (entries, sep) => {
      const value = entries.join(sep)
      try {
        for (const mac of parseSignatureHeader(value)) expect(mac).toHaveLength(32)
      } catch (e) {
        expect(e).toBeInstanceOf(WebhookVerificationError)
      }
    },
  )
})

describe('verifyWebhook fuzzed', () => {
  const headerValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
  )
  test.prop(
    [
      fc.dictionary(
        fc.constantFrom(
          'x-chainless-timestamp',
          'X-Chainless-Nonce',
          'x-chainless-signature',
          'other',
          '__proto__',
        ),
        headerValue,
      ),
      fc.string({ maxLength: 300 }),
      fc.string({ maxLength: 300 }),
    ],
    fuzzParameters(1_000),
  )(
    'random headers, URL and body: a WebhookVerificationError, never an acceptance',
    async (headers, url, body) => {
      await expect(
        verifyWebhook({ method: 'POST', url, headers, rawBody: body }, { appKey: APP_KEY, now: NOW }),
      ).rejects.toBeInstanceOf(WebhookVerificationError)
    },
  )

  test.prop(
    [fc.string({ maxLength: 500 }), fc.nat({ max: 499 }), fc.integer({ min: 1, max: 255 })],
    fuzzParameters(300),
  )(
    'any body signed verifies (or is malformed JSON); one byte changed is a bad signature',
    async (text, at, xor) => {
      const body = Buffer.from(text)
      const d = delivery({ body: text })
      const outcome = await reason(d)
      expect(['accepted', 'malformed']).toContain(outcome)
      if (body.length === 0) return
      const changed = Buffer.from(body)
      const i = at % changed.length
      changed[i] = (changed[i] ?? 0) ^ xor
      expect(await reason({ ...d, rawBody: changed })).toBe('bad_signature')
    },
  )
})
