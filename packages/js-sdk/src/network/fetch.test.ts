// The network module against a real HTTP server on 127.0.0.1: what reaches the server (attempts,
// headers, bodies) is counted there, waits go through an injected sleep (no real backoff in tests).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InvalidParamsError } from '@chainless/protocol'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { NetworkError, PlatformError } from './errors.js'
import { createFetch, type FetchOptions } from './fetch.js'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}
type Reply = (req: IncomingMessage, res: ServerResponse) => void

let base: string
let seen: Seen[] = []
let replies: Reply[] = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    const reply = replies.shift() ?? ok
    reply(req, res)
  })
})
const ok: Reply = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
const status =
  (code: number, headers: Record<string, string> = {}, body = ''): Reply =>
  (_req, res) =>
    res.writeHead(code, headers).end(body)
const problem = (code: number, problemCode: string, headers: Record<string, string> = {}) =>
  status(
    code,
    { 'content-type': 'application/problem+json', 'x-request-id': 'req-header', ...headers },
    JSON.stringify({
      type: 'about:blank',
      title: 'Nope',
      status: code,
      code: problemCode,
      requestId: 'req-1',
    }),
  )

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  seen = []
  replies = []
})

/** A fetch with a recorded fake sleep and a token getter counting its calls. */
function setup(options: FetchOptions = {}) {
  const waits: number[] = []
  const tokens: boolean[] = []
  const api = createFetch({
    baseUrl: base,
    getAccessToken: ({ refresh }) => {
      tokens.push(refresh)
      return refresh ? 'fresh-token' : 'first-token'
    },
    sleep: async (ms) => {
      waits.push(ms)
    },
    ...options,
  })
  return { api, waits, tokens }
}

describe('token', () => {
  it('attaches the bearer token to the base URL origin', async () => {
    const { api } = setup()
    const res = await api('/api/v1/userinfo')
    expect(await res.json()).toEqual({ ok: true })
    expect(seen[0]!.headers.authorization).toBe('Bearer first-token')
    expect(seen[0]!.url).toBe('/api/v1/userinfo')
  })

  it('never sends the token to another origin (a third party), nor asks for one', async () => {
    const { api, tokens } = setup()
    // Same server, another origin (localhost ≠ 127.0.0.1).
    await api(base.replace('127.0.0.1', 'localhost'))
    expect(seen[0]!.headers.authorization).toBeUndefined()
    expect(tokens).toEqual([])
  })

  it('sends it to every listed origin and only those', async () => {
    const other = base.replace('127.0.0.1', 'localhost')
    const { api } = setup({ tokenOrigins: [other] })
    await api('/a')
    await api(`${other}/b`)
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, 'Bearer first-token'])
  })

  it('a redirect to another origin does not carry the token (Fetch strips Authorization cross-origin)', async () => {
    const other = base.replace('127.0.0.1', 'localhost')
    replies = [(_req, res) => res.writeHead(302, { location: `${other}/landing` }).end()]
    const { api } = setup()
    expect((await api('/go')).status).toBe(200)
    expect(seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/go', 'Bearer first-token'],
      ['/landing', undefined],
    ])
  })

  it("keeps the caller's own Authorization header", async () => {
    const { api, tokens } = setup()
    await api('/x', { headers: { Authorization: 'Basic abc' } })
    expect(seen[0]!.headers.authorization).toBe('Basic abc')
    expect(tokens).toEqual([])
  })

  it('401 → one refresh → the retry carries the new token', async () => {
    replies = [problem(401, 'invalid_token')]
    const { api, tokens } = setup()
    const res = await api('/me', { method: 'POST', body: '{}' })
    expect(res.status).toBe(200)
    expect(tokens).toEqual([false, true])
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer first-token', 'Bearer fresh-token'])
    expect(seen[1]!.body).toBe('{}')
  })

  it('a second 401 is thrown, not refreshed again', async () => {
    replies = [problem(401, 'invalid_token'), problem(401, 'invalid_token')]
    const { api, tokens } = setup()
    await expect(api('/me')).rejects.toMatchObject({
      name: 'PlatformError',
      status: 401,
      code: 'invalid_token',
    })
    expect(tokens).toEqual([false, true])
    expect(seen).toHaveLength(2)
  })

  it('a refresh answering the same token is not tried again', async () => {
    replies = [problem(401, 'invalid_token')]
    const { api } = setup({ getAccessToken: () => 'same-token' })
    await expect(api('/me')).rejects.toMatchObject({ status: 401 })
    expect(seen).toHaveLength(1)
  })

  it('getAccessToken: false sends none', async () => {
    const { api } = setup({ getAccessToken: false })
    await api('/x')
    expect(seen[0]!.headers.authorization).toBeUndefined()
  })
})

describe('retries', () => {
  it('retries a GET on 503 with bounded full-jitter backoff, then succeeds', async () => {
    replies = [status(503), status(502)]
    const { api, waits } = setup({ baseDelayMs: 100, maxDelayMs: 150 })
    const res = await api('/x')
    expect(res.status).toBe(200)
    expect(seen).toHaveLength(3)
    expect(waits).toHaveLength(2)
    expect(waits[0]).toBeGreaterThanOrEqual(0)
    expect(waits[0]).toBeLessThan(100)
    expect(waits[1]).toBeLessThan(150)
  })

  it('stops after `retries`: max attempts bounded, the last error thrown typed', async () => {
    replies = Array.from({ length: 10 }, () => problem(503, 'injected_failure'))
    const onRetry = vi.fn()
    const { api } = setup({ retries: 3, onRetry })
    await expect(api('/x')).rejects.toMatchObject({ code: 'injected_failure', status: 503 })
    expect(seen).toHaveLength(4)
    expect(onRetry.mock.calls.map(([info]) => info.retry)).toEqual([1, 2, 3])
  })

  it('POST with an Idempotency-Key: retried with the same key and body each time', async () => {
    replies = [status(503), status(500)]
    const { api } = setup()
    const res = await api('/api/v1/messages', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'key-123', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'hi' }),
    })
    expect(res.status).toBe(200)
    expect(seen.map((s) => [s.method, s.headers['idempotency-key'], s.body])).toEqual(
      Array(3).fill(['POST', 'key-123', '{"title":"hi"}']),
    )
  })

  it('POST without a key is not retried (no duplicate effect)', async () => {
    replies = [problem(503, 'injected_failure')]
    const { api } = setup()
    await expect(api('/x', { method: 'POST', body: 'a' })).rejects.toBeInstanceOf(PlatformError)
    expect(seen).toHaveLength(1)
  })

  it('PUT and DELETE are retried; 400 and 404 are not', async () => {
    replies = [status(503), ok, status(504), ok, status(400), status(404)]
    const { api } = setup({ throwHttpErrors: false })
    expect((await api('/a', { method: 'PUT', body: 'v' })).status).toBe(200)
    expect((await api('/a', { method: 'DELETE' })).status).toBe(200)
    expect((await api('/a')).status).toBe(400)
    expect((await api('/a')).status).toBe(404)
    expect(seen.map((s) => s.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE', 'GET', 'GET'])
  })

  it('network failures of a GET are retried; after the budget → NetworkError with the cause', async () => {
    // A port nothing listens on: connection refused, every time.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const onRetry = vi.fn()
    const { api } = setup({ onRetry, baseUrl: `http://127.0.0.1:${port}` })
    const error = await api('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).cause).toBeInstanceOf(TypeError)
    expect(onRetry).toHaveBeenCalledTimes(2)
  })

  it('a network failure then an answer: the retry succeeds', async () => {
    let calls = 0
    const flaky: typeof fetch = (input, init) =>
      ++calls === 1 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)
    const { api } = setup({ fetch: flaky })
    expect((await api('/x')).status).toBe(200)
    expect(calls).toBe(2)
    expect(seen).toHaveLength(1)
  })

  it('a POST without a key is not retried after a network failure (it may have arrived)', async () => {
    const failing = vi.fn<typeof fetch>(() => Promise.reject(new TypeError('fetch failed')))
    const { api } = setup({ fetch: failing })
    await expect(api('/x', { method: 'POST', body: '1' })).rejects.toBeInstanceOf(NetworkError)
    expect(failing).toHaveBeenCalledTimes(1)
  })

  it('a streamed body is sent once: not retried, not refreshed', async () => {
    replies = [status(503), problem(401, 'invalid_token')]
    const { api, tokens } = setup({ throwHttpErrors: false })
    const stream = () => new Blob(['chunk']).stream()
    const init = (): RequestInit & { duplex: 'half' } => ({ method: 'PUT', body: stream(), duplex: 'half' })
    expect((await api('/s', init())).status).toBe(503)
    expect((await api('/s', init())).status).toBe(401)
    expect(seen.map((s) => s.body)).toEqual(['chunk', 'chunk'])
    expect(tokens).toEqual([false, false])
  })

  it('a Request input is replayed from clones (same body every attempt)', async () => {
    replies = [status(503)]
    const { api } = setup()
    const request = new Request(`${base}/r`, { method: 'PUT', body: 'payload', headers: { 'x-a': '1' } })
    expect((await api(request)).status).toBe(200)
    expect(seen.map((s) => [s.method, s.body, s.headers['x-a']])).toEqual([
      ['PUT', 'payload', '1'],
      ['PUT', 'payload', '1'],
    ])
  })
})

describe('Retry-After', () => {
  it('honours seconds (429) instead of the backoff', async () => {
    replies = [problem(429, 'rate_limited', { 'retry-after': '2' })]
    const { api, waits } = setup()
    expect((await api('/x')).status).toBe(200)
    expect(waits).toEqual([2000])
  })

  it('honours an HTTP date', async () => {
    const at = new Date(Date.now() + 3000).toUTCString()
    replies = [status(503, { 'retry-after': at })]
    const { api, waits } = setup()
    await api('/x')
    // Whole seconds in the date: 2..3 s from now.
    expect(waits[0]).toBeGreaterThan(1000)
    expect(waits[0]).toBeLessThanOrEqual(3000)
  })

  it('a Retry-After above maxDelayMs is not waited for: thrown with retryAfterMs', async () => {
    replies = [problem(429, 'rate_limited', { 'retry-after': '3600' })]
    const { api, waits } = setup({ maxDelayMs: 5000 })
    await expect(api('/x')).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      requestId: 'req-1',
      retryAfterMs: 3_600_000,
    })
    expect(waits).toEqual([])
    expect(seen).toHaveLength(1)
  })

  it('an unreadable Retry-After falls back to the backoff', async () => {
    replies = [status(503, { 'retry-after': 'soon' })]
    const { api, waits } = setup({ baseDelayMs: 50 })
    await api('/x')
    expect(waits[0]).toBeLessThan(50)
  })
})

describe('abort', () => {
  it('abort mid-backoff rejects with the reason at once and sends nothing more', async () => {
    replies = [status(503)]
    const controller = new AbortController()
    // The real sleep, a long backoff: only the abort can end it.
    const api = createFetch({ baseUrl: base, getAccessToken: false, baseDelayMs: 60_000, maxDelayMs: 60_000 })
    const reason = new Error('user left')
    const started = Date.now()
    const pending = api('/x', { signal: controller.signal, headers: {} })
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(Date.now() - started).toBeLessThan(5000)
    await new Promise((r) => setTimeout(r, 50))
    expect(seen).toHaveLength(1)
  })

  it('an aborted signal sends nothing', async () => {
    const { api } = setup()
    const reason = new Error('no')
    await expect(api('/x', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(seen).toHaveLength(0)
  })

  it('abort while the request is in flight rejects with the reason', async () => {
    const controller = new AbortController()
    replies = [() => controller.abort('gone')]
    const { api } = setup()
    await expect(api('/slow', { signal: controller.signal })).rejects.toBe('gone')
    expect(seen).toHaveLength(1)
  })
})

describe('errors and options', () => {
  it('problem+json → PlatformError with code, status, requestId, details and the problem', async () => {
    replies = [problem(404, 'unknown_user')]
    const { api } = setup()
    const error = (await api('/x').catch((e: unknown) => e)) as PlatformError
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ code: 'unknown_user', status: 404, requestId: 'req-1', details: 'Nope' })
    expect(error.problem).toMatchObject({ code: 'unknown_user' })
  })

  it('a non-problem error answer → http_<status>, the X-Request-Id header as requestId', async () => {
    replies = [status(418, { 'content-type': 'text/html', 'x-request-id': 'r-9' }, '<h1>teapot</h1>')]
    const { api } = setup()
    await expect(api('/x')).rejects.toMatchObject({ code: 'http_418', status: 418, requestId: 'r-9' })
  })

  it('throwHttpErrors: false answers the Response', async () => {
    replies = [problem(409, 'conflict')]
    const { api } = setup({ throwHttpErrors: false })
    const res = await api('/x')
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'conflict' })
  })

  it.each([
    [{ retries: -1 }],
    [{ retries: 1.5 }],
    [{ retries: 11 }],
    [{ maxDelayMs: Number.NaN }],
    [{ baseDelayMs: -1 }],
    [{ baseUrl: 'not a url' }],
    [{ tokenOrigins: ['https://a.example/path'] }],
    [{ tokenOrigins: ['javascript:alert(1)'] }],
  ])('bad option %j → InvalidParamsError at creation', (options) => {
    expect(() => createFetch(options as FetchOptions)).toThrow(InvalidParamsError)
  })
})

describe('defaults', () => {
  it('without baseUrl: relative URLs and the token go to the page origin only', async () => {
    vi.stubGlobal('location', { href: `${base}/app/index.html`, origin: base })
    try {
      const { api } = setup({ baseUrl: undefined })
      await api('orders?x=1')
      await api(`${base.replace('127.0.0.1', 'localhost')}/elsewhere`)
      expect(seen.map((s) => [s.url, s.headers.authorization])).toEqual([
        ['/app/orders?x=1', 'Bearer first-token'],
        ['/elsewhere', undefined],
      ])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('the entry imports without side effects (SSR) and its ready-made fetch sends no token outside a wallet', async () => {
    const entry = await import('./index.js')
    expect(typeof entry.fetch).toBe('function')
    await entry.fetch(`${base}/plain`)
    expect(seen[0]!.headers.authorization).toBeUndefined()
  })
})
