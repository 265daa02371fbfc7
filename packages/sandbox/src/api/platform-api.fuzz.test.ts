/**
 * Issue 14, the platform API: for every route of the OpenAPI document, random bodies (JSON and not,
 * huge, deep, hostile keys, wrong content types), queries and headers (HMAC headers with junk, origins,
 * fetch metadata) sent over real HTTP to a real API on 127.0.0.1 never give a 5xx (but the documented
 * `501 not_implemented` of planned operations), a stack trace or a hang; every refusal is
 * `application/problem+json` with a stable `type`, and no prototype is touched.
 *
 * Default runs keep the file within a few seconds; `FUZZ_RUNS=20000` runs a long stream, `FUZZ_SEED=<n>`
 * (printed on failure with the path to the counterexample) replays one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning'
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { CHAINLESS_DEV_CHAIN_ID } from '../chain/constants.js'
import { type RpcServer, startRpcServer } from '../chain/rpc-server.js'
import { createApp, openStore, type Store } from '../store/index.js'
import { signRequest } from './hmac.js'
import { OAUTH_ERROR_CODES } from './oauth/errors.js'
import { getAjv, openApiDocument } from './openapi.js'
import { type PlatformApi, startPlatformApi } from './server.js'

/** The built-ins a hostile key could reach (`__proto__`, `constructor`); Node's lazy globals are not. */
const TRACKED_ONLY =
  /^(?!(Object|Array|Function|String|Number|Boolean|Symbol|JSON|Promise|Map|Set|RegExp|Error|Buffer)$)/
const RUNS = Number(process.env.FUZZ_RUNS ?? 400)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
const WALLET = 'http://localhost:7301'
const APP_ORIGIN = 'http://shop.localhost:7302'

/** Every problem `code` the API may answer: a refusal with another code is a defect (unstable type). */
const STABLE_CODES = new Set([
  'invalid_token',
  'invalid_siwe',
  'invalid_session',
  'bad_request',
  'not_found',
  'method_not_allowed',
  'invalid_parameter',
  'invalid_json',
  'invalid_body',
  'unsupported_media_type',
  'payload_too_large',
  'origin_not_allowed',
  'admin_forbidden',
  'app_key_in_browser',
  'missing_auth',
  'bad_auth_header',
  'unknown_app',
  'timestamp_skew',
  'bad_signature',
  'nonce_replayed',
  'app_not_found',
  'unknown_chain',
  'wrong_chain',
  'tx_too_large',
  'tx_rejected',
  'invalid_tx',
  'tx_not_found',
  'not_sponsored',
  'value_not_allowed',
  'target_not_allowed',
  'invalid_signature',
  'request_expired',
  'gas_too_high',
  'not_implemented',
  'rate_limited',
  // issue 10: messages, storage, idempotency
  'unknown_user',
  'invalid_key',
  'quota_exceeded',
  'idempotency_key_reused',
  'injected_failure',
  'forced_status',
  // issue 12: the workbench's admin routes
  'invalid_abi',
  'invalid_args',
  'compile_failed',
  'deploy_reverted',
  'deploy_empty',
  'tx_reverted',
])

interface Operation {
  method: string
  template: string
  operationId: string
  planned: boolean
  query: string[]
}
const operations: Operation[] = []
for (const [template, item] of Object.entries(openApiDocument.paths))
  for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
    if (method === 'parameters') continue
    const params = (op.parameters ?? []) as { $ref?: string; name?: string; in?: string }[]
    operations.push({
      method: method.toUpperCase(),
      template,
      operationId: op.operationId as string,
      planned: op['x-chainless-status'] === 'planned',
      query: params
        .map((p) =>
          p.$ref ? (openApiDocument.components.parameters[p.$ref.split('/').pop()!] as typeof p) : p,
        )
        .filter((p) => p.in === 'query')
        .map((p) => p.name!),
    })
  }

let dir: string
let store: Store
let api: PlatformApi
let chain: RpcServer
let shop: { appId: string; appKey: string }
const agent = new Agent({ keepAlive: true, maxSockets: 4 })
const errors: unknown[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-fuzz-'))
  store = openStore({ dataDir: dir, appsPort: 7302 })
  shop = createApp(store, { appId: 'shop', name: 'Shop', origin: APP_ORIGIN, scopes: ['user:basic'] })
  // A stand-in chain: answers every read, so the proxy, broadcast and status paths run end to end.
  chain = await startRpcServer(
    {
      request: async ({ method }) => {
        if (method === 'eth_chainId') return `0x${CHAINLESS_DEV_CHAIN_ID.toString(16)}`
        if (method === 'eth_blockNumber') return '0x10'
        if (method === 'eth_sendRawTransaction')
          throw Object.assign(new Error('nonce too low'), { code: -32000 })
        return null
      },
    },
    { port: 0, host: '127.0.0.1' },
  )
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: WALLET,
    rateLimit: false,
    chain: { rpcUrl: `http://127.0.0.1:${chain.port}`, chainId: CHAINLESS_DEV_CHAIN_ID },
    onError: (e) => errors.push(e),
  })
})
afterAll(async () => {
  agent.destroy()
  await api?.close()
  await chain?.close()
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

// ---- arbitraries -------------------------------------------------------------------------------

const printable = (max: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max })
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'then', 'hasOwnProperty'),
  fc.constantFrom(
    'raw',
    'jsonrpc',
    'method',
    'params',
    'id',
    '*',
    'getApp',
    'latencyMs',
    'status',
    'failureRate',
  ),
  fc.string({ maxLength: 12 }),
)
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '1e999',
    '-0',
    '0.1e-400',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"0x"',
    '"0x00"',
    'null',
    '9007199254740993',
  ),
  fc.constantFrom('"eth_call"', '"eth_getLogs"', '"eth_sendTransaction"', '"2.0"', `"0x${'ab'.repeat(32)}"`),
)
const { json } = fc.letrec<{ json: string; arr: string; obj: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('json'), { maxLength: 6 }).map((a) => `[${a.join(',')}]`),
  obj: fc
    .array(fc.tuple(hostileKey, tie('json')), { maxLength: 6 })
    .map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}))
const rpcCall = fc
  .record({
    jsonrpc: fc.constantFrom('"2.0"', '"1.0"', '2'),
    id: fc.oneof(fc.constant('1'), fc.constant('null'), json),
    method: fc
      .oneof(
        fc.constantFrom(
          'eth_chainId',
          'eth_getLogs',
          'eth_call',
          'eth_getBalance',
          'eth_feeHistory',
          'eth_sign',
          '__proto__',
        ),
        fc.string({ maxLength: 20 }),
      )
      .map((m) => JSON.stringify(m)),
    params: json,
  })
  .map((r) => `{"jsonrpc":${r.jsonrpc},"id":${r.id},"method":${r.method},"params":${r.params}}`)
const body = fc.oneof(
  { arbitrary: json, weight: 5 },
  { arbitrary: rpcCall, weight: 3 },
  { arbitrary: fc.array(rpcCall, { maxLength: 25 }).map((a) => `[${a.join(',')}]`), weight: 1 },
  { arbitrary: fc.stringMatching(/^[0-9a-f]{0,400}$/).map((h) => `{"raw":"0x${h}"}`), weight: 2 },
  {
    arbitrary: fc.integer({ min: 1, max: 30_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: 1, max: 3_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    weight: 1,
  },
  {
    arbitrary: fc
      .integer({ min: 1, max: 5_000 })
      .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: 60_000, max: 300_000 }).map((n) => `{"raw":"0x${'00'.repeat(n)}"}`),
    weight: 1,
  },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), weight: 2 },
  {
    arbitrary: fc.constantFrom('', '\ufeff{}', '{"a":1}{"b":2}', '{"__proto__":{"polluted":1}}', 'null'),
    weight: 1,
  },
)
const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/problem+json',
    ';;;',
  ),
  { nil: undefined },
)
const segment = fc.oneof(
  fc.constantFrom(
    'hello',
    'shop',
    'me',
    `0x${'ab'.repeat(32)}`,
    String(CHAINLESS_DEV_CHAIN_ID),
    '1',
    'k1',
    'u1',
  ),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%E0%A4%A',
    '%00',
    '%2F',
    '__proto__',
    'constructor',
    '%F0%9F%98%80',
    '%ED%A0%80',
  ),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'a'.repeat(n)),
)
const query = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('q', 'limit', '__proto__', 'constructor', 'q[]', ''),
      fc.string({ maxLength: 8 }),
    ),
    fc.oneof(
      fc.constantFrom('1', '0', '-1', '1e999', '9'.repeat(400), 'abc', '', '%', '%ZZ'),
      fc.string({ maxLength: 40 }),
    ),
  ),
  { maxLength: 4 },
)
const hmac = fc.oneof(
  fc.constant(undefined),
  fc.constant('valid'),
  fc.record(
    {
      'x-chainless-app': fc.oneof(fc.constantFrom('shop', 'nope', 'SHOP', ''), printable(70)),
      'x-chainless-timestamp': fc.oneof(
        fc.constantFrom('0', '-1', '1e9', '99999999999999', ''),
        printable(20),
      ),
      'x-chainless-nonce': fc.oneof(fc.constant('abcdefghijklmnopqrst'), printable(140)),
      'x-chainless-signature': fc.oneof(
        fc.constantFrom(`v1=${'0'.repeat(64)}`, `v2=${'0'.repeat(64)}`, 'v2='),
        printable(80),
      ),
    },
    { requiredKeys: [] },
  ),
)
const extraHeaders = fc.record(
  {
    origin: fc.constantFrom(WALLET, APP_ORIGIN, 'http://evil.example', 'null', ''),
    'sec-fetch-site': fc.constantFrom('none', 'same-origin', 'same-site', 'cross-site', 'junk'),
    authorization: printable(60),
    'idempotency-key': printable(60),
    'access-control-request-method': fc.constantFrom('GET', 'PUT', 'POST'),
    'access-control-request-headers': fc.constantFrom(
      'content-type',
      'x-chainless-signature',
      'X-CHAINLESS-APP, content-type',
    ),
    'x-request-id': printable(20),
    'content-length-ish': printable(5),
  },
  { requiredKeys: [] },
)
const requestArb = fc.record({
  op: fc.constantFrom(...operations),
  method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), {
    freq: 5,
    nil: undefined,
  }),
  segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
  query,
  body: fc.option(body, { freq: 6, nil: undefined }),
  contentType,
  hmac,
  headers: extraHeaders,
})

// ---- the exchange ------------------------------------------------------------------------------

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

function send(method: string, path: string, headers: Record<string, string>, payload?: Buffer | string) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: api.port, method, path, headers, agent }, (res) => {
      // the request log's SSE stream never ends by itself: its head is the answer
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy()
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' })
        return
      }
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', reject)
    })
    req.setTimeout(5_000, () => req.destroy(new Error(`hang: ${method} ${path.slice(0, 200)}`)))
    // A server that answers before reading the whole body (413) may reset the upload: that is fine.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET'
        ? resolve({ status: -1, headers: {}, text: '' })
        : reject(e),
    )
    req.end(payload)
  })
}

const validateProblem = () => getAjv().getSchema('doc#/components/schemas/Problem')!

/** What must hold for any exchange. */
function checkReply(op: Operation, method: string, reply: Reply, path: string) {
  if (reply.status === -1) return // connection reset while uploading an oversized body
  const where = `${method} ${op.template} → ${reply.status} ${reply.text.slice(0, 300)}`
  expect(reply.text, where).not.toMatch(/\n\s+at |node:internal|file:\/\/|\.ts:\d+/)
  if (reply.status >= 500) {
    // the only 5xx: a planned operation says it is not served yet
    expect(reply.status, where).toBe(501)
  }
  const ct = String(reply.headers['content-type'] ?? '')
  if (reply.status >= 400 && path.startsWith('/oauth/')) {
    // OAuth endpoints answer RFC 6749 §5.2 JSON, never problem+json
    expect(ct, where).toBe('application/json')
    expect(reply.headers['cache-control'], where).toBe('no-store')
    if (method === 'HEAD') return
    const error = JSON.parse(reply.text) as { error: string }
    const validate = getAjv().getSchema('doc#/components/schemas/OAuthError')!
    expect(validate(error) ? [] : validate.errors, where).toEqual([])
    expect(OAUTH_ERROR_CODES, where).toContain(error.error)
  } else if (reply.status >= 400) {
    expect(ct, where).toBe('application/problem+json')
    if (method === 'HEAD') return // no body on the wire
    const problem = JSON.parse(reply.text) as {
      type: string
      code: string
      status: number
      requestId: string
    }
    const validate = validateProblem()
    expect(validate(problem) ? [] : validate.errors, where).toEqual([])
    expect(STABLE_CODES.has(problem.code), `unstable code ${problem.code}: ${where}`).toBe(true)
    expect(problem.type, where).toBe(`urn:chainless:problem:${problem.code}`)
    expect(problem.status, where).toBe(reply.status)
    expect(problem.requestId, where).toBe(reply.headers['x-request-id'])
    if (problem.code === 'not_implemented') expect(op.planned || reply.status === 501, where).toBe(true)
  } else if (ct.startsWith('text/event-stream')) {
    expect(op.operationId, where).toBe('streamSandboxRequests')
  } else if (reply.status !== 204 && method !== 'HEAD') {
    expect(ct, where).toBe('application/json')
    JSON.parse(reply.text)
  }
}

describe('platform API fuzz (issue 14)', () => {
  test.prop([requestArb], {
    numRuns: RUNS,
    ...(SEED === undefined ? {} : { seed: SEED }),
    endOnFailure: true,
  })(
    'any request to any route: no 5xx, no stack, no hang; refusals are problem+json with a stable type',
    async (r) => {
      const method = r.method ?? r.op.method
      let i = 0
      let path = r.op.template.replace(/\{[^}]+\}/g, () => r.segments[i++]!)
      if (r.query.length)
        path += `?${r.query.map(([k, v]) => `${encodeURIComponent(k)}=${/^[\x21-\x7e]*$/.test(v) && !/[&#]/.test(v) ? v : encodeURIComponent(v)}`).join('&')}`
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = v
      if (r.contentType) headers['content-type'] = r.contentType
      const payload = method === 'GET' || method === 'HEAD' ? undefined : r.body
      // Node's client frames an OPTIONS/DELETE body only with an explicit length (malformed HTTP is
      // covered by its own regression test in server.test.ts)
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload))
      if (r.hmac === 'valid')
        Object.assign(
          headers,
          signRequest({
            ...shop,
            method,
            host: `127.0.0.1:${api.port}`,
            path,
            ...(payload === undefined ? {} : { body: payload }),
          }),
        )
      else if (r.hmac) for (const [k, v] of Object.entries(r.hmac)) if (v !== undefined) headers[k] = v
      try {
        checkReply(r.op, method, await send(method, path, headers, payload), path)
      } finally {
        api.setKnobs({}) // a fuzzed PUT /__sandbox/knobs must not leak forced statuses into later runs
      }
      expect(errors).toEqual([])
      assertNoPoisoning({ ignoredRootRegex: TRACKED_ONLY })
    },
    Math.max(60_000, RUNS * 60),
  )
  afterAll(() => restoreGlobals({ ignoredRootRegex: TRACKED_ONLY }))
})
