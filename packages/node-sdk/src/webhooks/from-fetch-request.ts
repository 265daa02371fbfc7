import { WebhookVerificationError } from '../errors.js'
import { DEFAULT_MAX_BODY_BYTES, type ReadBodyOptions } from './from-node-request.js'
import type { WebhookRequest } from './verify.js'

/**
 * Reads a Fetch `Request` (Hono's `c.req.raw`, Next.js route handlers, Bun, Deno) into a
 * {@link WebhookRequest}: method, URL, headers and the raw body, at most `maxBodyBytes` (the stream
 * is cancelled at the bound).
 *
 * @example
 * ```ts
 * app.post('/hooks/chainless', async (c) => {
 *   const event = await verifyWebhook(await webhooks.fromFetchRequest(c.req.raw), { appKey })
 *   return c.body(null, 204)
 * })
 * ```
 */
export async function fromFetchRequest(
  request: Request,
  options: ReadBodyOptions = {},
): Promise<WebhookRequest> {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const tooLarge = () =>
    new WebhookVerificationError('malformed', { details: `body larger than ${max} bytes` })
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > max) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body !== null) {
    const reader = request.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.byteLength
        if (size > max) {
          await reader.cancel().catch(() => {})
          throw tooLarge()
        }
        chunks.push(value)
      }
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw error
      throw new WebhookVerificationError('malformed', { details: 'body could not be read', cause: error })
    } finally {
      reader.releaseLock()
    }
  }
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    rawBody: Buffer.concat(chunks, size),
  }
}
