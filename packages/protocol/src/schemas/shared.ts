/**
 * Building blocks shared by the schemas of every capability. Host side only (imports valibot).
 */
import * as v from 'valibot'

/**
 * Whether `value` is a plain object: `{}`-like, or made by `Object.create(null)`, from any realm.
 * Arrays, Dates, Maps, Sets, typed arrays and other built-ins survive structured clone with their
 * prototype, and valibot's object schemas take any non-null `typeof 'object'`: this refuses them first.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  // `Object.prototype` of this realm or another one (its own prototype is null), or none at all.
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** A string of at most `max` UTF-16 code units. */
export const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max))

/** Guard in front of an object schema: only a plain object reaches it (see {@link isPlainObject}). */
const plain = <T>() => v.custom<T>(isPlainObject, 'Expected a plain object')

/**
 * A strict object (unknown keys are refused) that must be a plain object: an array carrying the
 * right keys, a Date or a Map is refused, not read as `{}`.
 */
export function strictRecord<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const schema = v.strictObject(entries)
  return v.pipe(plain<v.InferInput<typeof schema>>(), schema)
}

/** A lenient object (unknown keys are dropped from the output) that must be a plain object. */
export function looseRecord<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const schema = v.object(entries)
  return v.pipe(plain<v.InferInput<typeof schema>>(), schema)
}

/** Longest array any schema walks, unless it says less. */
export const MAX_ARRAY_ITEMS = 10_000

/**
 * An array of `item`, typed read-only: what the host keeps must not be edited in place by accident.
 * (A typed identity transform rather than `v.readonly()`, which would also make the key read-only.)
 * The length is checked before any item: valibot walks `length`, and a sparse array 2³² − 2 long
 * survives structured clone.
 */
export function readonlyArray<TItem extends v.GenericSchema>(item: TItem, maxItems = MAX_ARRAY_ITEMS) {
  return v.pipe(
    v.custom<unknown[]>(
      (value) => Array.isArray(value) && value.length <= maxItems,
      `Expected an array of at most ${maxItems} items`,
    ),
    v.array(item),
    v.transform((items): readonly v.InferOutput<TItem>[] => items),
  )
}

/**
 * "No params": absent (`undefined`) or `null`, both normalised to `undefined`. Anything else —
 * `{}`, `[]`, `0`, `''` — is refused (-32602), so a method that takes nothing cannot be fed data.
 */
export const noParams = v.pipe(
  v.custom<null | undefined>((value) => value === undefined || value === null, 'Expected no params'),
  v.transform((): undefined => undefined),
)

/**
 * Optional params: `schema`, or absent / `null` (normalised to `undefined`).
 */
export function optionalParams<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.pipe(
    v.nullish(schema),
    v.transform((value): v.InferOutput<TSchema> | undefined => value ?? undefined),
  )
}

/** Whether `value` is JSON data (null, boolean, finite number, string, arrays and plain objects of those), at most 32 deep. */
export function isJsonData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (depth >= 32 || typeof value !== 'object') return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonData(value[i], depth + 1)) return false
    return true
  }
  if (!isPlainObject(value)) return false
  for (const key of Object.keys(value)) if (!isJsonData(value[key], depth + 1)) return false
  return true
}
