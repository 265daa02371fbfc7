import {
  InvalidParamsError,
  isMethodName,
  type MethodName,
  UnsupportedMethodError,
} from '@chainless/protocol'
import { methodSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { describeValue } from './describe.js'
import { measureJsonLike } from './measure.js'

/** Largest params payload accepted, in approximate serialized bytes. */
export const MAX_PARAMS_BYTES = 256 * 1024
const MAX_ID_LENGTH = 64

/**
 * Methods whose params are an array. None today: every method takes an object or nothing, so an
 * array is refused before the schema sees it (valibot's object schemas accept arrays, and `[]` was
 * served as `{}`).
 */
const ARRAY_PARAMS: ReadonlySet<MethodName> = new Set<MethodName>()

/**
 * The id of a message the host can answer: a string of at most 64 characters on a non-array
 * object. Reads one property of data that came through structured clone (no getters there).
 */
export function usableId(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
  const id = (data as { id?: unknown }).id
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH ? id : undefined
}

/** A message the guard let through: a call of a registered method with validated params. */
export interface GuardedCall {
  kind: 'call'
  id: string
  method: MethodName
  params: unknown
}
/** A comlink `RELEASE`: acknowledged, changes nothing (the host exposes no proxies). */
export interface GuardedRelease {
  kind: 'release'
  id: string
}
/** A refused message; `id` is set when the peer can be answered. */
export interface GuardedRefusal {
  kind: 'refuse'
  id: string | undefined
  error: InvalidParamsError | UnsupportedMethodError
}

/**
 * The host's gate in front of comlink: decides what an untrusted app message may do. Only `APPLY`
 * of a single-segment registered name with at most one `RAW` argument (and `RELEASE`) passes, and
 * only after the argument matched the method's schema. Everything else is refused with a typed error.
 * Params that are an array are refused (-32602) for every method that takes an object or nothing.
 * Total: it does not throw for data that came through structured clone, and describes untrusted
 * values only with {@link describeValue} (never `String()`).
 *
 * `served` lists the names this host actually serves (its capabilities).
 */
export function guardMessage(
  data: unknown,
  served: ReadonlySet<string>,
): GuardedCall | GuardedRelease | GuardedRefusal {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return refuse(undefined, new InvalidParamsError('Malformed message: not an object'))
  }
  const message = data as Record<string, unknown>
  const id = usableId(message)
  if (id === undefined) return refuse(undefined, new InvalidParamsError('Malformed message: missing id'))
  const { type, path, argumentList } = message
  if (type === 'RELEASE') return { kind: 'release', id }
  if (type !== 'APPLY') {
    return refuse(
      id,
      // Described without String(): `{ toString: 1 }` survives structured clone and makes it throw.
      new UnsupportedMethodError('Unsupported message type', { type: describeValue(type) }),
    )
  }
  if (!Array.isArray(path) || path.length !== 1 || typeof path[0] !== 'string') {
    return refuse(id, new UnsupportedMethodError('Method path must be a single name'))
  }
  const name = path[0]
  if (!isMethodName(name) || !served.has(name)) {
    return refuse(id, new UnsupportedMethodError('Unsupported method', { method: name.slice(0, 64) }))
  }
  if (argumentList !== undefined && (!Array.isArray(argumentList) || argumentList.length > 1)) {
    return refuse(id, new InvalidParamsError('Expected at most one argument'))
  }
  const wire: unknown = argumentList?.[0]
  let raw: unknown
  if (wire !== undefined) {
    if (typeof wire !== 'object' || wire === null || (wire as { type?: unknown }).type !== 'RAW') {
      return refuse(id, new InvalidParamsError('Arguments must be plain values'))
    }
    raw = (wire as { value?: unknown }).value
  }
  if (measureJsonLike(raw, MAX_PARAMS_BYTES) === Number.POSITIVE_INFINITY) {
    return refuse(
      id,
      new InvalidParamsError('Params too large or not plain data', { maxBytes: MAX_PARAMS_BYTES }),
    )
  }
  if (Array.isArray(raw) && !ARRAY_PARAMS.has(name)) {
    return refuse(id, new InvalidParamsError('Invalid params', { method: name, issues: [arrayIssue] }))
  }
  const result = v.safeParse(methodSchemas[name].params, raw)
  if (!result.success) {
    const issues = result.issues.slice(0, 5).map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message.slice(0, 200),
    }))
    return refuse(id, new InvalidParamsError('Invalid params', { method: name, issues }))
  }
  return { kind: 'call', id, method: name, params: result.output }
}

const arrayIssue = { path: '', message: 'Expected an object or no params, received an array' }

function refuse(id: string | undefined, error: InvalidParamsError | UnsupportedMethodError): GuardedRefusal {
  return { kind: 'refuse', id, error }
}
