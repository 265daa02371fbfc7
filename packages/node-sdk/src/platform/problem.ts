import { PlatformError, type PlatformFieldError } from '../errors.js'

/** Longest `detail` / `requestId` kept from an answer (the rest is cut: an answer is untrusted input). */
const MAX_TEXT = 1000
/** Most field errors kept from a validation problem. */
const MAX_FIELD_ERRORS = 50
const CODE_RE = /^[a-z][a-z0-9_]{0,99}$/

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_TEXT) : undefined

function fieldErrors(v: unknown): PlatformFieldError[] | undefined {
  if (!Array.isArray(v)) return undefined
  const out: PlatformFieldError[] = []
  // bounded: a sparse array 2^32 long must not be walked
  for (let i = 0; i < Math.min(v.length, MAX_FIELD_ERRORS); i++) {
    const e: unknown = v[i]
    if (typeof e !== 'object' || e === null) continue
    const { pointer, message } = e as Record<string, unknown>
    if (typeof pointer === 'string' && typeof message === 'string')
      out.push({ pointer: pointer.slice(0, MAX_TEXT), message: message.slice(0, MAX_TEXT) })
  }
  return out
}

/**
 * `Retry-After` (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP-date (IMF-fixdate); `undefined` when absent or
 * unreadable. A date in the past is 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()) // 2000
 * ```
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const v = value.trim()
  if (/^[0-9]{1,10}$/.test(v)) return Number(v) * 1000
  // IMF-fixdate only (RFC 9110 §5.6.7): Date.parse alone takes '-1' for a year
  if (!/^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/.test(v))
    return undefined
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/**
 * Any error answer → {@link PlatformError}: the problem+json members when the body is one (`code`,
 * `detail`, `requestId`, `errors`), else `http_<status>`; `requestId` falls back to `X-Request-Id`.
 * Never throws, whatever `body` holds.
 *
 * @example
 * ```ts
 * const error = problemToError(503, headers, '{"code":"injected_failure","requestId":"r1"}', Date.now())
 * error.code // 'injected_failure'
 * ```
 */
export function problemToError(status: number, headers: Headers, body: string, nowMs: number): PlatformError {
  let problem: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      problem = parsed as Record<string, unknown>
  } catch {
    // not JSON: a proxy's HTML page, a truncated body; the status still says what happened
  }
  const code =
    typeof problem.code === 'string' && CODE_RE.test(problem.code) ? problem.code : `http_${status}`
  return new PlatformError(code, {
    status,
    requestId: text(problem.requestId) ?? text(headers.get('x-request-id')),
    details: text(problem.detail) ?? text(problem.title),
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), nowMs),
    errors: fieldErrors(problem.errors),
  })
}
