/**
 * Approximate serialized size of a JSON-like value, walking at most until `limit` is passed, so a
 * huge payload costs no more than `limit` to reject. Returns `Infinity` for values that are not
 * JSON-like or nested deeper than `maxDepth`.
 *
 * JSON-like: `undefined`, `null`, booleans, finite numbers, strings, arrays (holes count as `null`)
 * and plain objects (prototype `Object.prototype` or `null`) whose own enumerable string keys are
 * data properties, each object reached once (a cycle or a shared reference is refused). Not
 * JSON-like: functions, symbols, bigints, `NaN`/`±Infinity`, class instances (Date, Map, typed
 * arrays, ports, errors), boxed primitives, accessors.
 *
 * Total: it never throws and never runs code of the value (no getters, `toJSON`, `toString`; a
 * Proxy's trap that throws makes the value not JSON-like). Arrays are walked by index, so a sparse
 * array of length 2³²−1 costs at most `limit / 4` steps.
 */
export function measureJsonLike(value: unknown, limit: number, maxDepth = 32): number {
  let total = 0
  const seen = new Set<object>()
  const walk = (v: unknown, depth: number): boolean => {
    if (total > limit) return false
    switch (typeof v) {
      case 'string':
        total += v.length + 2
        return true
      case 'number':
        total += 8
        return Number.isFinite(v)
      case 'boolean':
        total += 8
        return true
      case 'undefined':
        total += 4
        return true
      case 'object': {
        if (v === null) {
          total += 4
          return true
        }
        if (depth >= maxDepth || seen.has(v)) return false
        seen.add(v)
        total += 2
        if (Array.isArray(v)) {
          const length = v.length
          for (let i = 0; i < length; i++) {
            if (total > limit) return false
            const d = Object.getOwnPropertyDescriptor(v, i)
            if (d === undefined) total += 4
            else if (!('value' in d) || !walk(d.value, depth + 1)) return false
          }
          return true
        }
        const proto: unknown = Object.getPrototypeOf(v)
        if (proto !== Object.prototype && proto !== null) return false
        for (const key of Object.keys(v)) {
          total += key.length + 3
          const d = Object.getOwnPropertyDescriptor(v, key)
          if (d === undefined) continue
          if (!('value' in d) || !walk(d.value, depth + 1)) return false
        }
        return true
      }
      default:
        return false
    }
  }
  try {
    return walk(value, 0) && total <= limit ? total : Number.POSITIVE_INFINITY
  } catch {
    // A Proxy whose traps throw, or a revoked one.
    return Number.POSITIVE_INFINITY
  }
}
