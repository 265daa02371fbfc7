// Serves the ui-kit gallery on 127.0.0.1: bundles src/main.tsx with esbuild (the @chainless packages
// resolved to their sources, so no build is needed) and serves it with a strict CSP.
// `node examples/ui-gallery/serve.js [port]` or `startGallery({ port: 0 })` from a test.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const SOURCES = {
  '@chainless/ui-kit': here('../../packages/ui-kit/src/index.ts'),
  '@chainless/ui-kit/adapter': here('../../packages/ui-kit/src/adapter.tsx'),
  '@chainless/protocol': here('../../packages/protocol/src/index.ts'),
}

/** Bundles the gallery page script. */
export async function bundleGallery() {
  const result = await build({
    entryPoints: [here('./src/main.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'chainless-sources',
        setup(b) {
          b.onResolve({ filter: /^@chainless\// }, (args) =>
            SOURCES[args.path] ? { path: SOURCES[args.path] } : undefined,
          )
        },
      },
    ],
  })
  return result.outputFiles[0].text
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Starts the gallery server on 127.0.0.1.
 * @param {{ port?: number }} [options] port 0 (default) picks a free port
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startGallery({ port = 0 } = {}) {
  const [script, html, css] = await Promise.all([
    bundleGallery(),
    readFile(here('./index.html'), 'utf8'),
    readFile(here('./gallery.css'), 'utf8'),
  ])
  const files = {
    '/': ['text/html; charset=utf-8', html],
    '/main.js': ['text/javascript; charset=utf-8', script],
    '/gallery.css': ['text/css; charset=utf-8', css],
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = files[path]
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': file[0],
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : file[1])
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startGallery({ port: Number(process.argv[2] ?? 0) })
  console.log(`ui-kit gallery: ${url}`)
}
