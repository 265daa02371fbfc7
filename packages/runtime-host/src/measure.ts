/**
 * Approximate serialized size of a JSON-like value, walking at most until `limit` is passed, so a
 * huge payload costs no more than `limit` to reject. Returns `Infinity` for values that are not
 * JSON-like (functions, class instances, ports, buffers, cycles) or nested deeper than `maxDepth`.
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
        const proto = Object.getPrototypeOf(v)
        if (Array.isArray(v)) {
          seen.add(v)
          total += 2
          for (const item of v) if (!walk(item, depth + 1)) return false
          return true
        }
        if (proto !== Object.prototype && proto !== null) return false
        seen.add(v)
        total += 2
        for (const key of Object.keys(v)) {
          total += key.length + 3
          if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false
        }
        return true
      }
      default:
        return false
    }
  }
  return walk(value, 0) && total <= limit ? total : Number.POSITIVE_INFINITY
}
