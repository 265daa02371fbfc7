// Arbitraries of what a hostile or buggy wallet can post: anything structured clone carries, shaped
// to reach the js-sdk's parsers (known types and ids), with the keys that trip naive code.
import { fc } from '@fast-check/vitest'

/** Keys that break code which reads, spreads or stringifies untrusted objects. */
const trapKeys = ['toString', 'valueOf', '__proto__', 'constructor', 'then', 'toJSON', 'hasOwnProperty']
const fieldKeys = ['type', 'id', 'value', 'name', 'reason', 'event', 'data', 'error', 'code', 'message']

/** A string with lone surrogates mixed in. */
export const looseString = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
})

/** An object whose keys are own data properties, `__proto__` included (as structured clone makes them). */
export const objectOf = (entries: [string, unknown][]): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}

const leaf = fc.oneof(
  fc.anything({ maxDepth: 1 }),
  looseString,
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ maxLength: 4 }),
  fc.float64Array({ maxLength: 4 }),
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, null, undefined, true, '', 'throw', 'RAW', '1'),
)

/** Any value a peer can send, with trap keys, sparse arrays, Map, Set. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{
  node: unknown
  object: unknown
  array: unknown
}>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('array'), fc.constant(null)),
  object: fc
    .array(fc.tuple(fc.constantFrom(...trapKeys, ...fieldKeys), tie('node')), { maxLength: 5 })
    .map(objectOf),
  array: fc.oneof(
    fc.sparseArray(tie('node'), { maxLength: 6 }),
    fc.array(tie('node'), { maxLength: 3 }).map((v) => new Set(v)),
    fc.array(fc.tuple(tie('node'), tie('node')), { maxLength: 3 }).map((e) => new Map(e)),
  ),
})).node

/** A deep chain (`{ value: { value: … } }`) or a wide object. */
const big = fc.oneof(
  fc.integer({ min: 50, max: 1000 }).map((depth) => {
    let v: unknown = 'bottom'
    for (let i = 0; i < depth; i++) v = { value: v, type: 'RAW', id: '1' }
    return v
  }),
  fc
    .integer({ min: 50, max: 2000 })
    .map((width) => objectOf(Array.from({ length: width }, (_, i) => [`k${i}`, i] as [string, unknown]))),
)

/**
 * A message for the js-sdk's port or window handler: mostly the right `type`s and ids (so the parsers
 * are reached), with hostile fields; sometimes anything at all; sometimes cyclic.
 */
export const hostileMessage = (types: readonly string[], ids: readonly string[]) => {
  const field = (...likely: unknown[]) => fc.oneof(fc.constantFrom(...likely), hostileValue, big)
  const shaped = fc
    .record(
      {
        type: field(...types),
        id: field(...ids),
        value: hostileValue,
        name: field('throw', 'proxy'),
        reason: field('navigated', 'host', '__proto__'),
        event: field('themeChanged', 'backButton', '__proto__', 'constructor', 'toString'),
        data: hostileValue,
        error: field({ code: 4001, message: 'no' }),
        context: hostileValue,
        capabilities: fc.oneof(fc.sparseArray(hostileValue, { maxLength: 4 }), hostileValue),
        extra: fc.array(fc.tuple(fc.constantFrom(...trapKeys), hostileValue), { maxLength: 3 }),
      },
      { requiredKeys: ['type'] },
    )
    .map(({ extra, ...fields }) => objectOf([...Object.entries(fields), ...(extra ?? [])]))
  const cyclic = shaped.map((message) => {
    message.value = message
    message.data = [message]
    return message
  })
  return fc.oneof({ weight: 6, arbitrary: shaped }, hostileValue, big, cyclic)
}
