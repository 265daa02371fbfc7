/**
 * The platform's auth endpoints as the host calls them: JSON in, JSON out, errors typed. A network
 * failure or a 5xx is `PlatformUnavailableError` (-32002); an OAuth error answer (RFC 6749 §5.2
 * `{ error, error_description }`) or a problem+json one is {@link AuthPlatformError} with the
 * OAuth/problem code in `data.error` (safe for the app to see: it names no token).
 */
import { BridgeError, type ChainlessErrorOptions, PlatformUnavailableError } from '@chainless/protocol'

/** A refusal from the platform's auth endpoints (-32603 on the bridge), `data.error` the OAuth code. */
export class AuthPlatformError extends BridgeError {
  override name = 'AuthPlatformError'
  /** The OAuth `error` (e.g. `invalid_grant`) or problem+json `code`/`title`. */
  readonly error: string
  /** The HTTP status. */
  readonly status: number
  constructor(error: string, status: number, options?: ChainlessErrorOptions) {
    super(-32603, 'The platform refused the authorization', { error, status }, options)
    this.error = error
    this.status = status
  }
}

/** @internal How the auth modules reach the platform. */
export interface PlatformClient {
  /** `method path` with a JSON or form body; resolves with the JSON answer (`null` for an empty one, e.g. 204). */
  call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options?: {
      json?: unknown
      form?: Record<string, string>
      bearer?: string
      signal?: AbortSignal | undefined
    },
  ): Promise<T>
}

/** @internal A {@link PlatformClient} on `fetch` for the API at `apiUrl`. */
export function platformClient(apiUrl: string, fetchFn: typeof fetch = globalThis.fetch): PlatformClient {
  return {
    async call<T>(
      method: 'GET' | 'POST' | 'DELETE',
      path: string,
      options: {
        json?: unknown
        form?: Record<string, string>
        bearer?: string
        signal?: AbortSignal | undefined
      } = {},
    ): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' }
      let body: string | undefined
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(options.json)
      } else if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded'
        body = new URLSearchParams(options.form).toString()
      }
      if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
      let response: Response
      try {
        response = await fetchFn(new URL(path, apiUrl).href, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          // Tokens are not cookies: never send the wallet origin's credentials along.
          credentials: 'omit',
        })
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason
        throw new PlatformUnavailableError('Platform unavailable', undefined, { cause: error, details: path })
      }
      if (response.status >= 500) {
        throw new PlatformUnavailableError('Platform unavailable', undefined, {
          details: `${path}: HTTP ${response.status}`,
        })
      }
      if (response.status === 204) return null as T
      const answer: unknown = await response.json().catch(() => undefined)
      if (!response.ok) {
        const a = (answer ?? {}) as Record<string, unknown>
        const code =
          [a.error, a.code, a.title].find((x): x is string => typeof x === 'string') ?? 'http_error'
        const description = [a.error_description, a.detail].find((x): x is string => typeof x === 'string')
        throw new AuthPlatformError(code.slice(0, 64), response.status, {
          details: `${path}: ${(description ?? '').slice(0, 200)}`,
        })
      }
      // RFC 7009 revocation answers 200 with an empty body: callers check the shape they need.
      return (answer ?? null) as T
    },
  }
}
