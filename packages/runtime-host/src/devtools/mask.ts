/** What replaces a sensitive value (followed by its last 4 characters when it is long enough). */
export const MASK = '••••'

/** Object keys whose values are secrets: signatures, tokens, keys, codes, raw transactions. */
const SENSITIVE_KEY = /signature|token|secret|verifier|password|private|^code$|^raw$|mnemonic/i
/** EIP-1193 methods whose result is a signature (or a signed transaction). */
const SIGNING_METHOD = /^(?:personal_sign|eth_sign|eth_signTypedData(?:_v\d)?|eth_signTransaction)$/

const MAX_DEPTH = 32
const MAX_KEYS = 1000
/** Nodes copied in all: a structured-clone DAG of shared references is exponential as a tree. */
const MAX_NODES = 50_000
/** Shown in place of what the bounds cut. */
export const TRUNCATED = '[truncated]'
const CIRCULAR = '[circular]'
const UNREADABLE = '[unreadable]'
/** Shorter strings are masked whole: their last 4 characters would say too much. */
const MIN_TAIL_LENGTH = 12

/** Where a value comes from: a result of `rpcMethod` (inside `walletRequest`) or of `method`. */
export interface MaskContext {
  method?: string
  rpcMethod?: string
}

/**
 * A copy of `value` safe to show or export: the value of every object key matching
 * `/signature|token|secret|verifier|password|private|^code$|^raw$|mnemonic/i` becomes
 * `'••••' + its last 4 characters` (a string of 12 or more characters; shorter strings and
 * non-strings become `'••••'`). With a `context` naming a signing method (`personal_sign`,
 * `eth_sign`, `eth_signTypedData*`, `eth_signTransaction`), `value` is that call's result and is
 * masked whole.
 *
 * Pure and total: never throws (a throwing getter or Proxy reads `'[unreadable]'`), bounded (depth
 * 32, 1,000 keys or array items per object, 50,000 nodes; what is cut reads `'[truncated]'`), a
 * cycle reads `'[circular]'`. Bigints become decimal strings, functions and symbols their description.
 *
 * @example
 * ```ts
 * maskSensitive({ accessToken: 'eyJhbGciOiJFUzI1NiJ9.payload.sig' })   // { accessToken: '••••.sig' }
 * maskSensitive('0x1234…abcd', { rpcMethod: 'personal_sign' })            // '••••abcd'
 * ```
 */
export function maskSensitive(value: unknown, context?: MaskContext): unknown {
  try {
    const signing =
      context !== undefined && context !== null && (isSigning(context.rpcMethod) || isSigning(context.method))
    if (signing) return maskValue(value)
    return boundedCopy(value, true)
  } catch {
    return UNREADABLE
  }
}

function isSigning(method: unknown): boolean {
  return typeof method === 'string' && SIGNING_METHOD.test(method)
}

/** The masked form of one sensitive value. */
function maskValue(value: unknown): string {
  return typeof value === 'string' && value.length >= MIN_TAIL_LENGTH ? MASK + value.slice(-4) : MASK
}

/**
 * @internal A JSON-friendly copy of `value` within the bounds above, masking sensitive keys when
 * `mask` is set. Never throws.
 */
export function boundedCopy(value: unknown, mask: boolean): unknown {
  let nodes = 0
  const path = new Set<object>()
  const copy = (v: unknown, depth: number): unknown => {
    if (++nodes > MAX_NODES) return TRUNCATED
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return v
      case 'bigint':
        return v.toString()
      case 'symbol':
        return v.description === undefined ? 'Symbol()' : `Symbol(${v.description})`
      case 'function':
        return '[function]'
    }
    if (v === null) return null
    const object = v as object
    if (depth >= MAX_DEPTH) return TRUNCATED
    if (path.has(object)) return CIRCULAR
    path.add(object)
    try {
      if (Array.isArray(object)) {
        // By index, bounded: a sparse array of length 2³²−1 survives structured clone.
        const length = Math.min(object.length, MAX_KEYS)
        const out: unknown[] = []
        for (let i = 0; i < length; i++) out.push(copy(object[i], depth + 1))
        if (object.length > MAX_KEYS) out.push(TRUNCATED)
        return out
      }
      const out: Record<string, unknown> = {}
      let count = 0
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue
        if (++count > MAX_KEYS) {
          define(out, '…', TRUNCATED)
          break
        }
        const item = (object as Record<string, unknown>)[key]
        define(out, key, mask && SENSITIVE_KEY.test(key) ? maskValue(item) : copy(item, depth + 1))
      }
      return out
    } catch {
      // A revoked Proxy or a throwing getter: say so instead of failing the whole copy.
      return UNREADABLE
    } finally {
      path.delete(object)
    }
  }
  return copy(value, 0)
}

/** Sets an own data property, also for keys such as `__proto__` (no setter runs). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
