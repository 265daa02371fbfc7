import type { IncomingMessage } from 'node:http'
import { ApiProblem } from './problem.js'

/** Default request body limit: 64 KiB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024

/**
 * Reads the request body up to `limit` bytes. A declared or actual size over the limit is 413; the rest of
 * an oversized body is drained (up to 16 × the limit, then the connection is dropped) so the client
 * reads the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  const tooLarge = () =>
    new ApiProblem(413, 'payload_too_large', `Request body is larger than ${limit} bytes`, {
      headers: { connection: 'close' },
    })
  const drain = () => {
    let seen = 0
    req.on('data', (c: Buffer) => {
      seen += c.length
      if (seen > 16 * limit) req.destroy()
    })
    req.resume()
  }
  if (Number.isFinite(declared) && declared > limit) {
    drain()
    return Promise.reject(tooLarge())
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const onData = (c: Buffer) => {
      size += c.length
      if (size > limit && !done) {
        done = true
        req.off('data', onData)
        drain()
        reject(tooLarge())
        return
      }
      chunks.push(c)
    }
    req.on('data', onData)
    req.on('end', () => {
      if (!done) {
        done = true
        resolve(Buffer.concat(chunks))
      }
    })
    req.on('error', (e) => {
      if (!done) {
        done = true
        reject(e)
      }
    })
  })
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
