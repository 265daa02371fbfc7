import { existsSync, statSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import { join } from 'node:path'
import { ChainlessError } from '@chainless/protocol'
import sirv from 'sirv'
import { APP_ID_PATTERN } from '../app-id.js'
import { answerFavicon } from '../http/favicon.js'
import { closeServer, listen } from '../http/listen.js'
import { isServablePath } from '../http/static.js'

/** An app folder that does not exist (or is not a folder). */
export class AppFolderError extends ChainlessError {
  override name = 'AppFolderError'
  readonly code = 'app_folder_missing'
  constructor(
    readonly appId: string,
    readonly dir: string,
  ) {
    super(`App ${appId}: ${dir} is not a folder`)
  }
}

/** A running HTTP server. */
export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

function closer(server: Server): () => Promise<void> {
  return () => closeServer(server)
}

const securityHeaders = (res: Parameters<RequestListener>[1]) => {
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'no-referrer')
}

const notFound = (res: Parameters<RequestListener>[1]) =>
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')

/**
 * Wraps a static handler so that dotfiles (`.env`, `.git/`), `.`/`..` segments and encoded traversal
 * are 404 before the file server sees the path (sirv's dev mode serves dotfiles).
 */
function guarded(serve: ReturnType<typeof sirv>): RequestListener {
  return (req, res) => {
    if (!isServablePath(req.url ?? '/')) {
      notFound(res)
      return
    }
    serve(req, res, () => {
      notFound(res)
    })
  }
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
  const serve = guarded(sirv(options.dir, { dev: true, etag: true }))
  const server = createServer((req, res) => {
    securityHeaders(res)
    if (answerFavicon(req, res)) return
    if (req.url === '/config.json') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(options.config))
      return
    }
    serve(req, res)
  })
  const port = await listen(server, 'demo wallet', options.port, options.host)
  return { url: `http://localhost:${port}`, port, close: closer(server) }
}

/** What the mini-programs' server adds to a {@link RunningServer}. */
export interface AppsServer {
  /** The origin an app is served on, `http://<appId>.localhost:<port>`. */
  origin(appId: string): string
  /** Serves `dir` on the app's origin from now on (an app's folder attached in the store). @throws {AppFolderError} */
  serve(appId: string, dir: string): void
  /** Whether an app has a folder served. */
  serves(appId: string): boolean
}

/**
 * Serves each mini-program on its own origin, `http://<appId>.localhost:<port>`, routing by `Host`.
 * Unknown app ids get 404: one app can never be served from another's origin. An app with an entry in
 * `configs` also gets `/config.json` (read on each request: e.g. where its back end listens).
 */
export async function startAppsServer(options: {
  apps: ReadonlyMap<string, string>
  port: number
  host: string
  configs?: ReadonlyMap<string, () => unknown>
}): Promise<RunningServer & AppsServer> {
  const handlers = new Map<string, RequestListener>()
  const appDirs = new Map<string, string>()
  const serveDir = (appId: string, dir: string) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AppFolderError(appId, dir)
    appDirs.set(appId, dir)
    handlers.set(appId, guarded(sirv(dir, { dev: true, etag: true, single: false })))
  }
  for (const [appId, dir] of options.apps) serveDir(appId, dir)
  const server = createServer((req, res) => {
    securityHeaders(res)
    const match = /^([^.:]+)\.localhost(:\d+)?$/.exec(req.headers.host ?? '')
    const serve = match && APP_ID_PATTERN.test(match[1]!) ? handlers.get(match[1]!) : undefined
    // an app's own favicon.ico wins; every other origin of this server gets the sandbox's
    if (
      !(serve && appDirs.has(match![1]!) && existsSync(join(appDirs.get(match![1]!)!, 'favicon.ico'))) &&
      answerFavicon(req, res)
    )
      return
    if (!serve) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no mini-program on this origin')
      return
    }
    const config = options.configs?.get(match![1]!)
    if (config && req.url === '/config.json') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(config()))
      return
    }
    serve(req, res)
  })
  const port = await listen(server, 'mini-programs', options.port, options.host)
  return {
    url: `http://<appId>.localhost:${port}`,
    port,
    origin: (appId) => `http://${appId}.localhost:${port}`,
    serve: serveDir,
    serves: (appId) => handlers.has(appId),
    close: closer(server),
  }
}
