// @ts-check
// A static server on 127.0.0.1 (free port) that routes by Host, so `localhost`, `app.localhost` and
// `app2.localhost` are different origins on one port (Chromium resolves `*.localhost` to loopback).
// Same behaviour as e2e/support/static-server.ts, in plain JS so `node bench/run.js` runs it.
import { once } from 'node:events'
import { createServer } from 'node:http'

/** @typedef {{type: string, body: string | Buffer, headers?: Record<string, string>}} Route */
/** @typedef {Record<string, Record<string, Route>>} Sites */

/**
 * Starts the server. Every response is `cache-control: no-store`, so each iframe of the cold-start
 * benchmark, bridge app and empty page alike, loads from the network.
 * @param {Sites} sites routes by host name (without port), then path
 */
export async function startSites(sites) {
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const route = sites[host]?.[path]
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res
      .writeHead(200, { ...route.headers, 'content-type': route.type, 'cache-control': 'no-store' })
      .end(route.body)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  const { port } = address
  return {
    port,
    /** @param {string} host */
    origin: (host) => `http://${host}:${port}`,
    /** @returns {Promise<void>} */
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * An HTML page loading one module script, or running one inline classic script.
 * @param {{src?: string, inline?: string, body?: string, headers?: Record<string, string>}} page
 * @returns {Route}
 */
export function html({ src, inline, body = '', headers }) {
  const script = src ? `<script type="module" src="${src}"></script>` : `<script>${inline ?? ''}</script>`
  return {
    type: 'text/html; charset=utf-8',
    ...(headers && { headers }),
    body: `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>${body}${script}</body></html>`,
  }
}

/** @param {string} body */
export const js = (body) => ({ type: 'text/javascript; charset=utf-8', body })

/**
 * Headers that make a document cross-origin isolated (with `allow="cross-origin-isolated"` on its
 * iframe), the only way to get 5 µs `performance.now()` instead of 100 µs in Chromium.
 * @see https://web.dev/articles/coop-coep
 */
export const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'cross-origin',
}
