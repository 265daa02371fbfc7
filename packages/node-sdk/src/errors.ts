import { ChainlessError } from '@chainless/protocol'

/**
 * An OAuth endpoint (token, revocation, introspection) refused: the RFC 6749 §5.2 `error` code
 * (`invalid_grant`, `invalid_client`, …), its description and the HTTP status.
 *
 * @example
 * ```ts
 * try { await auth.exchangeCode(params) } catch (e) {
 *   if (e instanceof OAuthError && e.error === 'invalid_grant') return restartLogin()
 * }
 * ```
 */
export class OAuthError extends ChainlessError {
  override name = 'OAuthError'
  /** The RFC 6749 §5.2 error code. */
  declare readonly error: string
  /** The server's `error_description`, if any. */
  declare readonly error_description: string | undefined
  /** HTTP status of the answer (0 when no answer was parsed). */
  declare readonly status: number
  constructor(
    error: string,
    options: { error_description?: string | undefined; status?: number; cause?: unknown } = {},
  ) {
    super(`OAuth error: ${error}`, { details: options.error_description, cause: options.cause })
    this.error = error
    this.error_description = options.error_description
    this.status = options.status ?? 0
  }
}

/** One validation failure of a problem answer: where (a JSON pointer or a parameter) and what. */
export interface PlatformFieldError {
  pointer: string
  message: string
}

/**
 * The platform API answered with an RFC 9457 problem (`application/problem+json`): its `code`
 * (the problem's `code` member, else `http_<status>`), HTTP `status`, the `requestId` to quote to
 * support and, on 429 / 503, how long the platform asked to wait (`retryAfterMs`).
 *
 * @example
 * ```ts
 * try { await client.storage.app.set('k', big) } catch (e) {
 *   if (e instanceof PlatformError && e.code === 'payload_too_large') shrink()
 *   else throw e
 * }
 * ```
 */
export class PlatformError extends ChainlessError {
  override name = 'PlatformError'
  /** A stable machine-readable code (e.g. `invalid_token`, `rate_limited`). */
  declare readonly code: string
  /** HTTP status. */
  declare readonly status: number
  /** The platform's request id (problem `requestId` or the `x-request-id` header). */
  declare readonly requestId: string | undefined
  /** `Retry-After` of the answer, in ms, when it had one. */
  declare readonly retryAfterMs: number | undefined
  /** Field errors of a validation problem (`errors` member), when given. */
  declare readonly errors: readonly PlatformFieldError[] | undefined
  constructor(
    code: string,
    options: {
      status: number
      requestId?: string | undefined
      details?: string | undefined
      retryAfterMs?: number | undefined
      errors?: readonly PlatformFieldError[] | undefined
    },
  ) {
    super(`Platform error: ${code}`, { details: options.details })
    this.code = code
    this.status = options.status
    this.requestId = options.requestId
    this.retryAfterMs = options.retryAfterMs
    this.errors = options.errors
  }
}

/**
 * Every attempt of a platform call timed out (`timeoutMs` each); `attempts` says how many were made.
 *
 * @example
 * ```ts
 * try { await client.apps.me() } catch (e) { if (e instanceof PlatformTimeoutError) alertSlowPlatform() }
 * ```
 */
export class PlatformTimeoutError extends ChainlessError {
  override name = 'PlatformTimeoutError'
  /** Attempts made (all within the retry budget). */
  declare readonly attempts: number
  /** The per-attempt timeout, in ms. */
  declare readonly timeoutMs: number
  constructor(options: { attempts: number; timeoutMs: number; cause?: unknown }) {
    super('Platform request timed out', {
      details: `${options.attempts} attempt(s) of ${options.timeoutMs} ms`,
      cause: options.cause,
    })
    this.attempts = options.attempts
    this.timeoutMs = options.timeoutMs
  }
}

/**
 * The platform could not be reached (connection refused or reset, DNS, TLS) on every attempt of the
 * retry budget; `cause` is the last failure.
 *
 * @example
 * ```ts
 * try { await client.apps.me() } catch (e) { if (e instanceof PlatformNetworkError) console.error(e.cause) }
 * ```
 */
export class PlatformNetworkError extends ChainlessError {
  override name = 'PlatformNetworkError'
  /** Attempts made. */
  declare readonly attempts: number
  constructor(options: { attempts: number; cause?: unknown }) {
    super('Platform unreachable', { details: `${options.attempts} attempt(s)`, cause: options.cause })
    this.attempts = options.attempts
  }
}

/**
 * The client refused a call before sending anything: a bad argument (`field` says which), e.g. a
 * storage key that no URL can carry, or a body that is not JSON.
 *
 * @example
 * ```ts
 * await client.storage.app.get('..') // throws PlatformInputError (field 'key')
 * ```
 */
export class PlatformInputError extends ChainlessError {
  override name = 'PlatformInputError'
  /** The argument at fault. */
  declare readonly field: string
  constructor(field: string, details: string, options: { cause?: unknown } = {}) {
    super(`Invalid ${field}`, { details, cause: options.cause })
    this.field = field
  }
}

/** Why a webhook delivery was refused by {@link WebhookVerificationError}. */
export type WebhookVerificationReason =
  | 'missing_header'
  | 'bad_signature'
  | 'timestamp_skew'
  | 'replayed'
  | 'malformed'

/**
 * A webhook delivery failed verification; `reason` says which check. Answer 400 (401 for
 * `bad_signature`) and do not act on it.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof WebhookVerificationError) res.writeHead(e.reason === 'bad_signature' ? 401 : 400).end() }
 * ```
 */
export class WebhookVerificationError extends ChainlessError {
  override name = 'WebhookVerificationError'
  /** Which check failed. */
  declare readonly reason: WebhookVerificationReason
  constructor(reason: WebhookVerificationReason, options: { details?: string; cause?: unknown } = {}) {
    super(`Webhook rejected: ${reason}`, options)
    this.reason = reason
  }
}

/** Why an access token was refused by {@link TokenVerificationError}. */
export type TokenVerificationReason =
  | 'expired'
  | 'not_yet_valid'
  | 'issuer'
  | 'audience'
  | 'type'
  | 'algorithm'
  | 'signature'
  | 'unknown_key'
  | 'scope'
  | 'malformed'

/** An access token failed verification; `reason` says which check. Answer 401 (403 for `scope`). */
export class TokenVerificationError extends ChainlessError {
  override name = 'TokenVerificationError'
  /** Which check failed. */
  declare readonly reason: TokenVerificationReason
  constructor(reason: TokenVerificationReason, options: { details?: string; cause?: unknown } = {}) {
    super(`Access token rejected: ${reason}`, options)
    this.reason = reason
  }
}

/** A valid token without every required scope (RFC 6750 §3.1 `insufficient_scope`). */
export class InsufficientScopeError extends TokenVerificationError {
  override name = 'InsufficientScopeError'
  /** The required scopes the token lacks. */
  declare readonly missing: readonly string[]
  constructor(missing: readonly string[]) {
    super('scope', { details: `missing scope(s): ${missing.join(' ')}` })
    this.missing = missing
  }
}

/** Why a Sign-In with Ethereum message was refused by {@link SiweError}. */
export type SiweReason =
  | 'malformed'
  | 'domain'
  | 'uri'
  | 'chain'
  | 'issued_at'
  | 'expired'
  | 'not_yet_valid'
  | 'nonce'
  | 'signature'

/** An EIP-4361 message or its signature was refused; `reason` says which check. */
export class SiweError extends ChainlessError {
  override name = 'SiweError'
  /** Which check failed. */
  declare readonly reason: SiweReason
  constructor(reason: SiweReason, options: { details?: string; cause?: unknown } = {}) {
    super(`Sign-In with Ethereum rejected: ${reason}`, options)
    this.reason = reason
  }
}
