/**
 * Arbitraries of what a broken or hostile mini-program can send, and the shared fuzz parameters, for
 * the property tests (`*.fuzz.test.ts`). Test-only: not reachable from `index.ts`, never bundled.
 * See FUZZING.md for `FUZZ_RUNS` / `FUZZ_SEED` / `FUZZ_PATH`.
 */
import { fc } from '@fast-check/vitest'

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}

/**
 * Runs and replay for a property: `FUZZ_RUNS` raises (or lowers) the number of runs; `FUZZ_SEED`
 * (and `FUZZ_PATH`, both printed by a failure) replay a failing run.
 */
export function fuzzParameters(
  defaultRuns: number,
): Pick<fc.Parameters<unknown>, 'numRuns' | 'seed' | 'path' | 'verbose'> {
  const runs = Number(env.FUZZ_RUNS)
  const seed = Number(env.FUZZ_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(env.FUZZ_SEED !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    // The counterexamples can be 1 000 levels deep: a short print, the seed is what matters.
    verbose: 0,
  }
}

/** Keys that trip naive code: prototype names, thenables, the wire's own field names. */
export const HOSTILE_KEYS = [
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
  'then',
  'toJSON',
  'hasOwnProperty',
  'prototype',
  'id',
  'type',
  'path',
  'argumentList',
  'value',
  'name',
  'isError',
] as const

export const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }))

/** Strings with unpaired UTF-16 surrogates (not valid Unicode, valid JS, kept by structured clone). */
export const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b')

export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  loneSurrogate,
  fc.constant('x'.repeat(70)),
)

const leaf = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ maxLength: 8 }),
  fc.float64Array({ maxLength: 4 }),
)

/** Defines each entry as an own data property: `__proto__` stays a key, it never sets the prototype. */
function ownObject(entries: readonly (readonly [string, unknown])[], nullProto: boolean): object {
  const out: object = nullProto ? Object.create(null) : {}
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}

const nested = fc.anything({
  key: hostileKey,
  values: [leaf],
  maxDepth: 3,
  maxKeys: 5,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
})

/** Objects whose own keys are `toString`, `valueOf`, `__proto__`, `constructor`, `then`, … */
export const ownKeysObject = fc
  .tuple(fc.array(fc.tuple(hostileKey, fc.oneof(leaf, nested)), { maxLength: 6 }), fc.boolean())
  .map(([entries, nullProto]) => ownObject(entries, nullProto))

function deep(levels: number, array: boolean): unknown {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = array ? [value] : { d: value }
  return value
}

/** Built once: large values, shared by every run (treat as read-only). */
const specials: readonly unknown[] = (() => {
  const cyclic: Record<string, unknown> = { toString: 1 }
  cyclic.self = cyclic
  const cyclicArray: unknown[] = [1]
  cyclicArray.push(cyclicArray)
  const sparseHuge: unknown[] = []
  sparseHuge[2 ** 32 - 2] = 1
  return [
    deep(1000, false),
    deep(1000, true),
    Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
    cyclic,
    cyclicArray,
    sparseHuge,
    new Array(100_000).fill(0),
    'y'.repeat(300_000),
    new Uint8Array(300_000),
    new Map<unknown, unknown>([[{ toString: 1 }, new Set([1n])]]),
    { toString: 1, valueOf: 1 },
    ownObject([['then', 1]], true),
  ]
})()

/** Cycles around a generated value (in an object and in an array). */
const cycles = nested.map((value) => {
  const object: Record<string, unknown> = { value }
  object.self = object
  const array: unknown[] = [value]
  array.push(array, object)
  return array
})

/** Anything an app can put in a message: beyond `fc.anything()` (see FUZZING.md). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nested },
  { weight: 3, arbitrary: ownKeysObject },
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.constantFrom(...specials) },
  { weight: 1, arbitrary: cycles },
)

const methodName = fc.constantFrom(
  'ready',
  'close',
  'setBackButton',
  'getContext',
  'ping',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'nope',
)

const params = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.record({ visible: fc.boolean() }),
  fc.record({ reason: hostileString }, { requiredKeys: [] }),
  hostileValue,
)

/** Messages shaped like comlink's wire (`{ id, type, path, argumentList }`), each field possibly hostile. */
export const wireMessage = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 70 }), hostileValue),
    type: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('APPLY', 'RELEASE', 'GET', 'SET', 'CONSTRUCT', 'ENDPOINT') },
      { weight: 1, arbitrary: hostileValue },
    ),
    path: fc.oneof(
      { weight: 4, arbitrary: methodName.map((name) => [name]) },
      { weight: 1, arbitrary: fc.array(methodName, { maxLength: 3 }) },
      { weight: 1, arbitrary: hostileValue },
    ),
    argumentList: fc.oneof(
      { weight: 4, arbitrary: params.map((value) => [{ type: 'RAW', value }]) },
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(hostileValue, { maxLength: 3 }) },
      { weight: 1, arbitrary: hostileValue },
    ),
  },
  { requiredKeys: [] },
)

/** Any message: mostly wire-shaped, sometimes anything at all. */
export const anyMessage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wireMessage },
  { weight: 1, arbitrary: hostileValue },
)

/** The protocol's answer shapes: comlink `RAW`, or a `HANDLER` throw of `{ code, message, data? }`. */
export function replyShapeProblem(reply: unknown): string | undefined {
  if (typeof reply !== 'object' || reply === null) return 'not an object'
  const r = reply as Record<string, unknown>
  const keys = Object.keys(r).sort().join(',')
  if (typeof r.id !== 'string') return 'no string id'
  if (r.type === 'RAW') return keys === 'id,type,value' || keys === 'id,type' ? undefined : `RAW keys ${keys}`
  if (r.type !== 'HANDLER' || r.name !== 'throw' || keys !== 'id,name,type,value') return `keys ${keys}`
  const wrapped = r.value as Record<string, unknown>
  if (wrapped?.isError !== false) return 'isError is not false'
  const error = wrapped.value as Record<string, unknown>
  if (typeof error !== 'object' || error === null) return 'no error payload'
  const errorKeys = Object.keys(error).sort().join(',')
  if (errorKeys !== 'code,message' && errorKeys !== 'code,data,message') return `error keys ${errorKeys}`
  if (!Number.isInteger(error.code) || typeof error.message !== 'string') return 'bad code or message'
  if (error.code === -32603 && 'data' in error) return '-32603 with data'
  return undefined
}
