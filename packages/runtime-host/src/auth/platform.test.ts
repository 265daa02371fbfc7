// The platform client's retries against a real node:http server on 127.0.0.1 that counts attempts:
// which failures are retried (network, 5xx, 429) and which never are (4xx, OAuth errors), the backoff
// (full jitter under the ceiling), Retry-After, the budget, aborts, and refresh's "only if unsent".
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthPlatformError, type PlatformRetryOptions, platformClient } from './platform.js'
import { certainlyNotSent, nextDelay } from './platform-retry.js'

type Answer = (req: IncomingMessage, res: ServerResponse, attempt: number) => void

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
  }
})

/** A server answering attempt n (1-based) with `answer`; `hits` counts the requests that reached it. */
async function platform(answer: Answer, port = 0) {
  const state = { hits: 0, bodies: [] as string[] }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    state.hits++
    state.bodies.push(body)
    answer(req, res, state.hits)
  })
  server.listen(port, '127.0.0.1')
  await once(server, 'listening')
  servers.push(server)
  const { port: bound } = server.address() as AddressInfo
  return { state, url: `http://127.0.0.1:${bound}`, port: bound, server }
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Injected sleep: records the waits, never waits. */
function retrying(extra: PlatformRetryOptions = {}) {
  const waits: number[] = []
  return { waits, options: { sleep: async (ms: number) => void waits.push(ms), ...extra } }
}

const refresh = { grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'demo' }

describe('repeatable calls', () => {
  it('5xx twice, then the answer: three attempts, full-jitter waits under 250 and 500 ms', async () => {
    const p = await platform((_req, res, n) => (n < 3 ? json(res, 503, {}) : json(res, 200, { code: 'c' })))
    const r = retrying({ random: () => 0.999 })
    const answer = await platformClient(p.url, fetch, r.options).call('POST', '/oauth/wallet/authorize', {
      json: { clientId: 'demo' },
    })
    expect(answer).toStrictEqual({ code: 'c' })
    expect(p.state.hits).toBe(3)
    expect(r.waits).toStrictEqual([249, 499])
    // The same bytes each time.
    expect(new Set(p.state.bodies)).toStrictEqual(new Set(['{"clientId":"demo"}']))
  })

  it('waits are random below an exponential ceiling capped at capMs', () => {
    for (const r of [0, 0.5, 0.999]) {
      const waits = [0, 1, 2, 3, 4, 5].map((attempt) =>
        nextDelay(attempt, 'repeatable', { unsent: false }, { attempts: 10, random: () => r }),
      )
      waits.forEach((ms, attempt) => {
        expect(ms).toBeGreaterThanOrEqual(0)
        expect(ms).toBeLessThan(Math.min(2_000, 250 * 2 ** attempt))
      })
    }
  })

  it('down for good → -32002 after the budget (4 attempts, 3 waits), data.attempts', async () => {
    const p = await platform((_req, res) => json(res, 500, { code: 'internal' }))
    const r = retrying()
    const error = await platformClient(p.url, fetch, r.options)
      .call('GET', '/api/v1/wallet/nonce')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'PlatformUnavailableError', code: -32002, data: { attempts: 4 } })
    expect(p.state.hits).toBe(4)
    expect(r.waits).toHaveLength(3)
  })

  it('429 with Retry-After: 1 → waits exactly 1 s; a Retry-After past the cap → gives up at once', async () => {
    const p = await platform((_req, res, n) =>
      n === 1
        ? json(res, 429, { code: 'rate_limited' }, { 'retry-after': '1' })
        : n === 2
          ? json(res, 200, { nonce: 'abcdefgh' })
          : json(res, 429, { code: 'rate_limited' }, { 'retry-after': '3600' }),
    )
    const r = retrying()
    const client = platformClient(p.url, fetch, r.options)
    expect(await client.call('GET', '/api/v1/wallet/nonce')).toStrictEqual({ nonce: 'abcdefgh' })
    expect(r.waits).toStrictEqual([1_000])
    await expect(client.call('GET', '/api/v1/wallet/nonce')).rejects.toMatchObject({
      code: -32002,
      data: { attempts: 1 },
    })
    expect(p.state.hits).toBe(3)
  })

  it('an HTTP-date Retry-After is read as a delay', async () => {
    const p = await platform((_req, res, n) =>
      n === 1
        ? json(res, 503, {}, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() })
        : json(res, 200, {}),
    )
    const r = retrying()
    await platformClient(p.url, fetch, r.options).call('POST', '/oauth/revoke', { form: { token: 't' } })
    expect(r.waits).toHaveLength(1)
    expect(r.waits[0]).toBeGreaterThan(0)
    expect(r.waits[0]).toBeLessThanOrEqual(2_000)
  })

  it('a connection reset mid-request is retried (repeatable)', async () => {
    const p = await platform((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { ok: 1 })))
    const r = retrying()
    expect(await platformClient(p.url, fetch, r.options).call('POST', '/oauth/revoke')).toStrictEqual({
      ok: 1,
    })
    expect(p.state.hits).toBe(2)
  })

  it.each([
    [400, { error: 'invalid_request', error_description: 'no' }, -32603],
    [401, { code: 'invalid_session', title: 'Unauthorized' }, -32603],
    [403, { error: 'access_denied' }, -32603],
    [404, 'not json', -32603],
    [400, { error: 'invalid_grant', error_description: 'code expired' }, 4100],
  ])('%i %j → AuthPlatformError %i at once, never retried', async (status, body, code) => {
    const p = await platform((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(typeof body === 'string' ? body : JSON.stringify(body))
    })
    const r = retrying()
    const error = await platformClient(p.url, fetch, r.options)
      .call('POST', '/oauth/token', { form: { grant_type: 'authorization_code' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthPlatformError)
    expect(error).toMatchObject({ code, status })
    if (code === 4100)
      expect(error).toMatchObject({ data: { reason: 'invalid_grant', error: 'invalid_grant' } })
    expect(p.state.hits).toBe(1)
    expect(r.waits).toStrictEqual([])
  })

  it('an abort during the backoff rejects with the abort reason, no further attempt', async () => {
    const p = await platform((_req, res) => json(res, 503, {}))
    const controller = new AbortController()
    const reason = new Error('gone')
    // The real sleep: the abort must cut it short.
    const started = Date.now()
    const pending = platformClient(p.url, fetch, { baseMs: 10_000, capMs: 10_000, random: () => 0.99 }).call(
      'GET',
      '/api/v1/wallet/nonce',
      { signal: controller.signal },
    )
    await expect.poll(() => p.state.hits).toBe(1)
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(p.state.hits).toBe(1)
  })
})

describe("refresh: retried only when the platform certainly didn't act (it rotates on receipt)", () => {
  it('503 → -32002 after ONE attempt: the first may have rotated the token, a second would be reuse', async () => {
    const p = await platform((_req, res) => json(res, 503, {}))
    const r = retrying()
    const error = await platformClient(p.url, fetch, r.options)
      .call('POST', '/oauth/token', { form: refresh, retry: 'unsent' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: -32002, data: { attempts: 1 } })
    expect(p.state.hits).toBe(1)
  })

  it('an answer lost after the platform rotated (socket reset) → one attempt only, -32002', async () => {
    // The platform acts, then the connection drops: exactly the case where a retry looks like theft.
    const p = await platform((req) => req.socket.destroy())
    const r = retrying()
    const error = await platformClient(p.url, fetch, r.options)
      .call('POST', '/oauth/token', { form: refresh, retry: 'unsent' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: -32002 })
    expect(p.state.hits).toBe(1)
    expect(r.waits).toStrictEqual([])
  })

  it('429 (not processed, RFC 6585) → retried after Retry-After', async () => {
    const p = await platform((_req, res, n) =>
      n === 1 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, { access_token: 'a' }),
    )
    const r = retrying()
    const answer = await platformClient(p.url, fetch, r.options).call('POST', '/oauth/token', {
      form: refresh,
      retry: 'unsent',
    })
    expect(answer).toStrictEqual({ access_token: 'a' })
    expect(r.waits).toStrictEqual([2_000])
    expect(p.state.hits).toBe(2)
  })

  it('connection refused (never sent) → retried; the platform back on the same port answers', async () => {
    // A port that was free a moment ago: nothing listens, connect() is refused.
    const probe = await platform(() => undefined)
    const port = probe.port
    servers.splice(servers.indexOf(probe.server), 1)
    await new Promise((done) => probe.server.close(done))
    let back: Awaited<ReturnType<typeof platform>> | undefined
    const waits: number[] = []
    const client = platformClient(`http://127.0.0.1:${port}`, fetch, {
      // The platform comes back during the second backoff.
      sleep: async (ms) => {
        waits.push(ms)
        if (waits.length === 2)
          back = await platform((_req, res) => json(res, 200, { access_token: 'b' }), port)
      },
    })
    const answer = await client.call('POST', '/oauth/token', { form: refresh, retry: 'unsent' })
    expect(answer).toStrictEqual({ access_token: 'b' })
    expect(waits).toHaveLength(2)
    expect(back?.state.hits).toBe(1)
  })

  it('refused for good → -32002 after the budget', async () => {
    const probe = await platform(() => undefined)
    servers.splice(servers.indexOf(probe.server), 1)
    await new Promise((done) => probe.server.close(done))
    const r = retrying({ attempts: 3 })
    await expect(
      platformClient(probe.url, fetch, r.options).call('POST', '/oauth/token', {
        form: refresh,
        retry: 'unsent',
      }),
    ).rejects.toMatchObject({ code: -32002, data: { attempts: 3 } })
    expect(r.waits).toHaveLength(2)
  })
})

describe('certainlyNotSent', () => {
  it.each([
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), true],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }), true],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }), false],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }), false],
    [new TypeError('Failed to fetch'), false],
    [undefined, false],
    ['ECONNREFUSED', false],
  ])('%o → %s', (error, expected) => {
    expect(certainlyNotSent(error)).toBe(expected)
  })

  it('a cyclic cause chain ends', () => {
    const a: { cause?: unknown } = {}
    a.cause = a
    expect(certainlyNotSent(a)).toBe(false)
  })
})
