import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { isPlatformRequest, MAX_REQUESTS, mergeRequests, type PlatformRequest } from './platform-requests.js'

// Replay a failure with FUZZ_SEED=<seed> (as runtime-host's fuzzParameters).
const seed = Number(process.env.FUZZ_SEED)
const fuzz = (numRuns: number) => ({ numRuns, ...(Number.isSafeInteger(seed) ? { seed } : {}) })

const request = (seq: number, extra: Partial<PlatformRequest> = {}): PlatformRequest => ({
  seq,
  at: 1_700_000_000_000 + seq,
  appId: 'hello',
  method: 'GET',
  path: `/api/v1/apps/hello?n=${seq}`,
  status: 200,
  durationMs: 1.5,
  requestId: `req-${seq}`,
  ...extra,
})

const requestArb = fc.record(
  {
    seq: fc.integer({ min: 0, max: 3000 }),
    at: fc.double({ noNaN: true }),
    appId: fc.option(fc.string(), { nil: null }),
    method: fc.string(),
    path: fc.string(),
    status: fc.integer({ min: 100, max: 599 }),
    code: fc.string(),
    durationMs: fc.double({ noNaN: true }),
    idempotencyKey: fc.string(),
    requestId: fc.string(),
  },
  { requiredKeys: ['seq', 'at', 'appId', 'method', 'path', 'status', 'durationMs', 'requestId'] },
)

describe('isPlatformRequest', () => {
  test('accepts the sandbox record, with or without the optional members', () => {
    expect(isPlatformRequest(request(1))).toBe(true)
    expect(isPlatformRequest(request(2, { code: 'rate_limited', idempotencyKey: 'k', appId: null }))).toBe(
      true,
    )
  })
  test('refuses anything else', () => {
    for (const bad of [
      null,
      'x',
      [],
      { ...request(1), seq: 1.5 },
      { ...request(1), status: '200' },
      { ...request(1), appId: 3 },
      { ...request(1), code: 5 },
      { ...request(1), requestId: undefined },
    ])
      expect(isPlatformRequest(bad), JSON.stringify(bad)).toBe(false)
  })
})

describe('mergeRequests', () => {
  test('adds new ones in seq order, drops replays and junk; unchanged input answers the same list', () => {
    const list = mergeRequests([], [request(2), request(1), { junk: true }])
    expect(list.map((r) => r.seq)).toEqual([1, 2])
    expect(mergeRequests(list, [request(2), 'junk'])).toBe(list)
    expect(mergeRequests(list, [request(3)]).map((r) => r.seq)).toEqual([1, 2, 3])
  })
  test('keeps the newest MAX_REQUESTS', () => {
    const many = Array.from({ length: MAX_REQUESTS + 50 }, (_, i) => request(i))
    const list = mergeRequests([], many)
    expect(list).toHaveLength(MAX_REQUESTS)
    expect(list[0]!.seq).toBe(50)
  })
  test('a sparse 2^32-long array is read only up to its bound', () => {
    const sparse: unknown[] = []
    sparse.length = 2 ** 32 - 1
    sparse[3] = request(3)
    const started = performance.now()
    expect(mergeRequests([], sparse).map((r) => r.seq)).toEqual([3])
    expect(performance.now() - started).toBeLessThan(1000)
  })
  test.prop(
    [
      fc.array(fc.oneof(requestArb, fc.anything()), { maxLength: 80 }),
      fc.array(requestArb, { maxLength: 80 }),
    ],
    fuzz(300),
  )('always ordered by seq, unique, valid and bounded', (first, second) => {
    const list = mergeRequests(mergeRequests([], first), second)
    expect(list.length).toBeLessThanOrEqual(MAX_REQUESTS)
    for (let i = 0; i < list.length; i++) {
      expect(isPlatformRequest(list[i])).toBe(true)
      if (i > 0) expect(list[i]!.seq).toBeGreaterThan(list[i - 1]!.seq)
    }
  })
})
