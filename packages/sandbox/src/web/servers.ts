import { once } from 'node:events'
import { existsSync, statSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'

/** A running HTTP server. */
export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

/** Thrown when a port is taken: the CLI prints its message, not a stack. */
export class PortInUseError extends Error {
  override name = 'PortInUseError'
  readonly code = 'EADDRINUSE'
  constructor(
    readonly what: string,
    readonly port: number,
  ) {
    super(`${what}: port ${port} is already in use (choose another with its flag, or stop what uses it)`)
  }
}

/** Listens on `host:port`, turning EADDRINUSE into a {@link PortInUseError}. */
export async function listen(server: Server, what: string, port: number, host: string): Promise<number> {
  server.listen(port, host)
  try {
    await once(server, 'listening')
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(what, port)
    throw error
  }
  return (server.address() as AddressInfo).port
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
}

const securityHeaders = (res: Parameters<RequestListener>[1]) => {
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'no-referrer')
}

/**
 * Serves the demo wallet (a static folder) plus its `config.json` at `http://localhost:<port>`.
 */
export async function startWalletServer(options: {
  dir: string
  port: number
  host: string
  config: unknown
}): Promise<RunningServer> {
  const serve = sirv(options.dir, { dev: true, etag: true })
  const server = createServer((req, res) => {
    securityHeaders(res)
    if (req.url === '/config.json') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(options.config))
      return
    }
    serve(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    })
  })
  const port = await listen(server, 'demo wallet', options.port, options.host)
  return { url: `http://localhost:${port}`, port, close: closer(server) }
}

/**
 * Serves each mini-program on its own origin, `http://<appId>.localhost:<port>`, routing by `Host`.
 * Unknown app ids get 404: one app can never be served from another's origin.
 */
export async function startAppsServer(options: {
  apps: ReadonlyMap<string, string>
  port: number
  host: string
}): Promise<RunningServer & { origin(appId: string): string }> {
  const handlers = new Map<string, ReturnType<typeof sirv>>()
  for (const [appId, dir] of options.apps) {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new Error(`App ${appId}: ${dir} is not a folder`)
    handlers.set(appId, sirv(dir, { dev: true, etag: true, single: false }))
  }
  const server = createServer((req, res) => {
    securityHeaders(res)
    const match = /^([a-z0-9][a-z0-9-]{0,62})\.localhost(:\d+)?$/.exec(req.headers.host ?? '')
    const serve = match ? handlers.get(match[1]!) : undefined
    if (!serve) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no mini-program on this origin')
      return
    }
    serve(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    })
  })
  const port = await listen(server, 'mini-programs', options.port, options.host)
  return {
    url: `http://<appId>.localhost:${port}`,
    port,
    origin: (appId) => `http://${appId}.localhost:${port}`,
    close: closer(server),
  }
}
