import { findApp, type Store } from '../store/index.js'
import { type AppReport, fileReport, type ReportReason } from '../store/reports.js'
import { ApiProblem } from './problem.js'
import { RateLimiter, type RateLimitOptions } from './rateLimit.js'

/** Default rate limit of reports per client address: 5 in a burst, then one every 12 s. */
export const REPORT_RATE_LIMIT: Required<RateLimitOptions> = { capacity: 5, refillPerSecond: 5 / 60 }

/** What a report carries (the document's `AppReportRequest`). */
export interface ReportInput {
  reason: ReportReason
  details?: string
  contact?: string
}

/** The reasons a report may give, in the form's order. */
export const REPORT_REASONS: readonly ReportReason[] = ['scam', 'malware', 'inappropriate', 'broken', 'other']

/**
 * Files reports (the API route and the `/report` form share it): the app must exist, a client may
 * file a few a minute.
 *
 * @example
 * ```ts
 * const desk = new ReportDesk(store)
 * desk.file('127.0.0.1', 'hello', { reason: 'scam' })
 * ```
 */
export class ReportDesk {
  readonly #store: Store
  readonly #limiter: RateLimiter | undefined
  constructor(store: Store, options: { rateLimit?: RateLimitOptions | false; now?: () => number } = {}) {
    this.#store = store
    this.#limiter =
      options.rateLimit === false
        ? undefined
        : new RateLimiter(options.rateLimit ?? REPORT_RATE_LIMIT, options.now)
  }

  /**
   * Stores a report about `appId` from `client` (its address).
   * @throws {ApiProblem} 429 `rate_limited`, 404 `app_not_found`
   */
  file(client: string, appId: string, input: ReportInput): AppReport {
    const wait = this.#limiter?.take(`report:${client}`) ?? 0
    if (wait > 0)
      throw new ApiProblem(429, 'rate_limited', `Too many reports; retry in ${wait} s`, {
        headers: { 'retry-after': String(wait) },
      })
    if (!findApp(this.#store, appId))
      throw new ApiProblem(404, 'app_not_found', `No app "${appId.slice(0, 100)}"`)
    return fileReport(this.#store, {
      appId,
      reason: input.reason,
      ...(input.details ? { details: input.details } : {}),
      ...(input.contact ? { contact: input.contact } : {}),
    })
  }
}
