import { createHash, createHmac, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * HMAC v2 app authentication, client side: the string to sign and the four headers, exactly as the
 * platform checks them (DESIGN.md "Platform API"; the OpenAPI document's `appHmac` scheme):
 * `METHOD\nHOST\nPATH?QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))`, keyed with the app key's UTF-8
 * bytes, sent as `X-Chainless-Signature: v2=<lowercase hex>`.
 */

/** Lowercase hex SHA-256 of the empty body. */
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** What is signed: `host` is the `Host` header as sent; `path` the request target (path and query) as sent. */
export interface PlatformSignatureInput {
  method: string
  host: string
  path: string
  /** Unix seconds, decimal. */
  timestamp: string
  /** 16..128 of `[A-Za-z0-9_-]`. */
  nonce: string
  /** The raw body bytes (or its UTF-8 string); none for an empty body. */
  body?: Uint8Array | string | undefined
}

/**
 * The string to sign: six lines joined by `\n`, no trailing line feed; method upper case, host lower case.
 *
 * @example
 * ```ts
 * platformStringToSign({ method: 'get', host: 'localhost:8787', path: '/api/v1/apps/me', timestamp: '1700000000', nonce: 'abcdefghijklmnop' })
 * // 'GET\nlocalhost:8787\n/api/v1/apps/me\n1700000000\nabcdefghijklmnop\ne3b0c442…b855'
 * ```
 */
export function platformStringToSign(input: PlatformSignatureInput): string {
  const body = input.body
  const bodyHash =
    body === undefined || body.length === 0
      ? EMPTY_BODY_SHA256
      : createHash('sha256').update(body).digest('hex')
  return `${upperMethod(input.method)}\n${lowerHost(input.host)}\n${input.path}\n${input.timestamp}\n${input.nonce}\n${bodyHash}`
}

// Case folding is a measurable share of signing a small request: the usual methods are upper case
// already, and a client sends to one host, so its lower-case form is kept (one entry).
const upperMethod = (m: string): string =>
  m === 'GET' || m === 'POST' || m === 'PUT' || m === 'DELETE' || m === 'PATCH' ? m : m.toUpperCase()
let lastHost = ''
let lastHostLower = ''
function lowerHost(host: string): string {
  if (host !== lastHost) {
    lastHostLower = host.toLowerCase()
    lastHost = host
  }
  return lastHostLower
}

/**
 * An app key as signing material: its UTF-8 bytes, or a `KeyObject` made once from them
 * (`createSecretKey(Buffer.from(appKey, 'utf8'))`), which spares encoding the key on every request.
 */
export type AppKeyMaterial = string | KeyObject

/**
 * `v2=` + lowercase hex HMAC-SHA256 of {@link platformStringToSign}, keyed with `appKey` (UTF-8 bytes,
 * or a `KeyObject` of them).
 *
 * @example
 * ```ts
 * const signature = signPlatformRequest('ck_…', { method: 'GET', host: 'localhost:8787', path: '/api/v1/apps/me', timestamp: '1700000000', nonce: 'abcdefghijklmnop' })
 * // 'v2=5c3b…'
 * ```
 */
export function signPlatformRequest(appKey: AppKeyMaterial, input: PlatformSignatureInput): string {
  return `v2=${createHmac('sha256', appKey).update(platformStringToSign(input)).digest('hex')}`
}

/**
 * `v2=` + 64 lowercase hex digits. A loop, not a regular expression: on a freshly built header string
 * the regex cost a tenth of a whole sign + verify (bench/hmac.js).
 */
function isV2Signature(signature: string): boolean {
  if (signature.length !== 67 || !signature.startsWith('v2=')) return false
  for (let i = 3; i < 67; i++) {
    const c = signature.charCodeAt(i)
    // 0-9, a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/**
 * Checks a `v2=` signature against each of `appKeys` (current and rotated), comparing in constant time
 * and trying every key (no early exit). For test servers and gateways; the platform does the same.
 *
 * @example
 * ```ts
 * verifyPlatformSignature([key, previousKey], { method, host, path, timestamp, nonce, body }, req.headers['x-chainless-signature'])
 * ```
 */
export function verifyPlatformSignature(
  appKeys: readonly AppKeyMaterial[],
  input: PlatformSignatureInput,
  signature: string,
): boolean {
  if (typeof signature !== 'string' || !isV2Signature(signature)) return false
  const given = Buffer.from(signature.slice(3), 'hex')
  const text = platformStringToSign(input)
  let match = false
  for (let i = 0; i < appKeys.length; i++) {
    const key = appKeys[i]
    if (key !== undefined && timingSafeEqual(createHmac('sha256', key).update(text).digest(), given))
      match = true
  }
  return match
}

/** A fresh nonce: 16 random bytes, base64url (22 characters of `[A-Za-z0-9_-]`). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url')
}

/** The four headers of the HMAC scheme, with their names as the OpenAPI document spells them. */
export interface PlatformAuthHeaders {
  'X-Chainless-App': string
  'X-Chainless-Timestamp': string
  'X-Chainless-Nonce': string
  'X-Chainless-Signature': string
}

/**
 * The four signing headers of one request attempt; `timestamp` (Unix seconds) and `nonce` default to
 * now and a fresh random nonce.
 *
 * @example
 * ```ts
 * const headers = platformAuthHeaders({ appId, appKey, method: 'GET', host: new URL(base).host, path: '/api/v1/apps/me' })
 * ```
 */
export function platformAuthHeaders(input: {
  appId: string
  appKey: string
  method: string
  host: string
  path: string
  body?: Uint8Array | string | undefined
  timestamp?: number | undefined
  nonce?: string | undefined
}): PlatformAuthHeaders {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = input.nonce ?? newNonce()
  return {
    'X-Chainless-App': input.appId,
    'X-Chainless-Timestamp': timestamp,
    'X-Chainless-Nonce': nonce,
    'X-Chainless-Signature': signPlatformRequest(input.appKey, {
      method: input.method,
      host: input.host,
      path: input.path,
      timestamp,
      nonce,
      body: input.body,
    }),
  }
}
