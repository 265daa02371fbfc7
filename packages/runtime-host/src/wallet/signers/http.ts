import { TimeoutError } from '@chainless/protocol'
import { SignerError } from './errors.js'

/** Static headers, or a function giving them per request (e.g. a fresh session token). */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>)

/** Options shared by the HTTP clients of the signing service. */
export interface JsonRequest {
  fetch: typeof fetch
  headers?: HeadersOption | undefined
  timeoutMs: number
  signal?: AbortSignal | undefined
}

/** The `application/problem+json` body (RFC 9457) a signing service answers errors with; `code` is ours. */
export interface ServiceProblem {
  status: number
  code: string
  detail?: string
}

/** A non-2xx answer of the signing service, as a {@link SignerError} carrying the problem. */
export class ServiceError extends SignerError {
  override name = 'ServiceError'
  declare readonly problem: ServiceProblem
  constructor(problem: ServiceProblem) {
    super(problem.code, `Signing service refused (${problem.status} ${problem.code})`, {
      details: problem.detail?.slice(0, 300),
    })
    this.problem = problem
  }
}

// Largest answer read from the service: signatures, addresses and WebAuthn options are small.
const MAX_RESPONSE_BYTES = 256 * 1024

/**
 * One JSON request to the signing service with a timeout (→ {@link TimeoutError} 4080) and the
 * caller's abort signal (→ SignerError `aborted`). Non-2xx answers become a {@link ServiceError};
 * anything that is not a JSON object a {@link SignerError} `invalid_response`.
 */
export async function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  options: JsonRequest,
): Promise<Record<string, unknown>> {
  if (options.signal?.aborted) throw new SignerError('aborted', 'Signing aborted')
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs)
  const onAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const extra = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {})
    const headers: Record<string, string> = { ...extra, accept: 'application/json, application/problem+json' }
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    let text: string
    try {
      response = await options.fetch(url, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: controller.signal,
        credentials: 'omit',
      })
      text = await response.text()
    } catch (e) {
      if (timedOut)
        throw new TimeoutError('Signing service did not answer in time', { timeoutMs: options.timeoutMs })
      if (controller.signal.aborted) throw new SignerError('aborted', 'Signing aborted')
      throw new SignerError('service_unavailable', 'Signing service unreachable', {
        details: e instanceof Error ? e.message.slice(0, 200) : undefined,
      })
    }
    if (text.length > MAX_RESPONSE_BYTES)
      throw new SignerError('invalid_response', 'Signing service answer too large')
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    if (!response.ok) {
      const p = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
      throw new ServiceError({
        status: response.status,
        code: typeof p.code === 'string' && /^[a-z0-9_]{1,64}$/.test(p.code) ? p.code : 'service_error',
        ...(typeof p.detail === 'string' ? { detail: p.detail } : {}),
      })
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new SignerError('invalid_response', 'Signing service answer is not a JSON object')
    return body as Record<string, unknown>
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/** `base` without trailing slashes, so `${base}/sign` has one. */
export function trimUrl(base: string): string {
  if (typeof base !== 'string' || !/^https?:\/\//i.test(base))
    throw new SignerError('invalid_options', 'Signing service url must be http(s)', {
      details: String(base).slice(0, 100),
    })
  return base.replace(/\/+$/, '')
}
