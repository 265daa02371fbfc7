// @ts-check
// A static server on 127.0.0.1 (free port) that routes by Host, so `localhost`, `app.localhost` and
// `evil.localhost` are different origins on one port (Chromium resolves `*.localhost` to loopback).
// Plain JS so both the Playwright tests and `node bench/run.js` use it.
import { once } from 'node:events'
import { createServer } from 'node:http'

/** @typedef {{type: string, body: string | Buffer, headers?: Record<string, string>}} Route */
/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} Handler */
/** @typedef {Record<string, Record<string, Route | Handler>>} Sites */

/**
 * Starts the server. Every response is `cache-control: no-store`.
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
    if (typeof route === 'function') return route(req, res)
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
 * A valid, unsigned manifest of the test app `appId` on `origin`, its entry at `path` (the hosts that
 * mount it pass `allowUnverifiedManifests: true`).
 * @param {string} appId
 * @param {string} origin
 * @param {string} [path]
 */
export function testManifest(appId, origin, path = '/') {
  return { appId, name: `App ${appId}`, version: '1.0.0', origin, entryUrl: `${origin}${path}`, scopes: [] }
}
