import type { IncomingMessage, ServerResponse } from 'node:http'

/** The sandbox's icon: a small rounded square with a link mark, inline so no origin answers 404. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M13 19l6-6M11 15l-2 2a4 4 0 006 6l2-2M21 17l2-2a4 4 0 00-6-6l-2 2" stroke="#fff" stroke-width="2.5" fill="none" stroke-linecap="round"/></svg>'

/**
 * Answers `GET`/`HEAD /favicon.ico` with {@link FAVICON_SVG} (200, `image/svg+xml`, cached a day).
 * Answers whether it did, so servers call it first and go on otherwise.
 *
 * @example
 * ```ts
 * createServer((req, res) => answerFavicon(req, res) || serve(req, res))
 * ```
 */
export function answerFavicon(req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.url ?? '').split('?')[0] !== '/favicon.ico') {
    return false
  }
  res.writeHead(200, {
    'content-type': 'image/svg+xml',
    'cache-control': 'public, max-age=86400',
    'content-length': Buffer.byteLength(FAVICON_SVG),
  })
  res.end(req.method === 'HEAD' ? undefined : FAVICON_SVG)
  return true
}
