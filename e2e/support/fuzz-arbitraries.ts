// The browser fuzz's message generators (fast-check 4, run inside the fuzzing app's page). Everything
// here is what a broken or hostile mini-program can post: over its private port, or to window.parent.
import fc from 'fast-check'

/** One generated message and what may be transferred with it. */
export interface FuzzItem {
  message: unknown
  transfer: Transferable[]
  /**
   * What the host must answer a message with a usable id with: `raw` (a valid call: a `RAW` reply),
   * `any` (a `RAW` reply or a typed error). Messages without a usable id must not be answered.
   */
  expect: 'raw' | 'any'
}

/** Own keys that break code which reads properties of untrusted objects. */
export const HOSTILE_KEYS = [
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
  'then',
  'hasOwnProperty',
  'toJSON',
  'length',
  'id',
  'type',
] as const

/** A new object per generated value: the fuzz numbers ids and adds ports, so none may be shared. */
const fresh = <T>(make: () => T) => fc.constant(0).map(make)

/** Sets an own, enumerable data property (also for `__proto__`, which `=` would not create). */
function own(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
/** One UTF-16 unit: mostly printable, often a lone surrogate or a control character. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: surrogate },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
)
/** Strings with lone surrogates, NULs and the like. */
export const nastyString = (maxLength = 40) => fc.string({ unit, maxLength })

/** Objects whose `toString`/`valueOf` are not functions: `String(x)` throws on them. */
const unprintable = fc.oneof(
  fresh(() => ({ toString: 1 })),
  fresh(() => ({ toString: 1, valueOf: 1 })),
  fresh(() => ({ toString: {}, valueOf: [] })),
  fresh(() => ({ toString: null, valueOf: null, toJSON: 1 })),
  fresh(() => Object.assign(Object.create(null), { a: 1 })),
)

/** `fc.anything` with every structured-clonable kind switched on. */
export const anyValue = fc.anything({
  maxDepth: 3,
  maxKeys: 6,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: unit,
})

/** Objects with own keys named like `Object.prototype` members (and `__proto__` as an own key). */
const hostileKeyed = fc
  .array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), fc.oneof(anyValue, unprintable)), { maxLength: 6 })
  .map((entries) => {
    const o: Record<string, unknown> = {}
    for (const [k, v] of entries) own(o, k, v)
    return o
  })

/**
 * Nesting of 500–1,500 levels, of objects, arrays or both. (Chromium silently drops a message nested
 * deeper than about 2,000 levels between processes: the host never sees it, so it cannot answer it.)
 */
const deep = fc
  .record({ depth: fc.integer({ min: 500, max: 1500 }), arrays: fc.nat(2), leaf: anyValue })
  .map(({ depth, arrays, leaf }) => {
    let value: unknown = leaf
    for (let i = 0; i < depth; i++) {
      const asArray = arrays === 2 || (arrays === 1 && i % 2 === 0)
      value = asArray ? [value] : { a: value }
    }
    return value
  })

/** 1,000–10,000 own keys (some hostile). */
const wide = fc.integer({ min: 1000, max: 10_000 }).map((n) => {
  const o: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) o[`k${i}`] = i
  for (const key of HOSTILE_KEYS) own(o, key, 1)
  return o
})

/** Objects, arrays, Maps and Sets that contain themselves. */
const cyclic = fc.oneof(
  anyValue.map((v) => {
    const o: Record<string, unknown> = { v }
    o.self = o
    return o
  }),
  anyValue.map((v) => {
    const a: unknown[] = [v]
    a.push(a)
    return a
  }),
  fresh(() => {
    const m = new Map<unknown, unknown>()
    m.set(m, m)
    return m
  }),
  fresh(() => {
    const outer: Record<string, unknown> = {}
    const inner = { outer, list: [outer] }
    outer.inner = inner
    return { value: outer, type: 'RAW' }
  }),
)

/**
 * Sparse arrays up to the largest length, dense ones, big strings and buffers. Sizes stay where one
 * message costs the wallet's thread tens of ms to deserialize at most (a holey array of length 10⁶
 * costs ~200 ms in Chromium before any host code runs), so the pings measure the host.
 */
const huge = fc.oneof(
  fc
    .record({ length: fc.constantFrom(2 ** 32 - 1, 2 ** 31, 100_000, 65_536), at: fc.nat() })
    .map(({ length, at }) => {
      const a: unknown[] = []
      a.length = length
      a[at % length] = 1
      return a
    }),
  fc.integer({ min: 10_000, max: 50_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc
    .record({ n: fc.integer({ min: 200_000, max: 600_000 }), c: nastyString(4) })
    .map(({ n, c }) => (c || 'x').repeat(Math.ceil(n / Math.max(1, c.length)))),
  fc.integer({ min: 100_000, max: 300_000 }).map((n) => new Uint8Array(n)),
  fresh(() => new Float64Array(1).fill(Number.NaN)),
)

/** Values that are not plain JSON: Blob, boxed primitives, BigInt, NaN, -0, Dates, Maps, Sets. */
const exotic = fc.oneof(
  fc.bigInt(),
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, Number.MAX_VALUE),
  fc.date({ noInvalidDate: false }),
  nastyString(8).map((s) => new Blob([s])),
  nastyString(8).map((s) => new String(s)),
  fresh(() => new Map([['id', 'x']])),
  fresh(() => new Set(['APPLY'])),
  fresh(() => new Error('boom')),
  fresh(() => /re/g),
)

/** A hostile value, heavy ones rarely (they cost the most time to generate and to clone). */
export const hostileValue = fc.oneof(
  { weight: 10, arbitrary: anyValue },
  { weight: 4, arbitrary: hostileKeyed },
  { weight: 4, arbitrary: unprintable },
  { weight: 4, arbitrary: exotic },
  { weight: 2, arbitrary: nastyString(300) },
  { weight: 1, arbitrary: cyclic },
  { weight: 1, arbitrary: fc.oneof(deep, wide, huge) },
)

/** `type` of a comlink-like message: right, nearly right, or something `String()` cannot print. */
const comlinkType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('APPLY', 'RELEASE', 'GET', 'SET', 'CONSTRUCT', 'ENDPOINT') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('apply', 'APPLY ', 'APPLY\0', '\ud800APPLY', '', 'RAW', 'HANDLER'),
  },
  { weight: 3, arbitrary: unprintable },
  { weight: 2, arbitrary: nastyString(2000) },
  { weight: 3, arbitrary: exotic },
  { weight: 2, arbitrary: fresh(() => new String('APPLY')) },
  { weight: 1, arbitrary: fresh(() => ['APPLY']) },
  { weight: 2, arbitrary: anyValue },
)

const methodName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('ping', 'ready', 'getContext', 'setBackButton') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'then', 'valueOf'),
  },
  { weight: 2, arbitrary: fc.constantFrom('requestAccounts', 'signMessage', 'sendTransaction', 'close ') },
  { weight: 2, arbitrary: nastyString(100) },
)

/** A `path`: one name, several, none, or not an array. */
const path = fc.oneof(
  { weight: 8, arbitrary: methodName.map((name) => [name]) },
  { weight: 2, arbitrary: fc.array(methodName, { maxLength: 4 }) },
  { weight: 2, arbitrary: hostileValue },
  { weight: 1, arbitrary: fresh(() => Object.assign([], { 0: 'ping', length: 3 })) },
)

/** An `argumentList` whose wire values are right, of another comlink kind, or not wire values. */
const wire = fc.oneof(
  { weight: 6, arbitrary: hostileValue.map((value) => ({ type: 'RAW', value })) },
  { weight: 1, arbitrary: fresh(() => ({ type: 'RAW' })) },
  {
    weight: 2,
    arbitrary: fc.record({ type: comlinkType, name: fc.oneof(methodName, unprintable), value: hostileValue }),
  },
  { weight: 2, arbitrary: hostileValue },
)
const argumentList = fc.oneof(
  { weight: 6, arbitrary: fc.array(wire, { maxLength: 1 }) },
  { weight: 2, arbitrary: fc.array(wire, { minLength: 2, maxLength: 4 }) },
  { weight: 2, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

/**
 * An `id`: mostly a usable string (≤ 64 UTF-16 units; the fuzz prefixes it with the message's number
 * so replies can be told apart), sometimes 65+ units or not a string at all.
 */
const id = fc.oneof(
  { weight: 12, arbitrary: nastyString(50) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(64)) },
  { weight: 1, arbitrary: fc.string({ minLength: 65, maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.bigInt(), fc.constant(null), unprintable, exotic) },
)

/** A comlink-like message with random or wrong parts. */
const apply = fc.record({ id, type: comlinkType, path, argumentList }, { requiredKeys: ['id', 'type'] })

/** A message that is valid: the host must answer it with a `RAW` reply. */
const valid = fc
  .record({
    id: nastyString(50),
    call: fc.oneof(
      fresh(() => ({ path: ['ping'], argumentList: [] as unknown[] })),
      fresh(() => ({ path: ['ping'], argumentList: [{ type: 'RAW', value: undefined }] })),
      fresh(() => ({ path: ['getContext'], argumentList: [] as unknown[] })),
      fresh(() => ({ path: ['ready'], argumentList: [] as unknown[] })),
      fc
        .boolean()
        .map((visible) => ({ path: ['setBackButton'], argumentList: [{ type: 'RAW', value: { visible } }] })),
      fresh(() => ({ type: 'RELEASE' })),
    ),
  })
  .map(({ id, call }) => ({ id, type: 'APPLY', ...call }))

/** Messages that look like the bridge's own (`chainless:*`) but come from the app. */
const lookAlike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        'chainless:hello',
        'chainless:probe-ack',
        'chainless:probe',
        'chainless:welcome',
        'chainless:refuse',
        'chainless:event',
        'chainless:disconnect',
        'chainless:',
      ),
      nastyString(20).map((s) => `chainless:${s}`),
    ),
    id,
    protocol: fc.oneof(fc.constantFrom('1.0', '1.9', '2.0', '1', '0.1', ''), hostileValue),
    sdkVersion: fc.oneof(fc.constant('fuzz'), nastyString(100), hostileValue),
    reason: fc.oneof(fc.constant('closed'), hostileValue),
    event: fc.oneof(fc.constant('themeChanged'), hostileValue),
    data: hostileValue,
  },
  { requiredKeys: ['type'] },
)

/** A message that is not a comlink message at all: primitives, arrays, Blobs, Maps, cycles, … */
const nonMessage = fc.oneof(anyValue, exotic, cyclic, unprintable, hostileKeyed)

/** The kinds of port message, valid ones included so that the oracle has something to check. */
const portMessage = fc.oneof(
  { weight: 10, arbitrary: apply.map((message) => ({ message, expect: 'any' as const })) },
  { weight: 3, arbitrary: valid.map((message) => ({ message, expect: 'raw' as const })) },
  { weight: 2, arbitrary: lookAlike.map((message) => ({ message, expect: 'any' as const })) },
  { weight: 2, arbitrary: nonMessage.map((message) => ({ message, expect: 'any' as const })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ id, type: fc.oneof(unprintable, comlinkType) })
      .map((message) => ({ message, expect: 'any' as const })),
  },
)

/** With a small chance, a MessagePort rides along, transferred (in the message or only in the list). */
const withPort = <T extends { message: unknown; expect: FuzzItem['expect'] }>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, fc.nat(99)).map(([item, roll]): FuzzItem => {
    if (roll >= 3) return { ...item, transfer: [] }
    const { port1 } = new MessageChannel()
    const message = item.message
    if (roll === 0 && typeof message === 'object' && message !== null && !Array.isArray(message)) {
      own(message, 'argumentList', [{ type: 'RAW', value: port1 }])
      return { message, expect: 'any', transfer: [port1] }
    }
    if (roll === 1)
      return {
        message: { id: (message as { id?: unknown })?.id, type: port1 },
        expect: 'any',
        transfer: [port1],
      }
    return { ...item, transfer: [port1] }
  })

/** What the fuzzing app posts over its private port. */
export const portItem: fc.Arbitrary<FuzzItem> = withPort(portMessage)

/** What the fuzzing app posts to `window.parent` with target `'*'` (nothing there is answered). */
export const windowItem: fc.Arbitrary<FuzzItem> = withPort(
  fc
    .oneof(
      { weight: 4, arbitrary: lookAlike },
      { weight: 2, arbitrary: apply },
      { weight: 2, arbitrary: nonMessage },
      { weight: 1, arbitrary: hostileValue },
    )
    .map((message) => ({ message, expect: 'any' as const })),
)

/** The seed of batch `index` of the stream of `seed`: batches are independent, so any chunk replays. */
export function batchSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2d)
  return (h ^ (h >>> 15)) | 0
}

/** The `count` items of batch `index` of the stream of `seed`. */
export function generate(
  arb: fc.Arbitrary<FuzzItem>,
  seed: number,
  index: number,
  count: number,
): FuzzItem[] {
  return fc.sample(arb, { seed: batchSeed(seed, index), numRuns: count })
}
