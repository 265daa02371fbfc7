/**
 * A short description of an untrusted value for an error's `data` or a log line. Total: it looks at
 * `typeof` only and never calls anything the value can reach (`toString`, `valueOf`, getters,
 * `Symbol.toPrimitive`, `toJSON`), so a hostile value cannot make it throw or run code. Strings are
 * cut to `maxLength` UTF-16 units (marked with `…`); other values are named by their kind.
 *
 * @example
 * ```ts
 * describeValue({ toString: 1 }) // 'object'
 * describeValue('GET') // 'GET'
 * ```
 */
export function describeValue(value: unknown, maxLength = 32): string {
  switch (typeof value) {
    case 'string':
      return value.length > maxLength ? `${value.slice(0, maxLength)}…` : value
    case 'number':
    case 'boolean':
    case 'undefined':
      // Primitives: `String()` of these runs no user code and is short.
      return String(value)
    case 'object':
      if (value === null) return 'null'
      return isArraySafe(value) ? 'array' : 'object'
    default:
      // bigint (its digits may be huge), symbol, function.
      return typeof value
  }
}

function isArraySafe(value: object): boolean {
  try {
    return Array.isArray(value)
  } catch {
    // A revoked Proxy.
    return false
  }
}
