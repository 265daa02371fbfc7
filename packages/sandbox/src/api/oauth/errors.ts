import type { ServerResponse } from 'node:http'
import { ChainlessError } from '@chainless/protocol'
import { ApiProblem } from '../problem.js'

/** RFC 6749 §5.2 error codes (plus RFC 7009's and RFC 6750's) the OAuth endpoints answer. */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'unsupported_token_type',
  'invalid_token',
  'server_error',
  'temporarily_unavailable',
] as const

/** One of {@link OAUTH_ERROR_CODES}. */
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number]

/**
 * An error the OAuth endpoints answer as RFC 6749 §5.2 JSON `{ error, error_description }` with
 * `Cache-Control: no-store` — what OAuth clients parse — instead of problem+json.
 *
 * @example
 * ```ts
 * throw new OAuthError(400, 'invalid_grant', 'The code expired or was used')
 * ```
 */
export class OAuthError extends ChainlessError {
  override name = 'OAuthError'
  readonly status: number
  readonly error: OAuthErrorCode
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
  readonly headers: Record<string, string>
  constructor(
    status: number,
    error: OAuthErrorCode,
    description: string,
    headers: Record<string, string> = {},
  ) {
    super(description, { docsPath: 'packages/sandbox#oauth' })
    this.status = status
    this.error = error
    this.headers = headers
  }
}

/** Is this request on an OAuth endpoint (`/oauth/*`), whose errors are OAuth JSON? */
export function isOAuthPath(target: string): boolean {
  return target.startsWith('/oauth/')
}

// RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
const descriptionOf = (text: string) => text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, ' ').slice(0, 300)

/**
 * Maps anything thrown while serving an OAuth endpoint to an {@link OAuthError}: an {@link ApiProblem}
 * whose code is already an OAuth code keeps it; validation and media-type refusals are
 * `invalid_request`; rate limits `temporarily_unavailable`; the rest `server_error`.
 */
export function toOAuthError(e: unknown): OAuthError {
  if (e instanceof OAuthError) return e
  if (e instanceof ApiProblem) {
    const headers = e.headers
    if ((OAUTH_ERROR_CODES as readonly string[]).includes(e.code))
      return new OAuthError(e.status, e.code as OAuthErrorCode, e.shortMessage, headers)
    if (e.status === 429) return new OAuthError(429, 'temporarily_unavailable', e.shortMessage, headers)
    if (e.status === 401) return new OAuthError(401, 'invalid_token', e.shortMessage, headers)
    if (e.status < 500) {
      const where = e.errors?.length ? `: ${e.errors.map((f) => `${f.pointer} ${f.message}`).join('; ')}` : ''
      return new OAuthError(e.status, 'invalid_request', `${e.shortMessage}${where}`, headers)
    }
    if (e.status === 503) return new OAuthError(503, 'temporarily_unavailable', e.shortMessage, headers)
    return new OAuthError(e.status, 'server_error', e.shortMessage, headers)
  }
  return new OAuthError(500, 'server_error', 'Internal error')
}

/** Writes `error` as RFC 6749 §5.2 JSON with `Cache-Control: no-store`. */
export function sendOAuthError(res: ServerResponse, error: OAuthError): void {
  const body = JSON.stringify({ error: error.error, error_description: descriptionOf(error.shortMessage) })
  for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v)
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    pragma: 'no-cache',
  })
  res.end(body)
}
