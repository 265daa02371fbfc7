import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A route table keyed by host name (without port), then path. */
export type Sites = Record<
  string,
  Record<
    string,
    { type: string; body: string | Buffer } | ((req: IncomingMessage, res: ServerResponse) => void)
  >
>

/**
 * An HTTP server on 127.0.0.1 (free port) that routes by `Host`, so `localhost`, `app.localhost`
 * and `evil.localhost` are different origins on one port, as Chromium resolves `*.localhost` to loopback.
 */
export async function startSites(
  sites: Sites,
): Promise<{ port: number; origin: (host: string) => string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const route = sites[host]?.[path]
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    if (typeof route === 'function') return route(req, res)
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(route.body)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    port,
    origin: (host) => `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
