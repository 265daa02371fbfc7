import { PlatformInputError } from '../errors.js'

/**
 * One path segment for `value`: `encodeURIComponent`, so any character survives (`/`, `?`, `#`, `%`,
 * spaces, emoji). `.` and `..` cannot be carried (URL parsing removes dot segments, encoded or not) and
 * lone surrogates are not text: both are refused before anything is sent.
 *
 * @example
 * ```ts
 * segment('key', 'a/b c') // 'a%2Fb%20c'
 * ```
 */
export function segment(field: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new PlatformInputError(field, `${field} must be a non-empty string`)
  if (value === '.' || value === '..')
    throw new PlatformInputError(field, `"${value}" cannot be sent as a URL path segment`)
  try {
    return encodeURIComponent(value)
  } catch (cause) {
    throw new PlatformInputError(field, `${field} is not well-formed UTF-16 (lone surrogate)`, { cause })
  }
}
