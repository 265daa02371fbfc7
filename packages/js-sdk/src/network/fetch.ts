import { InvalidParamsError } from '@chainless/protocol'
import { backoffDelay, parseRetryAfter, sleep as realSleep } from './delay.js'
import { NetworkError } from './errors.js'
import { errorFromResponse } from './problem.js'
import { type TokenGetter, walletToken } from './token.js'

/** What {@link FetchOptions.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The retry about to happen: 1 for the first. */
  retry: number
  /** How long it waits first, ms (`Retry-After` when the server sent one). */
  delayMs: number
  /** The answer that is retried (its body is discarded), or the network error. */
  reason: Response | Error
}

/** Options of {@link createFetch}. */
export interface FetchOptions {
  /** Relative URLs resolve against it (default: the document's URL). E.g. the platform API's base URL. */
  baseUrl?: string | URL
  /**
   * Origins that receive the access token (`scheme://host[:port]`, exactly). Default: the origin of
   * `baseUrl`, else the document's own origin. A request to any other origin gets no token, so a
   * third party never sees it. List your back end's origin(s) here.
   */
  tokenOrigins?: readonly string[]
  /**
   * Where the token comes from. Default: the wallet's access token for this app
   * (`@chainless/js-sdk/auth`), none outside a wallet. `false`: never send one.
   */
  getAccessToken?: TokenGetter | false
  /** Retries after a failure, 0..10. Default 2 (3 attempts in all). */
  retries?: number
  /** First backoff bound, ms. Default 300; doubles each retry (full jitter). */
  baseDelayMs?: number
  /**
   * Longest wait before a retry, ms. Default 10,000. A `Retry-After` longer than this is not waited
   * for: the error is thrown with its `retryAfterMs`.
   */
  maxDelayMs?: number
  /** Throw a `PlatformError` for an error answer (≥ 400). Default true; false answers the `Response`. */
  throwHttpErrors?: boolean
  /** Told before each retry (logging, metrics). A throwing callback fails the request. */
  onRetry?: (info: RetryInfo) => void
  /** The `fetch` underneath. Default: the global one, looked up at each call. */
  fetch?: typeof globalThis.fetch
  /** The wait between attempts (tests inject a fake clock). Default: `setTimeout`, cut short by the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** A `fetch`-compatible function: same arguments, resolves with the `Response`. */
export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

// RFC 9110 §9.2.2: these methods can be repeated without a second effect. POST/PATCH only with a key.
const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']
// Worth another try: timeout, rate limit, transient server failures.
const TRANSIENT = [408, 429, 500, 502, 503, 504]

const fail = (what: string) => new InvalidParamsError(`Invalid network option: ${what}`)
const isDelay = (ms: unknown) => typeof ms === 'number' && ms >= 0 && ms <= 2 ** 31 - 1

function originOf(value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (!url || url.origin !== value || !/^https?:$/.test(url.protocol)) throw fail(`tokenOrigins ${value}`)
  return value
}

/**
 * Makes a `fetch`-compatible function for the platform API and your own back end. It attaches
 * `Authorization: Bearer <access token>` (only for `tokenOrigins`), asks for a new token once on a 401,
 * retries idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE; POST or PATCH only with an
 * `Idempotency-Key` header, sent unchanged on every attempt) after a network failure or a 408, 429,
 * 500, 502, 503, 504 with exponential backoff and full jitter or the server's `Retry-After`, stops at
 * once when `init.signal` aborts (rejecting with its reason), and turns error answers into a typed
 * `PlatformError` (`code`, `status`, `requestId` from `application/problem+json`). A request whose
 * body is a `ReadableStream` is sent once (a stream cannot be replayed).
 *
 * @throws {InvalidParamsError} -32602 for a bad option (at creation, not per call).
 * @example
 * ```ts
 * import { createFetch } from '@chainless/js-sdk/network'
 * const api = createFetch({ baseUrl: 'https://api.chainless.example', retries: 3 })
 * const me = await (await api('/api/v1/userinfo')).json()
 * ```
 */
export function createFetch(options: FetchOptions = {}): Fetch {
  const {
    retries = 2,
    baseDelayMs = 300,
    maxDelayMs = 10_000,
    throwHttpErrors = true,
    getAccessToken = walletToken,
    onRetry,
    sleep = realSleep,
  } = options
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw fail('retries')
  if (!isDelay(baseDelayMs) || !isDelay(maxDelayMs)) throw fail('delay')
  let baseUrl: string | undefined
  try {
    baseUrl = options.baseUrl === undefined ? undefined : new URL(options.baseUrl).href
  } catch {
    throw fail('baseUrl')
  }
  const origins = options.tokenOrigins?.map(originOf)
  // Read lazily: nothing touches `location` at creation (SSR-safe).
  const tokenOrigins = (): readonly string[] =>
    origins ?? [baseUrl ? new URL(baseUrl).origin : globalThis.location?.origin].filter((o) => !!o)

  return async (input, init = {}) => {
    const request = input instanceof Request ? input : undefined
    const url = request ? request.url : new URL(String(input), baseUrl ?? globalThis.location?.href).href
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase()
    const headers = new Headers(request?.headers)
    for (const [name, value] of new Headers(init.headers)) headers.set(name, value)
    const signal = init.signal ?? request?.signal ?? undefined
    const replayable = typeof ReadableStream === 'undefined' || !(init.body instanceof ReadableStream)
    const retryable = replayable && (IDEMPOTENT.includes(method) || headers.has('idempotency-key'))
    // The caller's own Authorization header wins; no token for an origin we were not told about.
    const getToken =
      getAccessToken && !headers.has('authorization') && tokenOrigins().includes(new URL(url).origin)
        ? getAccessToken
        : undefined
    let token = await getToken?.({ refresh: false })
    let refreshed = !replayable
    let failures = 0
    const retry = async (reason: Response | Error, delayMs: number) => {
      if (reason instanceof Response) reason.body?.cancel().catch(() => {})
      onRetry?.({ retry: ++failures, delayMs, reason })
      await sleep(delayMs, signal)
    }
    for (;;) {
      if (signal?.aborted) throw signal.reason
      if (token) headers.set('authorization', `Bearer ${token}`)
      let response: Response
      try {
        // A Request is cloned for every attempt: the original's body stays unread for the next one.
        response = await (options.fetch ?? globalThis.fetch)(request ? request.clone() : url, {
          ...init,
          method,
          headers,
        })
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        if (!retryable || failures >= retries) throw new NetworkError(error)
        await retry(error as Error, backoffDelay(failures, baseDelayMs, maxDelayMs))
        continue
      }
      if (response.status === 401 && getToken && !refreshed) {
        refreshed = true
        const fresh = await getToken({ refresh: true })
        if (fresh && fresh !== token) {
          response.body?.cancel().catch(() => {})
          token = fresh
          continue
        }
      }
      if (retryable && failures < retries && TRANSIENT.includes(response.status)) {
        const after = parseRetryAfter(response.headers.get('retry-after'))
        if (after === undefined || after <= maxDelayMs) {
          await retry(response, after ?? backoffDelay(failures, baseDelayMs, maxDelayMs))
          continue
        }
      }
      if (response.ok || response.status < 400 || !throwHttpErrors) return response
      throw await errorFromResponse(response)
    }
  }
}
