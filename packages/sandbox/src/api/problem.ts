import { type ServerResponse, STATUS_CODES } from 'node:http'
import { ChainlessError } from '@chainless/protocol'

/** One validation failure: where (a JSON pointer into the body, or `query.x` / `path.x`) and what. */
export interface ProblemFieldError {
  pointer: string
  message: string
}

/**
 * An error the platform API answers as `application/problem+json` (RFC 9457, formerly RFC 7807) with the
 * extension members `code` and `requestId` (DESIGN.md, "Platform API").
 *
 * @example
 * ```ts
 * throw new ApiProblem(404, 'app_not_found', 'No app "x"')
 * ```
 */
export class ApiProblem extends ChainlessError {
  override name = 'ApiProblem'
  /** HTTP status, 400..599. */
  readonly status: number
  /** Stable snake_case code. */
  readonly code: string
  /** Field errors (validation). */
  readonly errors: ProblemFieldError[] | undefined
  /** Extra response headers (e.g. `Retry-After`, `Allow`). */
  readonly headers: Record<string, string>
  /** `deploy_reverted` and other reverts: the decoded revert reason. */
  readonly reason: string | undefined
  constructor(
    status: number,
    code: string,
    detail: string,
    options: { errors?: ProblemFieldError[]; headers?: Record<string, string>; reason?: string } = {},
  ) {
    super(detail, { docsPath: 'packages/sandbox#errors-limits-cors-knobs' })
    this.status = status
    this.code = code
    this.errors = options.errors
    this.headers = options.headers ?? {}
    this.reason = options.reason
  }
}

/** The JSON body of a problem response (the OpenAPI document's `Problem` schema). */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  code: string
  requestId: string
  errors?: ProblemFieldError[]
  reason?: string
}

/** Builds the problem body of an {@link ApiProblem}. */
export function problemBody(problem: ApiProblem, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: `urn:chainless:problem:${problem.code}`,
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.shortMessage,
    code: problem.code,
    requestId,
  }
  if (problem.errors) body.errors = problem.errors
  if (problem.reason !== undefined) body.reason = problem.reason
  return body
}

/** Writes `problem` as `application/problem+json`. */
export function sendProblem(res: ServerResponse, problem: ApiProblem, requestId: string): void {
  const body = JSON.stringify(problemBody(problem, requestId))
  for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v)
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(body)
}

/**
 * Answers a request Node's HTTP parser refused (malformed request line or headers, headers too large)
 * as problem+json too, instead of Node's bare `400 Bad Request`, then closes the connection.
 */
export function sendParseError(socket: import('node:stream').Duplex, error: { code?: string }): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const code = status === 431 ? 'headers_too_large' : 'bad_request'
  const body = JSON.stringify(problemBody(new ApiProblem(status, code, 'Malformed HTTP request'), 'unparsed'))
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  )
}
