import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PlatformError, PlatformInputError, PlatformNetworkError, PlatformTimeoutError } from '../errors.js'
import { type PlatformServer, problem, startPlatformServer } from './platform-server.testutil.js'
import { createRequestClient, type PlatformClientOptions } from './request.js'

const KEY = 'ck_current-key'
const OLD = 'ck_previous-key'
let server: PlatformServer
let sleeps: number[]

beforeEach(async () => {
  server = await startPlatformServer([KEY, OLD])
  sleeps = []
})
afterEach(() => server.close())

const client = (o: Partial<PlatformClientOptions> = {}) =>
  createRequestClient({
    appId: 'my-app',
    appKey: KEY,
    baseUrl: server.url,
    // no real waiting; the delays asked for are recorded
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...o,
  })

describe('signing', () => {
  it('signs every request with HMAC v2 over the Host and target as sent', async () => {
    const c = client()
    await c.request('GET', '/api/v1/apps', { query: { q: 'a b&c', tags: ['x', 'y'], none: undefined } })
    await c.request('POST', '/api/v1/messages', { body: { userId: '0xab', title: 'é', body: '😀' } })
    expect(server.requests.map((r) => r.signedWith)).toEqual([0, 0])
    expect(server.requests[0]?.url).toBe('/api/v1/apps?q=a+b%26c&tags=x&tags=y')
    expect(server.requests[0]?.headers['x-chainless-app']).toBe('my-app')
    expect(server.requests[1]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ userId: '0xab', title: 'é', body: '😀' })
  })

  it('signs with the path prefix of the base URL', async () => {
    await client({ baseUrl: `${server.url}/platform/` }).request('GET', '/api/v1/apps/me')
    expect(server.requests[0]?.url).toBe('/platform/api/v1/apps/me')
    expect(server.requests[0]?.signedWith).toBe(0)
  })

  it('caller headers cannot replace the signing or idempotency headers', async () => {
    await client().request('POST', '/x', {
      idempotencyKey: 'mine',
      headers: {
        'X-Chainless-App': 'other',
        'Idempotency-Key': 'theirs',
        host: 'evil',
        'x-trace': '1',
        'User-Agent': 'my-service/1',
      },
    })
    const h = server.requests[0]?.headers
    expect(h?.['x-chainless-app']).toBe('my-app')
    expect(h?.['idempotency-key']).toBe('mine')
    expect(h?.['x-trace']).toBe('1')
    expect(h?.['user-agent']).toBe('my-service/1')
    expect(server.requests[0]?.signedWith).toBe(0)
  })

  it('refuses bad input before sending anything', async () => {
    const c = client()
    await expect(c.request('GET', 'api/v1')).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.request('GET', '//evil.example/x')).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.request('POST', '/x', { body: { n: 1n } })).rejects.toBeInstanceOf(PlatformInputError)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await expect(c.request('POST', '/x', { body: cyclic })).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.request('POST', '/x', { idempotencyKey: 'a b' })).rejects.toBeInstanceOf(
      PlatformInputError,
    )
    await expect(c.request('TRACE' as 'GET', '/x')).rejects.toBeInstanceOf(PlatformInputError)
    expect(server.requests).toHaveLength(0)
    expect(() => client({ baseUrl: 'http://api.example.com' })).toThrow(PlatformInputError)
    expect(() => client({ appKey: '' })).toThrow(PlatformInputError)
  })
})

describe('retries', () => {
  it('retries 5xx with the same Idempotency-Key, a fresh nonce and a fresh timestamp each time', async () => {
    let t = 1_700_000_000_000
    server.script(problem(503, 'injected_failure'), problem(500, 'internal'), {
      status: 201,
      json: { id: 'm1' },
    })
    const answer = await client({ now: () => (t += 1000) }).request('POST', '/api/v1/messages', { body: {} })
    expect(answer).toEqual({ id: 'm1' })
    const [a, b, c] = server.requests
    const keys = server.requests.map((r) => r.headers['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    const nonces = new Set(server.requests.map((r) => r.headers['x-chainless-nonce']))
    expect(nonces.size).toBe(3)
    // the clock moved between attempts: each attempt signed its own time
    const stamps = [a, b, c].map((r) => Number(r?.headers['x-chainless-timestamp']))
    expect(stamps[0]).toBe(1_700_000_001)
    expect(stamps[1]).toBeGreaterThan(stamps[0] ?? 0)
    expect(stamps[2]).toBeGreaterThan(stamps[1] ?? 0)
    expect(server.requests.every((r) => r.signedWith === 0)).toBe(true)
    expect(sleeps).toHaveLength(2)
  })

  it('each call gets its own key; the caller can pass one; GET carries none', async () => {
    const c = client()
    await c.request('PUT', '/a', { body: 1 })
    await c.request('DELETE', '/a')
    await c.request('POST', '/a', { idempotencyKey: 'job-42' })
    await c.request('GET', '/a')
    const keys = server.requests.map((r) => r.headers['idempotency-key'])
    expect(keys[0]).not.toBe(keys[1])
    expect(keys[2]).toBe('job-42')
    expect(keys[3]).toBeUndefined()
  })

  it('backs off with full jitter under an exponential cap, within the retry budget', async () => {
    server.fallback = problem(502, 'bad_gateway')
    const error = await client({ retries: 4, random: () => 0.999, backoff: { baseMs: 100, maxMs: 500 } })
      .request('GET', '/x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect((error as PlatformError).code).toBe('bad_gateway')
    expect(server.requests).toHaveLength(5)
    expect(sleeps).toEqual([99, 199, 399, 499])
  })

  it('honours Retry-After on 429 and 503', async () => {
    server.script(
      problem(429, 'rate_limited', { 'retry-after': '2' }),
      problem(503, 'injected_failure', { 'retry-after': '1' }),
    )
    await client({ random: () => 0 }).request('GET', '/x')
    expect(sleeps).toEqual([2000, 1000])
    expect(server.requests).toHaveLength(3)
  })

  it('gives up at once when Retry-After is longer than maxRetryAfterMs, carrying retryAfterMs', async () => {
    server.script(problem(429, 'rate_limited', { 'retry-after': '120' }))
    const error = (await client({ maxRetryAfterMs: 10_000 })
      .request('GET', '/x')
      .catch((e: unknown) => e)) as PlatformError
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfterMs: 120_000,
      requestId: 'req-rate_limited',
    })
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it.each([400, 401, 403, 404, 409, 413, 422])('never retries %i', async (status) => {
    server.fallback = problem(status, 'nope')
    const error = (await client()
      .request('POST', '/x', { body: {} })
      .catch((e: unknown) => e)) as PlatformError
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ status, code: 'nope', requestId: 'req-nope' })
    expect(server.requests).toHaveLength(1)
  })

  it('times out each attempt and reports PlatformTimeoutError after the budget', async () => {
    server.fallback = 'hang'
    const started = Date.now()
    const error = (await client({ timeoutMs: 100, retries: 1 })
      .request('POST', '/x', { body: {} })
      .catch((e: unknown) => e)) as PlatformTimeoutError
    expect(error).toBeInstanceOf(PlatformTimeoutError)
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 100 })
    expect(server.requests).toHaveLength(2)
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('a slow attempt then a quick one succeeds', async () => {
    server.script('hang', { status: 200, json: { n: 2 } })
    await expect(client({ timeoutMs: 100 }).request('GET', '/x')).resolves.toEqual({ n: 2 })
  })

  it('reports PlatformNetworkError when nothing listens, after the budget', async () => {
    const url = server.url
    await server.close()
    const error = (await client({ baseUrl: url, retries: 2 })
      .request('GET', '/x')
      .catch((e: unknown) => e)) as PlatformNetworkError
    expect(error).toBeInstanceOf(PlatformNetworkError)
    expect(error.attempts).toBe(3)
    expect(sleeps).toHaveLength(2)
  })
})

describe('abort', () => {
  it('nothing is retried after the caller aborts (during the backoff)', async () => {
    const controller = new AbortController()
    server.fallback = problem(503, 'injected_failure')
    const c = client({
      sleep: async () => {
        controller.abort(new Error('stop'))
      },
    })
    await expect(c.request('POST', '/x', { signal: controller.signal })).rejects.toThrow('stop')
    expect(server.requests).toHaveLength(1)
  })

  it('aborting a hanging attempt rejects with the reason, no retry', async () => {
    server.fallback = 'hang'
    const controller = new AbortController()
    const p = client().request('GET', '/x', { signal: controller.signal })
    await new Promise((r) => setTimeout(r, 50))
    controller.abort(new Error('user left'))
    await expect(p).rejects.toThrow('user left')
    await new Promise((r) => setTimeout(r, 50))
    expect(server.requests).toHaveLength(1)
  })

  it('an already aborted signal sends nothing', async () => {
    await expect(client().request('GET', '/x', { signal: AbortSignal.abort() })).rejects.toThrow()
    expect(server.requests).toHaveLength(0)
  })
})

describe('key rotation', () => {
  it('on 401 bad_signature, signs once more with previousAppKey', async () => {
    const rotated = await startPlatformServer([OLD]) // the platform knows only the previous key
    rotated.fallback = (req, res) => {
      const ok = req.signedWith === 0
      res.writeHead(ok ? 200 : 401, { 'content-type': ok ? 'application/json' : 'application/problem+json' })
      res.end(JSON.stringify(ok ? { ok } : { code: 'bad_signature', requestId: 'r', status: 401 }))
    }
    try {
      const c = client({ baseUrl: rotated.url, previousAppKey: OLD })
      await expect(c.request('POST', '/x', { body: {} })).resolves.toEqual({ ok: true })
      expect(rotated.requests.map((r) => r.signedWith)).toEqual([-1, 0])
      // the same effect: the same key
      expect(rotated.requests[0]?.headers['idempotency-key']).toBe(
        rotated.requests[1]?.headers['idempotency-key'],
      )
      // without a previous key: the 401 as is
      rotated.requests.length = 0
      await expect(client({ baseUrl: rotated.url }).request('GET', '/x')).rejects.toMatchObject({
        status: 401,
        code: 'bad_signature',
      })
      expect(rotated.requests).toHaveLength(1)
    } finally {
      await rotated.close()
    }
  })

  it('tries the previous key once only, and not for other 401s', async () => {
    server.fallback = problem(401, 'bad_signature')
    await expect(client({ previousAppKey: OLD }).request('GET', '/x')).rejects.toMatchObject({
      code: 'bad_signature',
    })
    expect(server.requests.map((r) => r.signedWith)).toEqual([0, 1])
    server.requests.length = 0
    server.fallback = problem(401, 'timestamp_skew')
    await expect(client({ previousAppKey: OLD }).request('GET', '/x')).rejects.toMatchObject({
      code: 'timestamp_skew',
    })
    expect(server.requests).toHaveLength(1)
  })
})

describe('answers', () => {
  it('204 and empty bodies are undefined; a non-JSON 200 is invalid_response', async () => {
    server.script({ status: 204 }, { status: 200, raw: '<html>' })
    const c = client()
    await expect(c.request('DELETE', '/x')).resolves.toBeUndefined()
    await expect(c.request('GET', '/x')).rejects.toMatchObject({ code: 'invalid_response', status: 200 })
  })

  it('a problem that is not JSON is http_<status>, with the X-Request-Id header', async () => {
    server.script({ status: 418, raw: 'teapot', headers: { 'x-request-id': 'hdr-1' } })
    await expect(client().request('GET', '/x')).rejects.toMatchObject({
      code: 'http_418',
      requestId: 'hdr-1',
    })
  })

  it('an answer over maxResponseBytes is refused without reading it all', async () => {
    server.script({ status: 200, raw: JSON.stringify({ big: 'x'.repeat(10_000) }) })
    await expect(client({ maxResponseBytes: 1000 }).request('GET', '/x')).rejects.toMatchObject({
      code: 'response_too_large',
    })
  })
})
