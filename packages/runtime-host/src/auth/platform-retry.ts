/**
 * When the host's auth calls to the platform try again: bounded attempts, exponential backoff with
 * full jitter, `Retry-After` honoured up to a cap, and never a second attempt that could do harm.
 *
 * Two kinds of call:
 * - `repeatable`: a second copy of the request is harmless (nonce, revoke, grant deletion) or fails
 *   cleanly on a 4xx without destroying anything that was not already lost (a wallet authorize or a
 *   sign-in whose nonce the first copy spent; a code whose first redemption answered into the void —
 *   the platform then revokes those unseen tokens, RFC 6749 §4.1.2). Retried on network failures,
 *   5xx and 429.
 * - `unsent`: a refresh. The platform rotates the refresh token on receipt; if the answer is lost and
 *   the host sends the old token again, that is exactly what a thief replaying a stolen token looks
 *   like, and the platform revokes the whole family (RFC 9700 §4.14.2). So a refresh is retried only
 *   when the platform certainly did not act on it: the connection was never made (refused, no route,
 *   no DNS) or it answered 429 (RFC 6585: not processed). A 5xx or a reset after sending may have
 *   rotated the token: the call fails with -32002 and keeps the tokens; the next call's refresh either
 *   works or meets reuse detection, which drops them and authorizes again (no user prompt for scopes
 *   already granted).
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
import { fullJitterDelay } from '../wallet/tx-tracker-retry.js'

/** How a call may be repeated: see the module's documentation. */
export type RetryMode = 'repeatable' | 'unsent'

/** Retry budget of the host's auth calls to the platform. */
export interface PlatformRetryOptions {
  /** Attempts in all, the first included (default 4; 1 = no retry). */
  attempts?: number
  /** First backoff ceiling, ms (default 250): attempt n waits a random time below `baseMs·2^n`. */
  baseMs?: number
  /** Largest backoff ceiling, ms (default 2,000). */
  capMs?: number
  /** The longest `Retry-After` honoured, ms (default 5,000); asked for longer, the call gives up at once. */
  maxRetryAfterMs?: number
  /** Waits `ms` (tests inject one); rejects with the signal's reason when it aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Random source in [0, 1) for the jitter (tests). */
  random?: () => number
}

/** The defaults: 4 attempts, waits below 250, 500, 1,000 ms; at most ~1.75 s of backoff in all. */
export const DEFAULT_PLATFORM_RETRY = {
  attempts: 4,
  baseMs: 250,
  capMs: 2_000,
  maxRetryAfterMs: 5_000,
} as const

/** Connection errors raised before a single byte of the request left (Node's fetch puts them on `cause`). */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * Whether a `fetch` failure certainly happened before the request was sent: a connection refused, an
 * unknown host, no route. Browsers say only "Failed to fetch": that is never certain.
 */
export function certainlyNotSent(error: unknown): boolean {
  // The cause chain is ours (fetch's), but bounded all the same.
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && NOT_SENT.has(code)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/** A failed attempt: what happened, whether it is certain the platform did nothing, what it asked. */
export interface FailedAttempt {
  /** Network failure, or the HTTP status (5xx, 429). */
  status?: number
  /** The platform certainly did not act on the request. */
  unsent: boolean
  /** What `Retry-After` asked for, ms. */
  retryAfterMs?: number | undefined
}

/**
 * How long to wait before the next attempt after `failure` (attempt `attempt`, 0-based), or
 * `undefined` to give up: budget spent, a call that must not be repeated, or a `Retry-After` beyond
 * the cap (retrying sooner than asked would just be refused again).
 */
export function nextDelay(
  attempt: number,
  mode: RetryMode,
  failure: FailedAttempt,
  options: PlatformRetryOptions = {},
): number | undefined {
  const o = { ...DEFAULT_PLATFORM_RETRY, ...options }
  if (attempt + 1 >= o.attempts) return undefined
  if (mode === 'unsent' && !failure.unsent) return undefined
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs > o.maxRetryAfterMs ? undefined : failure.retryAfterMs
  }
  return fullJitterDelay(attempt, o.baseMs, o.capMs, o.random ?? Math.random)
}

/** `setTimeout` as a promise that an abort ends early (rejecting with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
