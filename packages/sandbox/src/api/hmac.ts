import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { APP_ID_PATTERN } from '../app-id.js'

/**
 * App (server-to-server) authentication, version 2: HMAC-SHA256 over method, host, path and query,
 * timestamp, nonce and body hash with the app key (DESIGN.md, "Platform API"; the OpenAPI document's
 * `appHmac` security scheme). This file is the reference implementation the node-sdk follows.
 *
 * `v1=` (the same without the host) is refused: no client of it shipped (there is no node-sdk yet), and
 * a signature that does not bind the host can be replayed against another deployment or a sibling
 * service within the skew window, so both sides moved to `v2=` together.
 */

/** Header names of the HMAC scheme (lower case, as Node exposes them). */
export const HMAC_HEADERS = {
  app: 'x-chainless-app',
  timestamp: 'x-chainless-timestamp',
  nonce: 'x-chainless-nonce',
  signature: 'x-chainless-signature',
} as const

/** Accepted clock skew between the caller's timestamp and the platform's clock: ±5 minutes. */
export const MAX_SKEW_SECONDS = 300
/** How long a nonce is remembered: twice the skew, so a timestamp is stale before its nonce is forgotten. */
export const NONCE_TTL_SECONDS = 2 * MAX_SKEW_SECONDS

const NONCE_RE = /^[A-Za-z0-9_-]{16,128}$/
const TIMESTAMP_RE = /^[0-9]{1,12}$/
const SIGNATURE_RE = /^v2=[0-9a-f]{64}$/
/** The scheme prefix of the signature header's value. */
export const HMAC_VERSION = 'v2'

/**
 * What is signed. `host` is the `Host` header as sent (lower-cased when signing); `path` is the request
 * target exactly as sent (path and query, no scheme or host).
 */
export interface HmacRequest {
  method: string
  host: string
  path: string
  timestamp: string
  nonce: string
  body?: Uint8Array | string
}

/** Lowercase hex SHA-256 of the body (of the empty string when there is none). */
export function bodySha256(body: Uint8Array | string | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex')
}

/**
 * The string to sign: `METHOD\nHOST\nPATH?QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))`, no trailing
 * line feed; METHOD upper case, HOST lower case.
 *
 * @example
 * ```ts
 * canonicalString({ method: 'get', host: 'localhost:8787', path: '/api/v1/apps/me', timestamp: '1700000000', nonce: 'abcdefghijklmnop' })
 * // 'GET\nlocalhost:8787\n/api/v1/apps/me\n1700000000\nabcdefghijklmnop\ne3b0c442...b855'
 * ```
 */
export function canonicalString(req: HmacRequest): string {
  return [
    req.method.toUpperCase(),
    req.host.toLowerCase(),
    req.path,
    req.timestamp,
    req.nonce,
    bodySha256(req.body),
  ].join('\n')
}

function mac(appKey: string, req: HmacRequest): Buffer {
  return createHmac('sha256', Buffer.from(appKey, 'utf8')).update(canonicalString(req)).digest()
}

/** `v2=` + lowercase hex HMAC-SHA256 of {@link canonicalString} keyed with the app key's UTF-8 bytes. */
export function hmacSignature(appKey: string, req: HmacRequest): string {
  return `${HMAC_VERSION}=${mac(appKey, req).toString('hex')}`
}

/**
 * The four headers of a signed request. `timestamp` (Unix seconds) and `nonce` default to now and 16
 * random bytes.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ raw })
 * const headers = signRequest({ appId, appKey, method: 'POST', host: 'localhost:8787', path: '/api/v1/tx/broadcast', body })
 * await fetch(`${api}/api/v1/tx/broadcast`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
 * ```
 */
export function signRequest(input: {
  appId: string
  appKey: string
  method: string
  /** The `Host` the request is sent with, e.g. `localhost:8787` (`new URL(url).host`). */
  host: string
  path: string
  body?: Uint8Array | string
  timestamp?: number
  nonce?: string
}): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = input.nonce ?? randomBytes(16).toString('base64url')
  const signature = hmacSignature(input.appKey, { ...input, timestamp, nonce })
  return {
    'X-Chainless-App': input.appId,
    'X-Chainless-Timestamp': timestamp,
    'X-Chainless-Nonce': nonce,
    'X-Chainless-Signature': signature,
  }
}

/** Why a request failed HMAC authentication (the problem `code`). */
export type HmacFailure =
  | 'missing_auth'
  | 'bad_auth_header'
  | 'timestamp_skew'
  | 'unknown_app'
  | 'bad_signature'

/** Headers of an HMAC request, parsed. */
export interface HmacHeaders {
  appId: string
  timestamp: string
  nonce: string
  signature: string
}

/** True when the request carries any of the HMAC headers. */
export function hasHmacHeaders(headers: Record<string, string | string[] | undefined>): boolean {
  return Object.values(HMAC_HEADERS).some((h) => headers[h] !== undefined)
}

/** Reads and checks the form of the four headers. */
export function readHmacHeaders(
  headers: Record<string, string | string[] | undefined>,
): HmacHeaders | { failure: HmacFailure; detail: string } {
  const get = (name: string) => {
    const v = headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const appId = get(HMAC_HEADERS.app)
  const timestamp = get(HMAC_HEADERS.timestamp)
  const nonce = get(HMAC_HEADERS.nonce)
  const signature = get(HMAC_HEADERS.signature)
  if (!appId && !timestamp && !nonce && !signature)
    return { failure: 'missing_auth', detail: 'App authentication required (X-Chainless-* headers)' }
  if (!appId || !APP_ID_PATTERN.test(appId))
    return { failure: 'bad_auth_header', detail: 'Bad X-Chainless-App' }
  if (!timestamp || !TIMESTAMP_RE.test(timestamp))
    return { failure: 'bad_auth_header', detail: 'Bad X-Chainless-Timestamp: Unix seconds expected' }
  if (!nonce || !NONCE_RE.test(nonce))
    return { failure: 'bad_auth_header', detail: 'Bad X-Chainless-Nonce: 16-128 of [A-Za-z0-9_-] expected' }
  if (!signature || !SIGNATURE_RE.test(signature))
    return {
      failure: 'bad_auth_header',
      detail: signature?.startsWith('v1=')
        ? 'X-Chainless-Signature v1 is no longer accepted: sign v2 (with the Host)'
        : 'Bad X-Chainless-Signature: v2=<64 hex> expected',
    }
  return { appId, timestamp, nonce, signature }
}

/**
 * Checks a request's timestamp and signature against the app's valid keys, in constant time per key.
 * Changes nothing: the caller consumes the nonce once the request is otherwise accepted.
 */
export function verifyHmac(input: {
  headers: HmacHeaders
  method: string
  /** The `Host` header as received. */
  host: string
  path: string
  body: Uint8Array | string | undefined
  secrets: readonly string[]
  nowMs: number
}): { ok: true } | { ok: false; failure: HmacFailure; detail: string } {
  const { headers } = input
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - Number(headers.timestamp))
  if (skew > MAX_SKEW_SECONDS)
    return {
      ok: false,
      failure: 'timestamp_skew',
      detail: `Timestamp is ${skew} s off (at most ${MAX_SKEW_SECONDS})`,
    }
  if (input.secrets.length === 0)
    return { ok: false, failure: 'unknown_app', detail: 'Unknown or delisted app' }
  const given = Buffer.from(headers.signature.slice(3), 'hex')
  const signed: HmacRequest = {
    method: input.method,
    host: input.host,
    path: input.path,
    timestamp: headers.timestamp,
    nonce: headers.nonce,
    body: input.body,
  }
  let match = false
  // Every key is tried (no early exit) and each RFC 2104 MAC is compared in constant time; both sides
  // are 32 bytes (the header regex checked the given one).
  for (const secret of input.secrets) if (timingSafeEqual(mac(secret, signed), given)) match = true
  return match ? { ok: true } : { ok: false, failure: 'bad_signature', detail: 'Signature does not match' }
}
