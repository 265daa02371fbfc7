// Error answers are untrusted input: whatever the status, content type, body and headers, the app gets
// a PlatformError with a short token code and bounded fields, never a crash or a non-error. Replay a
// failure with FUZZ_SEED (and FUZZ_PATH); FUZZ_RUNS raises the count.
import { env } from 'node:process'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { parseRetryAfter } from './delay.js'
import { PlatformError } from './errors.js'
import { errorFromResponse, MAX_PROBLEM_BYTES, problemError } from './problem.js'

function fuzzParameters(defaultRuns: number) {
  const runs = Number(env.FUZZ_RUNS)
  const seed = Number(env.FUZZ_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(env.FUZZ_SEED !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
  }
}

// Header values a Headers object accepts: visible ASCII and spaces, no leading or trailing space.
const headerValue = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
})
const contentType = fc.oneof(
  fc.constantFrom(
    'application/problem+json',
    'APPLICATION/PROBLEM+JSON; charset=utf-8',
    'application/problem+json;',
    'application/problem+jsonx',
    'application/json',
    'text/html',
  ),
  headerValue,
)
const trap = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'then',
  'code',
  'requestId',
  'detail',
  'title',
)
const problemValue = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom('rate_limited', 'x'.repeat(101), '', 'a b', 'ok.code:1-2', '\u0000', '\uD800'),
  fc.anything({ maxDepth: 2 }),
)
const problemObject = fc
  .array(fc.tuple(fc.oneof(trap, fc.string({ maxLength: 10 })), problemValue), { maxLength: 8 })
  .map(
    (entries) =>
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
  )
const body = fc.oneof(
  problemObject,
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', 'null', '[]', '{', '"code"', '{"code":"a"}'.padEnd(MAX_PROBLEM_BYTES + 10, ' ')),
  fc.uint8Array({ maxLength: 64 }),
)

function checkError(error: unknown, status: number): void {
  expect(error).toBeInstanceOf(PlatformError)
  const e = error as PlatformError
  expect(e.status).toBe(status)
  expect(e.code).toMatch(/^[\w.:-]{1,100}$/)
  if (e.requestId !== undefined) expect(e.requestId.length).toBeLessThanOrEqual(200)
  if (e.details !== undefined) expect(e.details.length).toBeLessThanOrEqual(500)
  if (e.retryAfterMs !== undefined) expect(e.retryAfterMs).toBeGreaterThanOrEqual(0)
  expect(typeof e.message).toBe('string')
}

test.prop(
  [
    fc.integer({ min: 400, max: 599 }),
    contentType,
    body,
    fc.option(headerValue, { nil: undefined }),
    fc.option(headerValue, { nil: undefined }),
  ],
  fuzzParameters(300),
)(
  'any error answer → a typed PlatformError (through a real Response body)',
  async (status, type, text, requestId, retryAfter) => {
    const headers = new Headers({ 'content-type': type })
    if (requestId !== undefined) headers.set('x-request-id', requestId)
    if (retryAfter !== undefined) headers.set('retry-after', retryAfter)
    checkError(await errorFromResponse(new Response(text, { status, headers })), status)
    checkError(problemError(status, headers, typeof text === 'string' ? text : undefined), status)
  },
)

test.prop(
  [fc.oneof(headerValue, fc.string({ maxLength: 100 }), fc.date({ noInvalidDate: false }).map(String))],
  fuzzParameters(300),
)('Retry-After: any value → undefined or a delay ≥ 0', (value) => {
  const ms = parseRetryAfter(value)
  if (ms !== undefined) expect(ms).toBeGreaterThanOrEqual(0)
})

test('a problem with a good code keeps it; a body over the limit is not parsed', async () => {
  const headers = { 'content-type': 'application/problem+json' }
  const small = await errorFromResponse(
    new Response('{"code":"rate_limited","requestId":"r1"}', { status: 429, headers }),
  )
  expect(small).toMatchObject({ code: 'rate_limited', requestId: 'r1' })
  const big = await errorFromResponse(
    new Response(`{"code":"rate_limited","pad":"${'x'.repeat(MAX_PROBLEM_BYTES)}"}`, {
      status: 429,
      headers,
    }),
  )
  expect(big.code).toBe('http_429')
})
