/**
 * The platform's auth endpoints as the host calls them: JSON in, JSON out, errors typed, retried
 * within a budget ({@link RetryMode}, `platform-retry.ts`). A network failure, a 5xx or a 429 that
 * outlasts the budget is `PlatformUnavailableError` (-32002, `data.attempts`); an OAuth error answer
 * (RFC 6749 §5.2 `{ error, error_description }`) or a problem+json one is {@link AuthPlatformError}
 * at once, with the OAuth/problem code in `data.error` (safe for the app to see: it names no token).
 */
import { BridgeError, type ChainlessErrorOptions, PlatformUnavailableError } from '@chainless/protocol'
import { parseRetryAfter } from '../wallet/tx-tracker-retry.js'
import {
  certainlyNotSent,
  type FailedAttempt,
  nextDelay,
  type PlatformRetryOptions,
  type RetryMode,
  sleep,
} from './platform-retry.js'

export type { PlatformRetryOptions, RetryMode } from './platform-retry.js'

/**
 * A refusal from the platform's auth endpoints, `data.error` the OAuth code. `invalid_grant` (a code
 * expired, spent or bound to something else; a refresh token rotated away or revoked) is 4100 with
 * `data.reason: 'invalid_grant'` (DESIGN "Errors"); anything else is -32603.
 */
export class AuthPlatformError extends BridgeError {
  override name = 'AuthPlatformError'
  /** The OAuth `error` (e.g. `invalid_grant`) or problem+json `code`/`title`. */
  readonly error: string
  /** The HTTP status. */
  readonly status: number
  constructor(error: string, status: number, options?: ChainlessErrorOptions) {
    const grant = error === 'invalid_grant'
    super(
      grant ? 4100 : -32603,
      grant ? 'Authorization grant invalid' : 'The platform refused the authorization',
      grant ? { reason: 'invalid_grant', error, status } : { error, status },
      options,
    )
    this.error = error
    this.status = status
  }
}

/** Options of one {@link PlatformClient.call}. */
export interface CallOptions {
  json?: unknown
  form?: Record<string, string>
  bearer?: string
  signal?: AbortSignal | undefined
  /**
   * `repeatable` (default): retried on network failures, 5xx and 429. `unsent`: retried only when the
   * platform certainly did not act (connection never made, 429) — a refresh, which rotates on receipt.
   */
  retry?: RetryMode
}

/** @internal How the auth modules reach the platform. */
export interface PlatformClient {
  /** `method path` with a JSON or form body; resolves with the JSON answer (`null` for an empty one, e.g. 204). */
  call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options?: CallOptions): Promise<T>
}

/** @internal A {@link PlatformClient} on `fetch` for the API at `apiUrl`, retrying per `retry`. */
export function platformClient(
  apiUrl: string,
  fetchFn: typeof fetch = globalThis.fetch,
  retry: PlatformRetryOptions = {},
): PlatformClient {
  const wait = retry.sleep ?? sleep
  return {
    async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' }
      let body: string | undefined
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(options.json)
      } else if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded'
        body = new URLSearchParams(options.form).toString()
      }
      if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
      const url = new URL(path, apiUrl).href
      const mode = options.retry ?? 'repeatable'
      for (let attempt = 0; ; attempt++) {
        let response: Response | undefined
        let failure: FailedAttempt
        let cause: unknown
        try {
          response = await fetchFn(url, {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            // Tokens are not cookies: never send the wallet origin's credentials along.
            credentials: 'omit',
          })
        } catch (error) {
          if (options.signal?.aborted) throw options.signal.reason
          cause = error
        }
        if (response && response.status < 500 && response.status !== 429) {
          return answerOf<T>(response, path)
        }
        if (response) {
          // The body is of no use; release the connection.
          await response.body?.cancel().catch(() => undefined)
          failure = {
            status: response.status,
            // RFC 6585: a 429 was not processed.
            unsent: response.status === 429,
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          }
        } else {
          failure = { unsent: certainlyNotSent(cause) }
        }
        const delay = nextDelay(attempt, mode, failure, retry)
        if (delay === undefined) {
          throw new PlatformUnavailableError(
            'Platform unavailable',
            { attempts: attempt + 1 },
            {
              ...(cause === undefined ? {} : { cause }),
              details: `${path}: ${failure.status ? `HTTP ${failure.status}` : 'network failure'}`,
            },
          )
        }
        await wait(delay, options.signal)
      }
    },
  }
}

/** A non-retryable answer: JSON (or `null`), or the platform's refusal as {@link AuthPlatformError}. */
async function answerOf<T>(response: Response, path: string): Promise<T> {
  if (response.status === 204) return null as T
  const answer: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const a = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>
    const code = [a.error, a.code, a.title].find((x): x is string => typeof x === 'string') ?? 'http_error'
    const description = [a.error_description, a.detail].find((x): x is string => typeof x === 'string')
    throw new AuthPlatformError(code.slice(0, 64), response.status, {
      details: `${path}: ${(description ?? '').slice(0, 200)}`,
    })
  }
  // RFC 7009 revocation answers 200 with an empty body: callers check the shape they need.
  return (answer ?? null) as T
}
