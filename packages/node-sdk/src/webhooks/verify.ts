import { timingSafeEqual } from 'node:crypto'
import { WebhookVerificationError } from '../errors.js'
import { MemoryReplayStore } from '../stores/memory-replay-store.js'
import type { ReplayStore } from '../stores/replay-store.js'
import { parseWebhookEvent, type WebhookEvent } from './events.js'
import { parseSignatureHeader, WEBHOOK_HEADERS, webhookMac } from './signature.js'

/** Request headers: a Fetch `Headers` or a node:http-style record (names in any case). */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

/** A received delivery, as {@link verifyWebhook} needs it (the adapters build it for you). */
export interface WebhookRequest {
  /** The HTTP method (`POST`). */
  method: string
  /** The request URL, absolute or just path and query as received (`req.url`, Express `req.originalUrl`). */
  url: string
  headers: WebhookHeaders
  /** The body's exact bytes: read it raw, never re-serialise parsed JSON (a string is taken as UTF-8). */
  rawBody: Uint8Array | string
}

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** The app key the platform signs with. */
  appKey: string
  /** The previous app key, accepted too while a key rotation is under way. */
  previousAppKey?: string | undefined
  /** Accepted distance between `X-Chainless-Timestamp` and now, either way, seconds. Default 300. */
  toleranceSeconds?: number | undefined
  /**
   * Where nonces are claimed once. Default: one in-memory store shared by this process; on several
   * machines pass a shared one (`RedisReplayStore`), else a delivery replayed to another machine is
   * accepted there.
   */
  replayStore?: ReplayStore | undefined
  /** The current time, ms (tests). Default `Date.now()`. */
  now?: number | undefined
}

const TIMESTAMP_RE = /^[0-9]{1,12}$/
const NONCE_RE = /^[A-Za-z0-9_-]{16,128}$/
const MAX_URL = 8_192

let defaultReplayStore: MemoryReplayStore | undefined

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  let value = headers[name]
  if (value === undefined) {
    // Node lower-cases names; a hand-built record may not. Bounded by the record's own size.
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) value = headers[key]
  }
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  throw new WebhookVerificationError('malformed', { details: `${name} sent more than once` })
}

function pathOf(url: string): string {
  if (url.length > MAX_URL) throw new WebhookVerificationError('malformed', { details: 'URL too long' })
  if (url.startsWith('/')) return url
  try {
    const parsed = new URL(url)
    return parsed.pathname + parsed.search
  } catch (cause) {
    throw new WebhookVerificationError('malformed', { details: 'URL is neither a path nor absolute', cause })
  }
}

/**
 * Verifies a webhook delivery from the platform and returns its event: the three headers present
 * and well-formed, the `v1=` HMAC-SHA256 (app key, or the previous key during a rotation) over
 * method, path and query, timestamp, nonce and the raw body's SHA-256, compared in constant time;
 * the timestamp within `toleranceSeconds`; the body a known event; and last the nonce claimed once
 * in `replayStore` (so a forged or stale delivery cannot burn a nonce). Throws
 * `WebhookVerificationError` with `reason` `missing_header`, `malformed`, `bad_signature`,
 * `timestamp_skew` or `replayed`; a store that cannot answer throws `StoreUnavailableError` (answer
 * 5xx: the platform retries).
 *
 * The platform may deliver an event more than once (it retries until a 2xx): make handlers
 * idempotent on `event.id`.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(
 *   { method: req.method, url: req.originalUrl, headers: req.headers, rawBody: req.body }, // express.raw()
 *   { appKey: process.env.CHAINLESS_APP_KEY },
 * )
 * if (event.type === 'authorization.revoked') await sessions.dropUser(event.data.userId)
 * ```
 */
export async function verifyWebhook(
  request: WebhookRequest,
  options: VerifyWebhookOptions,
): Promise<WebhookEvent> {
  const timestamp = header(request.headers, WEBHOOK_HEADERS.timestamp)
  const nonce = header(request.headers, WEBHOOK_HEADERS.nonce)
  const signature = header(request.headers, WEBHOOK_HEADERS.signature)
  if (timestamp === undefined || nonce === undefined || signature === undefined) {
    const missing = [
      timestamp === undefined && 'X-Chainless-Timestamp',
      nonce === undefined && 'X-Chainless-Nonce',
      signature === undefined && 'X-Chainless-Signature',
    ].filter(Boolean)
    throw new WebhookVerificationError('missing_header', { details: `missing ${missing.join(', ')}` })
  }
  if (!TIMESTAMP_RE.test(timestamp))
    throw new WebhookVerificationError('malformed', { details: 'timestamp is not Unix seconds' })
  if (!NONCE_RE.test(nonce))
    throw new WebhookVerificationError('malformed', { details: 'nonce is not 16..128 of [A-Za-z0-9_-]' })
  const candidates = parseSignatureHeader(signature)
  const parts = { method: request.method, path: pathOf(request.url), timestamp, nonce, body: request.rawBody }

  const keys = [options.appKey, options.previousAppKey].filter(
    (k): k is string => typeof k === 'string' && k !== '',
  )
  if (keys.length === 0) throw new TypeError('verifyWebhook needs options.appKey')
  let valid = false
  // Every key against every candidate, no early exit: the time does not tell which matched.
  for (const key of keys) {
    const expected = webhookMac(key, parts)
    for (const candidate of candidates) valid = timingSafeEqual(expected, candidate) || valid
  }
  if (!valid) throw new WebhookVerificationError('bad_signature')

  const tolerance = options.toleranceSeconds ?? 300
  const now = options.now ?? Date.now()
  if (Math.abs(now / 1000 - Number(timestamp)) > tolerance)
    throw new WebhookVerificationError('timestamp_skew', {
      details: `timestamp ${timestamp} is more than ${tolerance} s from now`,
    })

  const raw = request.rawBody
  const body =
    typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
  const event = parseWebhookEvent(body)

  defaultReplayStore ??= new MemoryReplayStore()
  const store = options.replayStore ?? defaultReplayStore
  // Remembered for twice the tolerance: a timestamp at the edge of the window stays valid that long.
  if (!(await store.claim(`webhook:${nonce}`, 2 * tolerance * 1000)))
    throw new WebhookVerificationError('replayed', { details: `nonce ${nonce} was already used` })
  return event
}
