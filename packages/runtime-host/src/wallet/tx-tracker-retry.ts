/**
 * The retry arithmetic of the transaction tracker: which answers are worth another try, how long to
 * wait (exponential backoff with full jitter), and what `Retry-After` says.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */

/** 408, 429 and every 5xx: the platform may answer differently later. Other 4xx are final. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500

/**
 * Full jitter: a random wait in [0, min(capMs, baseMs·2^attempt)). Spreads the retries of many wallets
 * after an outage instead of having them all knock at once.
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

/**
 * Milliseconds a `Retry-After` header asks to wait (delay-seconds or an HTTP date), or `undefined` when
 * absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (/^[0-9]{1,10}$/.test(text)) return Number(text) * 1000
  // An HTTP date is never all digits; Date.parse reads the IMF-fixdate form RFC 9110 requires.
  if (!/[A-Za-z]/.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
