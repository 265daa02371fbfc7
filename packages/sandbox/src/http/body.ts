import type { IncomingMessage } from 'node:http'
import { ChainlessError } from '@chainless/protocol'

/** A request body over its limit (declared by `Content-Length` or streamed). */
export class BodyTooLargeError extends ChainlessError {
  override name = 'BodyTooLargeError'
  readonly code = 'payload_too_large'
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`)
  }
}

/**
 * The one body reader of the sandbox's servers: reads the request body up to `limit` bytes. A declared
 * or actual size over the limit rejects with {@link BodyTooLargeError}; the rest of an oversized body is
 * drained (up to 16 × the limit, then the connection is dropped) so the client reads the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
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
    return Promise.reject(new BodyTooLargeError(limit))
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
        reject(new BodyTooLargeError(limit))
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
