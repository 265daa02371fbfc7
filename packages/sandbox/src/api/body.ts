import type { IncomingMessage } from 'node:http'
import { BodyTooLargeError, readBody as readRawBody } from '../http/body.js'
import { ApiProblem } from './problem.js'

/** Default request body limit: 64 KiB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024

/**
 * Reads the request body up to `limit` bytes with the sandbox's one body reader, as the API answers it.
 * @throws {ApiProblem} 413 `payload_too_large` (the connection is closed after the answer)
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readRawBody(req, limit)
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new ApiProblem(413, 'payload_too_large', e.shortMessage, { headers: { connection: 'close' } })
    throw e
  }
}

/** Is the request's content type `application/json` (parameters such as charset allowed)? */
export function isJsonContentType(req: IncomingMessage): boolean {
  const ct = req.headers['content-type']
  if (!ct) return false
  const [type, ...params] = ct.split(';').map((s) => s.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8')
}

/**
 * Parses a JSON body strictly (RFC 8259): UTF-8 only (a BOM or invalid UTF-8 is refused), a single value.
 * @throws {ApiProblem} 400 `invalid_json`
 */
export function parseJsonBody(body: Buffer): unknown {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    throw new ApiProblem(400, 'invalid_json', 'Body is not valid UTF-8')
  }
  if (text.charCodeAt(0) === 0xfeff)
    throw new ApiProblem(400, 'invalid_json', 'Body starts with a byte order mark')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ApiProblem(400, 'invalid_json', `Malformed JSON: ${(e as Error).message}`)
  }
}
