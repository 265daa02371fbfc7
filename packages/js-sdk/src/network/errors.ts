import { ChainlessError } from '@chainless/protocol'

/** Options of {@link PlatformError}. */
export interface PlatformErrorOptions {
  /** HTTP status of the answer. */
  status: number
  /** The request id to quote to support: the problem's `requestId`, else the `X-Request-Id` header. */
  requestId?: string | undefined
  /** How long the server asked to wait (`Retry-After`), ms. */
  retryAfterMs?: number | undefined
  /** The problem's `detail` (or `title`). */
  details?: string | undefined
  /** The parsed problem document (RFC 9457), extension members included. */
  problem?: Readonly<Record<string, unknown>> | undefined
}

/**
 * An HTTP error answer, typed: the problem's `code` (RFC 9457 `application/problem+json`; `http_<status>`
 * when the answer is not a problem document), the HTTP `status` and the `requestId`. The platform API
 * and well-behaved back ends answer problems; any other error answer still becomes this error.
 *
 * @example
 * ```ts
 * try { await fetch('/api/v1/userinfo') }
 * catch (e) { if (e instanceof PlatformError && e.code === 'rate_limited') showLater(e.retryAfterMs) }
 * ```
 */
export class PlatformError extends ChainlessError {
  override name = 'PlatformError'
  /** A stable machine-readable code (`invalid_token`, `rate_limited`, `http_404`, ...). */
  declare readonly code: string
  /** HTTP status. */
  declare readonly status: number
  /** The server's request id, if it sent one. */
  declare readonly requestId: string | undefined
  /** `Retry-After`, ms, if the server sent one. */
  declare readonly retryAfterMs: number | undefined
  /** The problem document, if the answer was one. */
  declare readonly problem: Readonly<Record<string, unknown>> | undefined
  constructor(code: string, options: PlatformErrorOptions) {
    super(`Request failed: ${code} (HTTP ${options.status})`, {
      details: options.details,
      docsPath: 'packages/js-sdk#network',
    })
    this.code = code
    this.status = options.status
    this.requestId = options.requestId
    this.retryAfterMs = options.retryAfterMs
    this.problem = options.problem
  }
}

/**
 * The request got no answer (connection refused or reset, DNS, CORS refusal, offline) after the retries
 * it was allowed. The browser's `TypeError` is the `cause`.
 *
 * @example
 * ```ts
 * try { await fetch('/api/orders') } catch (e) { if (e instanceof NetworkError) showOffline() }
 * ```
 */
export class NetworkError extends ChainlessError {
  override name = 'NetworkError'
  constructor(cause: unknown) {
    super('Network error', { cause, docsPath: 'packages/js-sdk#network' })
  }
}
