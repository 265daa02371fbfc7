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

/**
 * The platform API answered with an RFC 9457 problem (`application/problem+json`): its `code`
 * (the problem's `code` member, else its `title`), HTTP `status` and the `requestId` to quote to
 * support.
 */
export class PlatformError extends ChainlessError {
  override name = 'PlatformError'
  /** A stable machine-readable code (e.g. `invalid_token`). */
  declare readonly code: string
  /** HTTP status. */
  declare readonly status: number
  /** The platform's request id (problem `requestId` or the `x-request-id` header). */
  declare readonly requestId: string | undefined
  constructor(
    code: string,
    options: { status: number; requestId?: string | undefined; details?: string | undefined },
  ) {
    super(`Platform error: ${code}`, { details: options.details })
    this.code = code
    this.status = options.status
    this.requestId = options.requestId
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
