// Whatever the platform (or something impersonating it) answers — any status, any headers, any body —
// a call resolves with the JSON of a 2xx or rejects with a typed error: AuthPlatformError (4100 only for
// invalid_grant, else -32603, a bounded `error`) or PlatformUnavailableError (-32002) within the budget.
import { PlatformUnavailableError } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { fuzzParameters } from '../hostile.fuzz.js'
import { AuthPlatformError, platformClient } from './platform.js'

const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        error: fc.oneof(fc.constantFrom('invalid_grant', 'invalid_request'), fc.string({ maxLength: 300 })),
        error_description: fc.string({ maxLength: 300 }),
        code: fc.anything({ maxDepth: 2 }),
        title: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
)
const answer = fc.record({
  status: fc.integer({ min: 200, max: 599 }),
  retryAfter: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.nat({ max: 20 }).map(String)), {
    nil: undefined,
  }),
  body,
})

test.prop([fc.array(answer, { minLength: 1, maxLength: 5 }), fc.constantFrom('repeatable', 'unsent')], {
  ...fuzzParameters(300),
})('any answer → JSON of a 2xx or a typed error, within the budget', async (answers, retry) => {
  let n = 0
  const fake = (async () => {
    const a = answers[Math.min(n++, answers.length - 1)]!
    // 204 and 205 carry no body by definition.
    const status = a.status === 204 || a.status === 205 ? 200 : a.status
    return new Response(a.body, {
      status,
      headers: a.retryAfter === undefined ? {} : { 'retry-after': a.retryAfter },
    })
  }) as typeof fetch
  const waits: number[] = []
  const client = platformClient('http://api.localhost', fake, { sleep: async (ms) => void waits.push(ms) })
  const outcome = await client
    .call('POST', '/oauth/token', { form: { grant_type: 'refresh_token' }, retry: retry as 'unsent' })
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
  expect(n).toBeLessThanOrEqual(4)
  expect(waits.every((ms) => ms >= 0 && ms <= 5_000)).toBe(true)
  if ('error' in outcome) {
    const e = outcome.error
    if (e instanceof AuthPlatformError) {
      expect(e.code).toBe(e.error === 'invalid_grant' ? 4100 : -32603)
      expect(e.error.length).toBeLessThanOrEqual(64)
      expect(e.status).toBeGreaterThanOrEqual(300)
    } else {
      expect(e).toBeInstanceOf(PlatformUnavailableError)
      expect((e as PlatformUnavailableError).code).toBe(-32002)
    }
  }
})
