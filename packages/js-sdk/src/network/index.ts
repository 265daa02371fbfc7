/**
 * `@chainless/js-sdk/network`: a `fetch`-compatible function for the platform API and the app's own
 * back end (access token, one refresh on 401, bounded retries with backoff and `Retry-After`, abort,
 * typed problem+json errors). No dependencies; apps that only call `ready` do not pay for it.
 */
import { createFetch } from './fetch.js'

export { ChainlessError, InvalidParamsError } from '@chainless/protocol'
export { NetworkError, PlatformError, type PlatformErrorOptions } from './errors.js'
export { createFetch, type Fetch, type FetchOptions, type RetryInfo } from './fetch.js'
export type { TokenGetter } from './token.js'

/**
 * `createFetch()` with the defaults: relative URLs and the token go to the document's own origin (your
 * back end beside the app), the wallet's access token for this app, 2 retries.
 *
 * @example
 * ```ts
 * import { fetch } from '@chainless/js-sdk/network'
 * const orders = await (await fetch('/api/orders')).json()
 * ```
 */
export const fetch: ReturnType<typeof createFetch> = /* @__PURE__ */ createFetch()
