import { InternalError } from '@chainless/protocol'

/** The parts of an RFC 9457 problem the tracker reads. */
export interface PlatformProblem {
  /** HTTP status. */
  status: number
  /** The platform's problem `code`, e.g. `nonce_too_low`, or `http_<status>` when the body had none. */
  code: string
  /** `title` / `detail`, shortened. */
  detail?: string
}

/**
 * The platform refused a broadcast or a relay with a final 4xx (RFC 9457 problem): nothing was sent,
 * the record is gone. An {@link InternalError} (-32603) on the wire; the problem stays here, in
 * `problem` and the details, for the wallet's console. (422 `wrong_chain` is a
 * `ChainDisconnectedError` 4901 instead.)
 *
 * @example
 * ```ts
 * try { await tracker.send(input) } catch (e) { if (e instanceof BroadcastRefusedError) console.warn(e.problem.code) }
 * ```
 */
export class BroadcastRefusedError extends InternalError {
  override name = 'BroadcastRefusedError'
  /** What the platform said. */
  readonly problem: PlatformProblem
  constructor(problem: PlatformProblem) {
    super('Transaction refused by the platform', undefined, {
      details: `${problem.status} ${problem.code}${problem.detail ? `: ${problem.detail}` : ''}`,
    })
    this.problem = problem
  }
}

/** Reads a problem+json body (or anything) into a {@link PlatformProblem}; total. */
export async function readProblem(response: Response): Promise<PlatformProblem> {
  let body: unknown
  try {
    body = JSON.parse((await response.text()).slice(0, 64 * 1024))
  } catch {
    body = undefined
  }
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const code =
    typeof o.code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(o.code) ? o.code : `http_${response.status}`
  const text = [o.title, o.detail]
    .filter((t): t is string => typeof t === 'string')
    .join(': ')
    .slice(0, 500)
  return text ? { status: response.status, code, detail: text } : { status: response.status, code }
}
