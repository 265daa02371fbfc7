import type { Route } from './openapi.js'
import { ApiProblem } from './problem.js'

/** A request matched to a route of the document. */
export interface RouteMatch {
  route: Route
  url: URL
  /** Path parameters, decoded (not validated yet: see {@link readParams}). */
  params: Record<string, string>
}

/**
 * Parses a request target (origin-form only: `/path?query`).
 * @throws {ApiProblem} 400 `bad_request`
 */
export function parseTarget(target: string): URL {
  // `//host/x` or absolute-form targets would let `new URL` pick another host and path: refused.
  if (!target.startsWith('/') || target.startsWith('//'))
    throw new ApiProblem(400, 'bad_request', 'Bad request target')
  try {
    return new URL(`http://platform.invalid${target}`)
  } catch {
    throw new ApiProblem(400, 'bad_request', 'Bad request target')
  }
}

/**
 * Finds the route of `method` and `url` (HEAD is served by GET).
 * @throws {ApiProblem} 404 `not_found`, 405 `method_not_allowed` (with `Allow`), 400 `invalid_parameter`
 */
export function matchRoute(routes: readonly Route[], method: string, url: URL): RouteMatch {
  const candidates = routes.filter((r) => r.regex.test(url.pathname))
  const route = candidates.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'))
  if (!route) {
    if (candidates.length)
      throw new ApiProblem(405, 'method_not_allowed', `${method.slice(0, 20)} is not allowed here`, {
        headers: { allow: candidates.map((r) => r.method).join(', ') },
      })
    throw new ApiProblem(404, 'not_found', `No endpoint ${url.pathname.slice(0, 200)}`)
  }
  const params: Record<string, string> = {}
  const match = route.regex.exec(url.pathname)!
  route.paramNames.forEach((name, i) => {
    try {
      params[name] = decodeURIComponent(match[i + 1]!)
    } catch {
      const code = route.params.find((p) => p.in === 'path' && p.name === name)?.problemCode
      throw new ApiProblem(400, code ?? 'invalid_parameter', `Bad encoding of ${name}`)
    }
  })
  return { route, url, params }
}

/**
 * Validates path, query and header parameters against the document (strict: unknown or repeated query
 * parameters are refused; undeclared headers are not looked at).
 * @throws {ApiProblem} 400 `invalid_parameter` (or the parameter's `x-chainless-problem-code`)
 */
export function readParams(
  { route, url, params }: RouteMatch,
  headers: Record<string, string | string[] | undefined> = {},
): void {
  const known = new Set(route.params.filter((p) => p.in === 'query').map((p) => p.name))
  for (const name of new Set(url.searchParams.keys())) {
    const shown = name.slice(0, 100)
    if (!known.has(name))
      throw new ApiProblem(400, 'invalid_parameter', `Unknown query parameter ${shown}`, {
        errors: [{ pointer: `query.${shown}`, message: 'unknown parameter' }],
      })
    if (url.searchParams.getAll(name).length > 1)
      throw new ApiProblem(400, 'invalid_parameter', `Repeated query parameter ${shown}`)
  }
  for (const p of route.params) {
    const header = p.in === 'header' ? headers[p.name] : undefined
    if (Array.isArray(header)) throw new ApiProblem(400, p.problemCode, `Repeated header ${p.name}`)
    const raw =
      p.in === 'path'
        ? params[p.name]
        : p.in === 'header'
          ? header
          : (url.searchParams.get(p.name) ?? undefined)
    if (raw === undefined) {
      if (p.required) throw new ApiProblem(400, p.problemCode, `Missing ${p.in} parameter ${p.name}`)
      continue
    }
    const value = p.numeric && /^-?[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw
    if (!p.validate(value))
      throw new ApiProblem(400, p.problemCode, `Bad ${p.in} parameter ${p.name}`, {
        errors: [{ pointer: `${p.in}.${p.name}`, message: p.validate.errors?.[0]?.message ?? 'invalid' }],
      })
  }
}
