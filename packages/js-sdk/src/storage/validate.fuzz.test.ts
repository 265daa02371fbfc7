// The app refuses up front exactly what the host would refuse (-32602): the js-sdk's `isJson` agrees
// with the protocol's `isJsonData` (the host's check) on any value, hostile ones included, and bounds
// its walk (sparse and cyclic values end at once).
import { isJsonData } from '@chainless/protocol/schemas'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { hostileValue } from '../../test/hostile.js'
import { checkKey, isJson } from './validate.js'

const env = process.env
const seed = Number(env.FUZZ_SEED)
const params = {
  numRuns: Number(env.FUZZ_RUNS ?? 300),
  ...(env.FUZZ_SEED !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
}

const sparse: unknown[] = []
sparse[2 ** 32 - 2] = 1
const cyclic: Record<string, unknown> = { a: 1 }
cyclic.self = cyclic
let deep: unknown = 1
for (let i = 0; i < 40; i++) deep = [deep]
const value = fc.oneof(
  hostileValue,
  fc.jsonValue(),
  fc.constantFrom(sparse, cyclic, deep, -0, Number.NaN, new Date(0)),
)

test.prop([value], params)('isJson agrees with the host’s isJsonData', (v) => {
  expect(isJson(v)).toBe(isJsonData(v))
})

test.prop(
  [
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 600 }),
      fc.constantFrom('', 'k'.repeat(512), 'k'.repeat(513)),
      fc.anything(),
    ),
  ],
  params,
)('checkKey accepts exactly the strings of 1 to 512 UTF-16 units', (key) => {
  const valid = typeof key === 'string' && key.length >= 1 && key.length <= 512
  if (valid) expect(checkKey(key)).toBe(key)
  else expect(() => checkKey(key)).toThrow(expect.objectContaining({ code: -32602 }))
})
