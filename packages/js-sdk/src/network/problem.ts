import { parseRetryAfter } from './delay.js'
import { PlatformError } from './errors.js'

/** Largest error body read, bytes: a problem document is small; the rest is dropped unread. */
export const MAX_PROBLEM_BYTES = 64 * 1024

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, max) : undefined

/**
 * @internal The typed error of an error answer from its status, headers and body text. Total: any
 * body and content type give a {@link PlatformError}. Only `application/problem+json` (RFC 9457) is
 * read as a problem; `code` must be a short token, else the code is `http_<status>`.
 */
export function problemError(status: number, headers: Headers, body: string | undefined): PlatformError {
  let problem: Record<string, unknown> | undefined
  if (body && /^application\/problem\+json\s*(;|$)/i.test(headers.get('content-type')?.trim() ?? '')) {
    try {
      const parsed: unknown = JSON.parse(body)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        problem = parsed as Record<string, unknown>
      }
    } catch {}
  }
  const code = problem?.code
  return new PlatformError(
    typeof code === 'string' && /^[\w.:-]{1,100}$/.test(code) ? code : `http_${status}`,
    {
      status,
      requestId: text(problem?.requestId, 200) ?? text(headers.get('x-request-id'), 200),
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
      details: text(problem?.detail, 500) ?? text(problem?.title, 500),
      problem,
    },
  )
}

/** @internal Reads at most `limit` bytes of a body as UTF-8; `undefined` past the limit or on a read error. */
export async function readBounded(
  response: Response,
  limit = MAX_PROBLEM_BYTES,
): Promise<string | undefined> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        reader.cancel().catch(() => {})
        return undefined
      }
      chunks.push(value)
    }
  } catch {
    return undefined
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

/**
 * @internal The typed error of an error answer (its body is read, at most {@link MAX_PROBLEM_BYTES}).
 */
export async function errorFromResponse(response: Response): Promise<PlatformError> {
  return problemError(response.status, response.headers, await readBounded(response))
}
