/**
 * The platform client's contract: what services (messages, storage, analytics, …) are built on.
 * `createRequestClient` (./request.ts) implements it and `createPlatformClient` (./create-client.ts)
 * adds the services; tests and other modules may take any
 * object of this shape.
 */

/** HTTP methods the platform API serves. */
export type PlatformMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

/** Query parameters: `undefined` values are left out; arrays repeat the parameter. */
export type PlatformQuery = Readonly<
  Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>
>

/** Options of one {@link PlatformClient.request}. */
export interface PlatformRequestOptions {
  /** JSON-serialisable body (sent as `application/json`). */
  body?: unknown
  /** Query string parameters, appended to `path` (and signed with it). */
  query?: PlatformQuery | undefined
  /**
   * The `Idempotency-Key` (1..255 visible ASCII). Default: a fresh random key for every POST, PUT,
   * DELETE and PATCH, reused across that call's retries so a retried effect happens once.
   */
  idempotencyKey?: string | undefined
  /** Cancels the call; nothing is retried after it aborts. */
  signal?: AbortSignal | undefined
  /** Extra request headers (the signing headers and `Idempotency-Key` cannot be overridden). */
  headers?: Readonly<Record<string, string>> | undefined
}

/**
 * A signed, retrying client of the platform API.
 *
 * @example
 * ```ts
 * const me = await client.request<{ appId: string; name: string }>('GET', '/api/v1/apps/me')
 * ```
 */
export interface PlatformClient {
  /** The app this client acts for (the `X-Chainless-App` header). */
  readonly appId: string
  /** The platform's base URL, without a trailing slash (e.g. `http://localhost:8787`). */
  readonly baseUrl: string
  /**
   * Sends a signed request to `path` (absolute, starting with `/`) and answers the parsed JSON body
   * (`undefined` for 204). Throws `PlatformError` for a problem answer, `PlatformTimeoutError` or
   * `PlatformNetworkError` once the retry budget is spent, and the caller's abort reason when `signal`
   * aborts.
   */
  request<T = unknown>(method: PlatformMethod, path: string, options?: PlatformRequestOptions): Promise<T>
}
