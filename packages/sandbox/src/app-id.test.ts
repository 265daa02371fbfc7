import { manifestSchema } from '@chainless/protocol/schemas'
import { fc, test } from '@fast-check/vitest'
import * as v from 'valibot'
import { describe, expect } from 'vitest'
import { APP_ID_PATTERN, isAppId } from './app-id.js'

const runs = Number(process.env.FUZZ_RUNS ?? 300)
const base = {
  appId: 'x',
  name: 'n',
  version: '1',
  origin: 'http://x.localhost:1',
  entryUrl: 'http://x.localhost:1/',
  scopes: [],
}
const manifestAccepts = (appId: string) => v.safeParse(manifestSchema, { ...base, appId }).success

describe('APP_ID_PATTERN', () => {
  test('is the protocol pattern', () => {
    expect(APP_ID_PATTERN.source).toBe('^[a-z0-9][a-z0-9-]{0,62}$')
    expect(isAppId({ toString: () => 'hello' })).toBe(false)
  })
  test.prop(
    [
      fc.oneof(
        fc.string({ maxLength: 70 }),
        fc.stringMatching(/^[a-z0-9-]{0,70}$/),
        fc.string({ unit: 'binary', maxLength: 70 }),
      ),
    ],
    { numRuns: runs },
  )('accepts exactly what manifestSchema accepts', (id) => {
    expect(isAppId(id)).toBe(manifestAccepts(id))
  })
})
