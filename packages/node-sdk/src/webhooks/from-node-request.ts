import type { IncomingMessage } from 'node:http'
import { WebhookVerificationError } from '../errors.js'
import type { WebhookRequest } from './verify.js'

/** Options of the request adapters. */
export interface ReadBodyOptions {
  /** Largest body read, bytes; a larger one is refused (`malformed`) without reading it all. Default 1 MiB. */
  maxBodyBytes?: number | undefined
}

/** Default bound of a delivery body read by the adapters: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

function tooLarge(max: number): WebhookVerificationError {
  return new WebhookVerificationError('malformed', { details: `body larger than ${max} bytes` })
}

/**
 * Reads a node:http request (also Express or Fastify's `req.raw` before any body parser) into a
 * {@link WebhookRequest}: method, `req.url`, headers and the raw body, at most `maxBodyBytes` (a
 * larger `Content-Length` is refused before reading; the stream is paused at the bound).
 *
 * @example
 * ```ts
 * http.createServer(async (req, res) => {
 *   const event = await verifyWebhook(await webhooks.fromNodeRequest(req), { appKey })
 *   res.writeHead(204).end()
 * })
 * ```
 */
export async function fromNodeRequest(
  req: IncomingMessage,
  options: ReadBodyOptions = {},
): Promise<WebhookRequest> {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max)
  const rawBody = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        cleanup()
        // Paused, not destroyed: the caller can still answer 413 on the same connection.
        req.pause()
        reject(tooLarge(max))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(new WebhookVerificationError('malformed', { details: 'body could not be read', cause: error }))
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', onError)
  })
  return { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, rawBody }
}
