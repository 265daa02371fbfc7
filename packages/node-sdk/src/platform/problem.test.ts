import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { PlatformError } from '../errors.js'
import { fuzzParameters } from './fuzz.testutil.js'
import { parseRetryAfter, problemToError } from './problem.js'

describe('problemToError', () => {
  it('reads the RFC 9457 members', () => {
    const e = problemToError(
      422,
      new Headers({ 'x-request-id': 'hdr' }),
      JSON.stringify({
        type: 'urn:chainless:problem:invalid_body',
        title: 'Unprocessable',
        status: 422,
        detail: 'title too long',
        code: 'invalid_body',
        requestId: 'r-1',
        errors: [{ pointer: '/title', message: 'too long' }, 7, { pointer: 1 }],
      }),
      0,
    )
    expect(e).toBeInstanceOf(PlatformError)
    expect(e).toMatchObject({
      status: 422,
      code: 'invalid_body',
      requestId: 'r-1',
      details: 'title too long',
    })
    expect(e.errors).toEqual([{ pointer: '/title', message: 'too long' }])
  })

  it('falls back to http_<status> and the header request id', () => {
    const e = problemToError(502, new Headers({ 'x-request-id': 'hdr' }), '<html>', 0)
    expect(e).toMatchObject({ code: 'http_502', requestId: 'hdr', status: 502 })
  })

  it('does not walk a huge errors array', () => {
    const errors: unknown[] = []
    errors.length = 2 ** 32 - 1
    const parsedLike = `{"code":"x","errors":[${'{"pointer":"/a","message":"m"},'.repeat(1000)}1]}`
    expect(problemToError(400, new Headers(), parsedLike, 0).errors).toHaveLength(50)
  })

  // Any body, any status, any headers: a typed error, never a throw, with a code of the stable form.
  test.prop(
    [
      fc.integer({ min: 400, max: 599 }),
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 2000 }),
        fc.json({ maxDepth: 4 }),
        fc
          .record(
            {
              code: fc.oneof(fc.string(), fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), fc.anything()),
              requestId: fc.anything(),
              detail: fc.anything(),
              errors: fc.anything(),
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? ''),
      ),
      fc.option(
        fc.string({ maxLength: 80 }).filter((s) => !/[\r\n\0]/.test(s)),
        { nil: undefined },
      ),
    ],
    fuzzParameters(500),
  )('any answer becomes a PlatformError', (status, body, retryAfter) => {
    const headers = new Headers()
    try {
      if (retryAfter !== undefined) headers.set('retry-after', retryAfter)
    } catch {
      // a value Headers refuses never reaches us
    }
    const e = problemToError(status, headers, body, Date.now())
    expect(e).toBeInstanceOf(PlatformError)
    expect(e.status).toBe(status)
    expect(e.code).toMatch(/^[a-z][a-z0-9_]*$/)
    expect(e.requestId === undefined || (typeof e.requestId === 'string' && e.requestId.length <= 1000)).toBe(
      true,
    )
    expect(e.retryAfterMs === undefined || (Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0)).toBe(
      true,
    )
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000)
    expect(parseRetryAfter(' 0 ', 0)).toBe(0)
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')),
    ).toBe(60_000)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2030-01-01'))).toBe(0)
    expect(parseRetryAfter('-1', 0)).toBeUndefined()
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(null, 0)).toBeUndefined()
  })
})
