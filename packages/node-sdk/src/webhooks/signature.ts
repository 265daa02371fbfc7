import { createHash, createHmac, randomBytes } from 'node:crypto'
import { WebhookVerificationError } from '../errors.js'

/** Header names of a webhook delivery (lower case, as Node and `Headers` expose them). */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-chainless-timestamp',
  nonce: 'x-chainless-nonce',
  signature: 'x-chainless-signature',
  eventId: 'x-chainless-event-id',
} as const

/** The signature scheme of webhooks: `v1=` (no host: a back end behind a proxy cannot know it). */
export const WEBHOOK_SIGNATURE_VERSION = 'v1'

/** What a webhook signature covers. */
export interface WebhookSignedParts {
  /** HTTP method (`POST`); upper-cased when signing. */
  method: string
  /** Path and query of the webhook URL, exactly as sent (e.g. `/hooks/chainless?env=prod`). */
  path: string
  /** Unix seconds, as sent in `X-Chainless-Timestamp`. */
  timestamp: string
  /** As sent in `X-Chainless-Nonce`. */
  nonce: string
  /** The raw body bytes (a string is taken as UTF-8). */
  body: Uint8Array | string
}

/**
 * The string a webhook signature covers: `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))`.
 *
 * @example
 * ```ts
 * webhookSigningString({ method: 'POST', path: '/hooks', timestamp: '1700000000', nonce: 'abcdefghijklmnop', body: '{}' })
 * // 'POST\n/hooks\n1700000000\nabcdefghijklmnop\n44136fa3…'
 * ```
 */
export function webhookSigningString(parts: WebhookSignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex')
  return `${parts.method.toUpperCase()}\n${parts.path}\n${parts.timestamp}\n${parts.nonce}\n${bodyHash}`
}

/** The raw 32-byte HMAC-SHA256 of {@link webhookSigningString} keyed with the app key's UTF-8. */
export function webhookMac(appKey: string, parts: WebhookSignedParts): Buffer {
  return createHmac('sha256', Buffer.from(appKey, 'utf8')).update(webhookSigningString(parts)).digest()
}

/**
 * The headers the platform sends with a delivery, for testing your endpoint: `X-Chainless-Timestamp`
 * (default now), `X-Chainless-Nonce` (default 16 random bytes, base64url) and `X-Chainless-Signature`.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ id: 'evt_1', type: 'authorization.revoked', createdAt: new Date().toISOString(), appId, data: { userId, scope: [] } })
 * const headers = signWebhook({ appKey, path: '/hooks/chainless', body })
 * await fetch('http://127.0.0.1:3000/hooks/chainless', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
 * ```
 */
export function signWebhook(input: {
  appKey: string
  path: string
  body: Uint8Array | string
  method?: string
  timestamp?: number
  nonce?: string
}): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = input.nonce ?? randomBytes(16).toString('base64url')
  const mac = webhookMac(input.appKey, {
    method: input.method ?? 'POST',
    path: input.path,
    timestamp,
    nonce,
    body: input.body,
  })
  return {
    'X-Chainless-Timestamp': timestamp,
    'X-Chainless-Nonce': nonce,
    'X-Chainless-Signature': `${WEBHOOK_SIGNATURE_VERSION}=${mac.toString('hex')}`,
  }
}

const MAX_SIGNATURE_HEADER = 1_024
const MAX_SIGNATURES = 8
const V1_RE = /^v1=([0-9a-fA-F]{64})$/
const SCHEME_RE = /^v[0-9]{1,3}=[\x21-\x7e]+$/

/**
 * Parses `X-Chainless-Signature`: one or more comma-separated `vN=<value>` entries (at most 8, at
 * most 1 KiB in all); the `v1=` ones are the 32-byte MACs this SDK checks, other versions are
 * skipped so a platform that adds a scheme keeps working. Throws `WebhookVerificationError`
 * (`malformed`) when there is no well-formed `v1=` entry.
 *
 * @example
 * ```ts
 * parseSignatureHeader('v1=5257a869…')  // [<Buffer 52 57 …>]
 * ```
 */
export function parseSignatureHeader(value: string): Buffer[] {
  if (value.length > MAX_SIGNATURE_HEADER)
    throw new WebhookVerificationError('malformed', { details: 'signature header too long' })
  const entries = value.split(',', MAX_SIGNATURES + 1)
  if (entries.length > MAX_SIGNATURES)
    throw new WebhookVerificationError('malformed', { details: `more than ${MAX_SIGNATURES} signatures` })
  const macs: Buffer[] = []
  for (const raw of entries) {
    const entry = raw.trim()
    const v1 = V1_RE.exec(entry)
    if (v1?.[1] !== undefined) macs.push(Buffer.from(v1[1], 'hex'))
    else if (!SCHEME_RE.test(entry))
      throw new WebhookVerificationError('malformed', { details: 'signature entries are vN=<value>' })
  }
  if (macs.length === 0) throw new WebhookVerificationError('malformed', { details: 'no v1= signature' })
  return macs
}
