import type { IncomingMessage, ServerResponse } from 'node:http'
import { answerFavicon } from '../http/favicon.js'
import { openApiDocument } from './openapi.js'

/** Where the API serves its own OpenAPI document (with `servers` set to the API's URL). */
export const OPENAPI_PATH = '/openapi.json'

/** The OpenAPI document with `servers` pointing at this API (`publicUrl`), not the document's default. */
export function openApiFor(publicUrl: string): typeof openApiDocument {
  return {
    ...openApiDocument,
    servers: [{ url: publicUrl, description: 'this sandbox' }],
  } as typeof openApiDocument
}

function json(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  res
    .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    .end(JSON.stringify(body))
}

/**
 * The API's own pages, before the operations of the document: `GET /` (JSON with links to the
 * document, the keys, the catalog and where the README is), `GET /openapi.json` (the document, any origin may read
 * it) and `GET /favicon.ico`. Answers whether it answered.
 *
 * @example
 * ```ts
 * if (!answerApiMeta(req, res, 'http://localhost:8787')) await handle(pipeline, req, res)
 * ```
 */
export function answerApiMeta(req: IncomingMessage, res: ServerResponse, publicUrl: string): boolean {
  if (answerFavicon(req, res)) return true
  if (req.method !== 'GET') return false
  const path = (req.url ?? '/').split('?')[0]
  if (path === '/') {
    json(res, {
      name: 'Chainless platform API (sandbox)',
      links: {
        openapi: `${publicUrl}${OPENAPI_PATH}`,
        jwks: `${publicUrl}/.well-known/jwks.json`,
        catalog: `${publicUrl}/api/v1/apps`,
        // the package's README travels with it (no hosted docs site yet)
        readme:
          'node_modules/@chainless/sandbox/README.md#platform-api (packages/sandbox/README.md in the repository)',
      },
    })
    return true
  }
  if (path === OPENAPI_PATH) {
    json(res, openApiFor(publicUrl), { 'access-control-allow-origin': '*' })
    return true
  }
  return false
}
