import { InvalidParamsError } from '@chainless/protocol'

/** Longest key, in UTF-16 code units (the host's limit too). */
export const MAX_KEY_LENGTH = 512

/** @internal A key of 1 to 512 characters, else -32602 (the same check as the host's). */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_KEY_LENGTH) {
    throw new InvalidParamsError('Invalid key', { expected: `a string of 1 to ${MAX_KEY_LENGTH} characters` })
  }
  return key
}

/**
 * @internal Whether `value` is JSON data (null, boolean, finite number, string, arrays and plain
 * objects of those, ≤ 32 deep), the host's rule: a Date, Map or class instance would come back
 * changed, so it is refused up front. Bounded: a hole or a cycle stops the walk.
 */
export function isJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || depth >= 32) return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJson(value[i], depth + 1)) return false
    return true
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key of Object.keys(value))
    if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false
  return true
}
