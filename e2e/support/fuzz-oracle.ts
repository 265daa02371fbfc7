// What the fuzzing app checks of each reply, and how it describes hostile values without running them.

/** Keys of a reply, sorted: compared against the protocol's two reply shapes. */
const keysOf = (o: object) => Object.keys(o).sort().join(',')
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * Checks a reply of the host against the protocol: `{id, type: 'RAW', value}` or
 * `{id, type: 'HANDLER', name: 'throw', value: {isError: false, value: {code, message, data?}}}`.
 * A valid call (`expect: 'raw'`) must get `RAW`. `-32603` means the host threw: that is a defect too.
 * Returns what is wrong, or undefined.
 */
export function checkReply(data: unknown, expect: 'raw' | 'any'): string | undefined {
  if (!isObject(data)) return 'reply is not an object'
  if (data.type === 'RAW')
    return keysOf(data) === 'id,type,value' ? undefined : `RAW reply keys: ${keysOf(data)}`
  if (data.type !== 'HANDLER' || data.name !== 'throw' || keysOf(data) !== 'id,name,type,value') {
    return `reply has neither shape (keys: ${keysOf(data)})`
  }
  const thrown = data.value
  if (!isObject(thrown) || thrown.isError !== false || keysOf(thrown) !== 'isError,value') {
    return 'HANDLER reply is not {isError: false, value}'
  }
  const payload = thrown.value
  if (!isObject(payload)) return 'error payload is not an object'
  const extra = Object.keys(payload).filter((k) => k !== 'code' && k !== 'message' && k !== 'data')
  if (extra.length > 0) return `error payload has extra keys: ${extra.join(',')}`
  const { code, message } = payload
  if (typeof code !== 'number' || !Number.isInteger(code)) return 'error code is not an integer'
  if (typeof message !== 'string') return 'error message is not a string'
  if (code === -32603) return `internal error -32603 (the host threw): ${message.slice(0, 100)}`
  let text = message
  try {
    text += JSON.stringify(payload.data) ?? ''
  } catch {
    return 'error data is not JSON'
  }
  if (/\n\s+at |\(.*:\d+:\d+\)/.test(text)) return 'error leaks a stack trace'
  if (expect === 'raw') return `a valid call was refused: ${code} ${message.slice(0, 100)}`
  return undefined
}

/**
 * A bounded description of an untrusted value: `typeof`, tags, lengths and a few keys. It reads own
 * data properties only and never calls `toString`, `valueOf`, getters or `JSON.stringify` on it.
 */
export function describe(value: unknown, depth = 2): string {
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    return value.length > 40 ? `${shown}(${value.length})` : shown
  }
  if (typeof value === 'bigint') return `${value < 0n ? '-' : ''}bigint`
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (typeof value !== 'object') return typeof value
  const tag = Object.prototype.toString.call(value).slice(8, -1)
  if (Array.isArray(value)) {
    if (depth <= 0) return `Array(${value.length})`
    const head = [...Array(Math.min(3, value.length)).keys()].map((i) =>
      Object.hasOwn(value, i) ? describe(value[i], depth - 1) : '<hole>',
    )
    return `[${head.join(', ')}${value.length > 3 ? `, …(${value.length})` : ''}]`
  }
  if (tag !== 'Object') {
    const size =
      (value as { size?: unknown; byteLength?: unknown }).size ??
      (value as { byteLength?: unknown }).byteLength
    return typeof size === 'number' ? `${tag}(${size})` : tag
  }
  const keys = Object.keys(value)
  if (depth <= 0) return `{${keys.length} keys}`
  const shown = keys.slice(0, 6).map((k) => {
    const d = Object.getOwnPropertyDescriptor(value, k)
    return `${JSON.stringify(k)}: ${d && 'value' in d ? describe(d.value, depth - 1) : 'accessor'}`
  })
  const proto = Object.getPrototypeOf(value) === null ? 'null-proto ' : ''
  return `${proto}{${shown.join(', ')}${keys.length > 6 ? `, …(${keys.length} keys)` : ''}}`
}
