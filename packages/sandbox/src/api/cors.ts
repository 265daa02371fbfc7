import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiProblem } from './problem.js'

/**
 * Request headers a browser may send. The `X-Chainless-*` HMAC headers are deliberately absent: app keys
 * belong to back ends, and listing them would invite a mini-program to ship its key to browsers.
 */
export const CORS_ALLOW_HEADERS = 'content-type, authorization, idempotency-key'
const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Applies the CORS policy (Fetch standard, "CORS protocol") to a request: `allowed` says whether its
 * `Origin` may read answers. Answers `true` when the request was a preflight and has been answered.
 *
 * @throws {ApiProblem} 403 `origin_not_allowed` (preflight or unsafe method from another origin),
 *   403 `app_key_in_browser` (a preflight asking for the HMAC headers).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: boolean): boolean {
  const origin = req.headers.origin
  const method = req.method ?? 'GET'
  if (origin !== undefined) res.setHeader('vary', 'Origin')
  if (allowed && origin !== undefined) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after')
  }
  if (method === 'OPTIONS') {
    if (!allowed)
      throw new ApiProblem(403, 'origin_not_allowed', `Origin ${origin ?? '(none)'} is not allowed`)
    const asked = String(req.headers['access-control-request-headers'] ?? '')
    if (/(^|[\s,])x-chainless-/i.test(asked)) {
      res.removeHeader('access-control-allow-origin')
      res.removeHeader('access-control-expose-headers')
      throw appKeyInBrowser()
    }
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PUT, DELETE',
      'access-control-allow-headers': CORS_ALLOW_HEADERS,
      'access-control-max-age': '600',
    })
    res.end()
    return true
  }
  if (origin !== undefined && !allowed && !SAFE_METHODS.has(method))
    throw new ApiProblem(403, 'origin_not_allowed', `Origin ${origin} is not allowed`)
  return false
}

/** The refusal of app authentication from a browser. */
export function appKeyInBrowser(): ApiProblem {
  return new ApiProblem(
    403,
    'app_key_in_browser',
    'App authentication (X-Chainless-* headers) is for back ends: a request from a browser (with an Origin) cannot use an app key',
  )
}
