import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ChainlessError } from '@chainless/protocol'
import { fc, test as prop } from '@fast-check/vitest'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseProblem, SandboxApiError, sandboxApi } from './sandbox-api.js'

const FUZZ = { numRuns: 200, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) }

type Route = (req: IncomingMessage, body: string) => { status: number; type?: string; body: string }
let server: Server
let apiUrl: string
const routes = new Map<string, Route>()
const seen: Array<{ method: string; url: string; body: string }> = []

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body })
      const route = routes.get(`${req.method} ${req.url}`)
      const answer = route
        ? route(req, body)
        : { status: 404, body: '{"code":"not_found","detail":"No route"}' }
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/problem+json' })
      res.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const json = (status: number, value: unknown) => () => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
})

describe('sandboxApi over real HTTP', () => {
  test('PUT mocks sends the rules and answers the stored ones', async () => {
    const rule = {
      id: 'r1',
      appId: 'dapp',
      method: 'eth_sendTransaction',
      action: { kind: 'error', code: 4001 },
      enabled: true,
    } as const
    routes.set('PUT /__sandbox/mocks', (_req, body) => ({ status: 200, type: 'application/json', body }))
    await expect(sandboxApi(apiUrl).putMocks([rule])).resolves.toEqual([rule])
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ rules: [rule] })
  })

  test('a compile error is a SandboxApiError with status, code, detail and the compiler lines', async () => {
    routes.set('POST /__sandbox/contracts', () => ({
      status: 400,
      body: JSON.stringify({
        type: 'urn:chainless:problem:compile_failed',
        title: 'Bad Request',
        status: 400,
        detail: 'Compilation failed',
        code: 'compile_failed',
        requestId: 'req-1',
        errors: ['x.sol:1:1: ParserError: Expected pragma'],
      }),
    }))
    const error = await sandboxApi(apiUrl)
      .deploy({ source: 'nope' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxApiError)
    expect(error).toBeInstanceOf(ChainlessError)
    expect(error).toMatchObject({
      status: 400,
      code: 'compile_failed',
      detail: 'Compilation failed',
      requestId: 'req-1',
      errors: ['x.sol:1:1: ParserError: Expected pragma'],
    })
  })

  test('field errors ({pointer, message}) become lines; a revert reason is kept', async () => {
    routes.set('PUT /__sandbox/accounts/0xabc/balance', () => ({
      status: 400,
      body: JSON.stringify({
        code: 'invalid_body',
        detail: 'Bad',
        errors: [{ pointer: '/amount', message: 'not a number' }],
      }),
    }))
    await expect(sandboxApi(apiUrl).setBalance('0xabc', 'DW20', 'x')).rejects.toMatchObject({
      errors: ['/amount: not a number'],
    })
    routes.set('POST /__sandbox/contracts', () => ({
      status: 400,
      body: JSON.stringify({ code: 'deploy_reverted', detail: 'Reverted', reason: 'nope' }),
    }))
    await expect(sandboxApi(apiUrl).deploy({ abi: [], bytecode: '0x00' })).rejects.toMatchObject({
      code: 'deploy_reverted',
      reason: 'nope',
    })
  })

  test('a path segment is encoded (an appId cannot reach another route)', async () => {
    routes.set(
      'POST /__sandbox/apps/a%2F..%2Fknobs/reset',
      json(200, { appId: 'a/../knobs', cleared: { storage: 1 } }),
    )
    await expect(sandboxApi(apiUrl).resetApp('a/../knobs')).resolves.toMatchObject({
      cleared: { storage: 1 },
    })
  })

  test('no answer, HTML, or a missing list are typed errors too', async () => {
    await expect(sandboxApi('http://127.0.0.1:1').getKnobs()).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    })
    routes.set('GET /__sandbox/knobs', () => ({
      status: 502,
      type: 'text/html',
      body: '<h1>Bad gateway</h1>',
    }))
    await expect(sandboxApi(apiUrl).getKnobs()).rejects.toMatchObject({ status: 502, code: 'http_502' })
    routes.set('GET /__sandbox/contracts', json(200, { contracts: 'nope' }))
    await expect(sandboxApi(apiUrl).contracts()).rejects.toMatchObject({ code: 'bad_response' })
  })
})

describe('parseProblem (untrusted JSON)', () => {
  prop.prop([fc.integer({ min: 0, max: 599 }), fc.anything()], FUZZ)(
    'never throws, stays bounded',
    (status, body) => {
      const error = parseProblem(status, body)
      expect(error).toBeInstanceOf(SandboxApiError)
      expect(error.errors.length).toBeLessThanOrEqual(50)
      for (const line of error.errors) expect(line.length).toBeLessThanOrEqual(2001)
      expect(error.detail.length).toBeLessThanOrEqual(2001)
    },
  )
  test('a sparse errors array claiming 2^32-1 entries is read in bounded time', () => {
    const errors: unknown[] = []
    errors.length = 2 ** 32 - 1
    errors[0] = 'first'
    const started = performance.now()
    expect(parseProblem(400, { errors }).errors).toEqual(['first'])
    expect(performance.now() - started).toBeLessThan(100)
  })
})
