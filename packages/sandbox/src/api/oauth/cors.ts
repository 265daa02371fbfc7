import type { IncomingMessage, ServerResponse } from 'node:http'

/** Endpoints a public client (a mini-program front end in a browser) calls directly. */
const PUBLIC_PATHS = new Set(['/oauth/token', '/oauth/revoke'])

/** Is `pathname` an endpoint open to every origin (token and revocation)? */
export function isPublicOAuthPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname)
}

/**
 * CORS of the token and revocation endpoints: any origin, without credentials (`*`: no cookies ever
 * count here; the client proves itself by PKCE or its secret). Answers `true` when it answered a
 * preflight.
 */
export function applyPublicCors(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.origin === undefined) return false
  res.setHeader('access-control-allow-origin', '*')
  res.setHeader('access-control-expose-headers', 'x-request-id, retry-after, www-authenticate')
  if (req.method !== 'OPTIONS') return false
  res.writeHead(204, {
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
  })
  res.end()
  return true
}
