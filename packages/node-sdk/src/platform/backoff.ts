/**
 * Retry timing: exponential backoff with full jitter (a random delay in [0, min(max, base·2^n)), so
 * many clients failing together do not retry together) and an abortable sleep.
 */

/**
 * The delay before retry number `retry` (0 for the first retry): full jitter over an exponential cap.
 *
 * @example
 * ```ts
 * backoffDelay(2, { baseMs: 200, maxMs: 5000 }, Math.random) // somewhere in [0, 800)
 * ```
 */
export function backoffDelay(
  retry: number,
  options: { baseMs: number; maxMs: number },
  random: () => number,
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(retry, 30))
  return Math.floor(random() * cap)
}

/**
 * Waits `ms`, or rejects with `signal.reason` as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * await sleep(250, controller.signal)
 * ```
 */
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
