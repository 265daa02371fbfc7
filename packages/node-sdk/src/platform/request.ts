import { createSecretKey, randomUUID } from 'node:crypto'
import type { FetchLike } from '../auth/client.js'
import { PlatformError, PlatformInputError, PlatformNetworkError, PlatformTimeoutError } from '../errors.js'
import { NODE_SDK_VERSION } from '../version.js'
import { backoffDelay, sleep as defaultSleep } from './backoff.js'
import type { PlatformClient, PlatformMethod, PlatformQuery, PlatformRequestOptions } from './client.js'
import { newNonce, signPlatformRequest } from './hmac.js'
import { problemToError } from './problem.js'

/** Options of the platform client (`createPlatformClient`). */
export interface PlatformClientOptions {
  /** Your app id (`X-Chainless-App`). */
  appId: string
  /** Your app key (`ck_…`): every request is signed with it. Keep it on the server. */
  appKey: string
  /**
   * The key you rotated away from, during a rotation: when the platform answers 401 `bad_signature`
   * to a request signed with `appKey`, that request is signed again with this key, once.
   */
  previousAppKey?: string | undefined
  /** The platform API, e.g. `http://localhost:8787` (the sandbox) or `https://api.chainless.example`. */
  baseUrl: string
  /** Per-attempt timeout in ms (connect, answer and body). Default 10,000. */
  timeoutMs?: number | undefined
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx. Default 3. */
  retries?: number | undefined
  /** Backoff of retries: full jitter over `baseMs·2^n`, at most `maxMs`. Default 200 ms, 5,000 ms. */
  backoff?: { baseMs?: number | undefined; maxMs?: number | undefined } | undefined
  /**
   * Longest `Retry-After` (429, 503) waited for, in ms; a longer one is not retried: the call fails at
   * once with a {@link PlatformError} carrying `retryAfterMs`. Default 30,000.
   */
  maxRetryAfterMs?: number | undefined
  /** Largest answer body read, in bytes. Default 16 MiB. */
  maxResponseBytes?: number | undefined
  /** Allow `http:`. Default: only for loopback and `*.localhost` (the sandbox). */
  allowHttp?: boolean | undefined
  /** `fetch` for every request. Default the built-in one (undici: connections are kept alive). */
  fetch?: FetchLike | undefined
  /** Sleep between retries (tests). Default a timer that the caller's signal cancels. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined
  /** Random source in [0, 1) for the jitter (tests). Default `Math.random`. */
  random?: (() => number) | undefined
  /** Clock in ms for the signed timestamp (tests). Default `Date.now`. */
  now?: (() => number) | undefined
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])
const EFFECTFUL: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE', 'PATCH'])
const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/
/** Headers the client sets itself: a caller's value would break the signature or the retries. */
const RESERVED =
  /^(host|content-length|content-type|idempotency-key|x-chainless-.*|connection|transfer-encoding)$/i

const isLocal = (url: URL): boolean =>
  url.hostname === 'localhost' ||
  url.hostname.endsWith('.localhost') ||
  url.hostname === '[::1]' ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)

function positive(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < min)
    throw new PlatformInputError(name, `${name} must be a number ≥ ${min}`)
  return value
}

function parseBaseUrl(baseUrl: string, allowHttp: boolean | undefined): URL {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch (cause) {
    throw new PlatformInputError('baseUrl', `Not a URL: ${String(baseUrl).slice(0, 200)}`, { cause })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PlatformInputError('baseUrl', 'http(s) URL expected')
  if (url.protocol === 'http:' && !(allowHttp ?? isLocal(url)))
    throw new PlatformInputError('baseUrl', 'https required (allowHttp for a plain-http platform)')
  if (url.search || url.hash || url.username || url.password)
    throw new PlatformInputError('baseUrl', 'No query, fragment or credentials in baseUrl')
  return url
}

function appendQuery(search: URLSearchParams, query: PlatformQuery): void {
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) search.append(name, String(v))
    else search.append(name, String(value))
  }
}

/** Reads at most `limit` bytes of the body as UTF-8; more is a `response_too_large` error. */
async function readBody(response: Response, limit: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      throw new PlatformError('response_too_large', {
        status: response.status,
        details: `Answer larger than ${limit} bytes`,
        requestId: response.headers.get('x-request-id') ?? undefined,
      })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const retryableStatus = (status: number): boolean => status === 429 || status >= 500

/**
 * The signed, retrying request core of the platform client (what services build on).
 *
 * @example
 * ```ts
 * const core = createRequestClient({ appId: 'my-app', appKey: process.env.APP_KEY!, baseUrl: 'http://localhost:8787' })
 * const me = await core.request('GET', '/api/v1/apps/me')
 * ```
 */
export function createRequestClient(options: PlatformClientOptions): PlatformClient {
  if (typeof options.appId !== 'string' || options.appId.length === 0)
    throw new PlatformInputError('appId', 'appId is required')
  if (typeof options.appKey !== 'string' || options.appKey.length === 0)
    throw new PlatformInputError('appKey', 'appKey is required')
  const base = parseBaseUrl(options.baseUrl, options.allowHttp)
  const basePath = base.pathname.replace(/\/+$/, '')
  const baseUrl = `${base.origin}${basePath}`
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000, 1)
  const retries = Math.floor(positive('retries', options.retries, 3))
  const backoff = {
    baseMs: positive('backoff.baseMs', options.backoff?.baseMs, 200),
    maxMs: positive('backoff.maxMs', options.backoff?.maxMs, 5_000),
  }
  const maxRetryAfterMs = positive('maxRetryAfterMs', options.maxRetryAfterMs, 30_000)
  const maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, 16 * 1024 * 1024, 1)
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const { appId } = options
  // KeyObjects made once: signing does not encode the key string again on every request.
  const appKey = createSecretKey(Buffer.from(options.appKey, 'utf8'))
  const previousAppKey = options.previousAppKey
    ? createSecretKey(Buffer.from(options.previousAppKey, 'utf8'))
    : undefined

  async function request<T>(
    method: PlatformMethod,
    path: string,
    callOptions: PlatformRequestOptions = {},
  ): Promise<T> {
    const verb = String(method).toUpperCase()
    if (!METHODS.has(verb)) throw new PlatformInputError('method', `Unsupported method ${String(method)}`)
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//'))
      throw new PlatformInputError('path', 'An absolute path ("/api/v1/…") expected')
    const { signal } = callOptions
    signal?.throwIfAborted()
    // The URL as fetch will send it (WHATWG-normalized): what is signed is exactly what goes out.
    const url = new URL(`${basePath}${path}`, base.origin)
    if (callOptions.query) appendQuery(url.searchParams, callOptions.query)
    const target = `${url.pathname}${url.search}`
    let body: string | undefined
    if (callOptions.body !== undefined) {
      try {
        body = JSON.stringify(callOptions.body)
      } catch (cause) {
        throw new PlatformInputError('body', 'Body is not JSON-serialisable', { cause })
      }
      if (body === undefined) throw new PlatformInputError('body', 'Body is not JSON-serialisable')
    }
    let idempotencyKey = callOptions.idempotencyKey
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_RE.test(idempotencyKey))
      throw new PlatformInputError('idempotencyKey', '1..255 visible ASCII characters expected')
    // One key per call, reused by every retry: a retried effect happens once.
    if (idempotencyKey === undefined && EFFECTFUL.has(verb)) idempotencyKey = randomUUID()
    const fixed: Record<string, string> = {}
    // lower-cased, so that a caller's `User-Agent` replaces ours instead of joining it
    for (const [name, value] of Object.entries(callOptions.headers ?? {}))
      if (!RESERVED.test(name)) fixed[name.toLowerCase()] = value
    fixed.accept = 'application/json, application/problem+json'
    fixed['user-agent'] ??= `chainless-node-sdk/${NODE_SDK_VERSION}`
    if (body !== undefined) fixed['content-type'] = 'application/json'
    if (idempotencyKey !== undefined) fixed['idempotency-key'] = idempotencyKey
    fixed['x-chainless-app'] = appId

    let key = appKey
    let usedPrevious = false
    let attempt = 0
    for (;;) {
      attempt++
      // Fresh timestamp and nonce per attempt: the platform accepts a nonce once.
      const timestamp = String(Math.floor(now() / 1000))
      const nonce = newNonce()
      const headers = {
        ...fixed,
        'x-chainless-timestamp': timestamp,
        'x-chainless-nonce': nonce,
        'x-chainless-signature': signPlatformRequest(key, {
          method: verb,
          host: url.host,
          path: target,
          timestamp,
          nonce,
          body,
        }),
      }
      const timeout = AbortSignal.timeout(timeoutMs)
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout
      let failure: PlatformError | PlatformTimeoutError | PlatformNetworkError
      try {
        const response = await fetchImpl(url.href, {
          method: verb,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: attemptSignal,
          redirect: 'manual',
        })
        const text = await readBody(response, maxResponseBytes)
        if (response.status >= 200 && response.status < 300) {
          if (text.length === 0) return undefined as T
          try {
            return JSON.parse(text) as T
          } catch {
            throw new PlatformError('invalid_response', {
              status: response.status,
              details: 'The answer is not JSON',
              requestId: response.headers.get('x-request-id') ?? undefined,
            })
          }
        }
        failure = problemToError(response.status, response.headers, text, now())
      } catch (e) {
        if (signal?.aborted) throw signal.reason
        if (e instanceof PlatformError) throw e
        failure = timeout.aborted
          ? new PlatformTimeoutError({ attempts: attempt, timeoutMs, cause: e })
          : new PlatformNetworkError({ attempts: attempt, cause: e })
      }
      if (failure instanceof PlatformError) {
        if (failure.status === 401 && failure.code === 'bad_signature' && previousAppKey && !usedPrevious) {
          // Rotation: the platform may not know the new key yet (or no longer the old one); one more
          // try with the other key, outside the retry budget.
          usedPrevious = true
          key = previousAppKey
          attempt--
          continue
        }
        if (!retryableStatus(failure.status)) throw failure
      }
      if (attempt > retries) throw failure
      let delay = backoffDelay(attempt - 1, backoff, random)
      if (failure instanceof PlatformError && failure.retryAfterMs !== undefined) {
        // Never sooner than the platform asked; longer than we are willing to wait: give up now.
        if (failure.retryAfterMs > maxRetryAfterMs) throw failure
        delay = Math.max(delay, failure.retryAfterMs)
      }
      await sleep(delay, signal)
      signal?.throwIfAborted()
    }
  }

  return { appId, baseUrl, request }
}
