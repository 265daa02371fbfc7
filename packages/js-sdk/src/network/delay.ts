/**
 * @internal Exponential backoff with full jitter ("Exponential Backoff and Jitter", AWS Architecture
 * Blog, 2015): uniform in [0, min(maxMs, baseMs · 2^attempt)), so clients that failed together do not
 * retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt))
}

/**
 * @internal `Retry-After` (RFC 9110 §10.2.3) in ms from `now`: delay-seconds or an HTTP-date (a date in
 * the past is 0). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? ''
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000
  // Bounded before Date.parse; a date needs a letter (a bare number above is seconds or nothing).
  if (text.length > 64 || !/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** @internal Waits `ms`; rejects with `signal.reason` as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
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
