import type { IncomingHttpHeaders } from 'node:http'
import { ApiProblem } from './problem.js'

/** Is this request path one of the sandbox's admin routes (`/__sandbox/*`)? */
export const isAdminPath = (pathname: string): boolean => pathname.startsWith('/__sandbox/')

/**
 * Admin routes (the fault knobs) are for the wallet and for non-browser callers only, so that an app's
 * front end cannot rewrite them: a request with an `Origin` must come from the wallet's origin; one
 * without must not be a cross-site or same-site browser request (`Sec-Fetch-Site` absent, `none` — the
 * user typed the URL — or `same-origin`).
 *
 * @throws {ApiProblem} 403 `admin_forbidden`
 */
export function assertAdminCaller(headers: IncomingHttpHeaders, walletOrigin: string): void {
  const origin = headers.origin
  const site = headers['sec-fetch-site']
  const allowed =
    origin !== undefined
      ? origin === walletOrigin
      : site === undefined || site === 'none' || site === 'same-origin'
  if (!allowed)
    throw new ApiProblem(
      403,
      'admin_forbidden',
      'The sandbox admin routes are for the wallet and non-browser callers only',
    )
}
