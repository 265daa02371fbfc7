// The schemas are the host's first line against untrusted input (app params, hello messages, manifests
// from the network): for any plain data — the kind structured clone and JSON.parse produce, including
// own keys named `__proto__`, `constructor`, `toString`, `then` — parsing never throws, never accepts
// an array or a built-in where an object is expected, and never touches a prototype.
import { fc, test } from '@fast-check/vitest'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { isPlainObject } from './schemas/shared.js'
import { helloSchema, manifestSchema, methodSchemas } from './schemas.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 200)
const ignoredRootRegex = /^__vitest\w*$/
let poisoning: typeof import('@fast-check/poisoning')

const shared = [Object, Array, Function, String, Number, RegExp, URL, Map, Set, Date]
const prototypes = () => shared.map((C) => Reflect.ownKeys(C.prototype).map(String).sort().join())
let pristine: string[]

beforeAll(async () => {
  poisoning = await import('@fast-check/poisoning')
  pristine = prototypes()
})
afterAll(() => {
  try {
    poisoning.assertNoPoisoning({ ignoredRootRegex })
  } finally {
    poisoning.restoreGlobals({ ignoredRootRegex })
  }
})

/** Keys a parser might trip on if it read them as properties rather than data. */
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'then',
  'toJSON',
  'length',
)
const key = fc.oneof(hostileKey, fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }))

/** An object whose own keys may be `__proto__` & co. (as JSON.parse makes them), never via a setter. */
const ownKeys = <T>(value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(key, value), { maxLength: 8 }).map((entries) => {
    const target: Record<string, T> = {}
    for (const [k, v] of entries) {
      Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true })
    }
    return target
  })

/** `target` with the own keys of `keys` defined (not set: `__proto__` stays a key); `length` left alone. */
function withKeys<T extends object>(target: T, keys: Record<string, unknown>): T {
  for (const k of Object.keys(keys)) {
    if (k === 'length') continue
    Object.defineProperty(target, k, { value: keys[k], enumerable: true, writable: true, configurable: true })
  }
  return target
}

/** Plain data as it arrives: JSON-like values, strings with lone surrogates, and what structured clone keeps. */
const data: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
      key,
    }),
    fc.string({ unit: 'binary' }),
    ownKeys(tie('value')),
    fc.array(tie('value'), { maxLength: 6 }),
    // An array that carries object keys: structured clone keeps them.
    fc.tuple(fc.array(tie('value'), { maxLength: 2 }), ownKeys(tie('value'))).map(([a, o]) => withKeys(a, o)),
  ),
})).value

/** Deep and wide, and cycles (in-realm callers can build them; the schema must not loop). */
const shapes = fc.oneof(
  fc.nat({ max: 2000 }).map((depth) => {
    let o: Record<string, unknown> = { visible: true }
    for (let i = 0; i < depth; i++) o = { reason: o }
    return o
  }),
  fc
    .nat({ max: 5000 })
    .map((width) => Object.fromEntries(Array.from({ length: width }, (_, i) => [`k${i}`, i]))),
  fc.constant(null).map(() => {
    const o: Record<string, unknown> = { visible: true }
    o.self = o
    return o
  }),
  fc.nat({ max: 2 ** 20 }).map((n) => {
    const a: unknown[] = []
    a[n] = 1
    return a
  }),
)

const noThrow = <S extends v.GenericSchema>(schema: S, input: unknown): v.SafeParseResult<S> => {
  const result = v.safeParse(schema, input)
  expect(typeof result.success).toBe('boolean')
  expect(prototypes()).toEqual(pristine)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  return result
}

describe('methodSchemas', () => {
  const entries = Object.entries(methodSchemas)

  test.prop([fc.constantFrom(...entries), fc.oneof(data, shapes)], { numRuns: RUNS })(
    'params and results: never throw; what passes is plain and passes again',
    ([, schemas], input) => {
      for (const schema of [schemas.params, schemas.result]) {
        const result = noThrow(schema, input)
        if (!result.success) continue
        const output: unknown = result.output
        // Params are an object or nothing; a result may also be an array (walletRequest: eth_accounts).
        const array = schema === schemas.result && Array.isArray(output)
        expect(
          array ||
            output === undefined ||
            output === null ||
            isPlainObject(output) ||
            typeof output !== 'object',
        ).toBe(true)
        expect(v.safeParse(schema, output).success).toBe(true)
      }
    },
  )

  test.prop([fc.constantFrom(...entries), fc.array(data, { maxLength: 4 }), ownKeys(data)], {
    numRuns: RUNS,
  })(
    'params: an array is never taken for an object or for no params, whatever keys it carries',
    ([, schemas], items, keys) => {
      expect(v.safeParse(schemas.params, items).success).toBe(false)
      expect(v.safeParse(schemas.params, withKeys([], keys)).success).toBe(false)
      for (const builtin of [new Date(0), new Map(), new Set(), new Uint8Array(2), /x/]) {
        expect(v.safeParse(schemas.params, builtin).success).toBe(false)
      }
    },
  )
})

describe('helloSchema', () => {
  const hello = { type: 'chainless:hello', protocol: '1.0', sdkVersion: '0.1.0' }
  test.prop(
    [
      fc.oneof(
        data,
        shapes,
        ownKeys(data).map((extra) => withKeys({ ...hello }, extra)),
      ),
    ],
    { numRuns: RUNS },
  )('never throws; what passes has exactly the three keys', (input) => {
    const result = noThrow(helloSchema, input)
    if (result.success) expect(Object.keys(result.output).sort()).toEqual(['protocol', 'sdkVersion', 'type'])
  })
})

describe('manifestSchema', () => {
  const manifest = {
    appId: 'shop',
    name: 'Shop',
    version: '1.0.0',
    origin: 'https://shop.example',
    entryUrl: 'https://shop.example/app',
    scopes: ['user:basic'],
    developer: { name: 'D', url: 'https://d.example' },
    contracts: [{ chainId: 1, address: `0x${'a'.repeat(40)}`, name: 'C' }],
  }
  const fields = [
    ...Object.keys(manifest),
    'icon',
    'sourceUrl',
    'audit',
    'permissions',
    'status',
    'sponsored',
  ]
  const url = fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      'javascript:alert(1)',
      'data:text/html,x',
      ' https://a.example',
      'https://a.example:99999',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  )
  /** A valid manifest with one field replaced by something hostile or near-valid. */
  const nearMiss = fc
    .tuple(fc.constantFrom(...fields), fc.oneof(data, url, fc.constant(undefined)), ownKeys(data))
    .map(([field, value, extra]) => withKeys(withKeys({}, extra), { ...manifest, [field]: value }))

  test.prop([fc.oneof(data, shapes, nearMiss)], { numRuns: RUNS })(
    'never throws; what passes keeps the entry on the origin and every URL http(s)',
    (input) => {
      const result = noThrow(manifestSchema, input)
      if (!result.success) return
      const m = result.output
      expect(new URL(m.entryUrl).origin).toBe(m.origin)
      for (const u of [m.entryUrl, m.icon, m.sourceUrl, m.developer?.url, m.audit?.url]) {
        if (u !== undefined) expect(u).toMatch(/^https?:\/\//i)
      }
      expect(Object.hasOwn(m, '__proto__')).toBe(false)
      expect(Object.getPrototypeOf(m)).toBe(Object.prototype)
    },
  )
})
