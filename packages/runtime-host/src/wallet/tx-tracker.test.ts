import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ChainDisconnectedError, InvalidParamsError, PlatformUnavailableError } from '@chainless/protocol'
import { keccak256 } from 'ethers'
import { afterEach, describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../invalid-option-error.js'
import { MemoryKeyValueStore } from './kv-memory.js'
import {
  BroadcastRefusedError,
  type ForwardRequestJson,
  type TxRecord,
  TxTracker,
  type TxTrackerOptions,
} from './tx-tracker.js'

/** What the fake platform does with the next POST (broadcast or relay). */
type Step =
  | 'accept'
  | 'drop' // closes the connection: a network error
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { acceptAfterMs: number } // records (submits) at once, answers late: the client's timeout fires first

interface Post {
  path: string
  body: Record<string, unknown>
  idempotencyKey: string | undefined
  authorization: string | undefined
}

/** A real HTTP server playing the platform: idempotent broadcast and relay, status, RPC receipts; fails on cue. */
class FakePlatform {
  readonly posts: Post[] = []
  /** What reached the chain, by hash: exactly one entry per transaction however often it was posted. */
  readonly submitted = new Map<string, string>()
  /** Final statuses by hash; `dropped`: the platform's chain no longer knows it (a fresh chain). */
  readonly mined = new Map<string, 'confirmed' | 'failed' | 'dropped'>()
  /** `GET /api/v1/tx/{hash}` requests, in order: polling must stop at a final status. */
  readonly statusGets: string[] = []
  readonly relayHashes = new Map<string, string>()
  script: Step[] = []
  /** Answers every POST with this when set (an outage). */
  outage: Step | undefined
  onPost: (post: Post) => void | Promise<void> = () => undefined
  url = ''
  readonly #server: Server = createServer((req, res) => {
    this.#handle(req, res).catch(() => res.destroy())
  })

  async start(): Promise<this> {
    await new Promise<void>((done) => this.#server.listen(0, '127.0.0.1', done))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }
  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((done) => this.#server.close(() => done()))
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = ''
    for await (const chunk of req) text += chunk
    const url = req.url ?? ''
    const json = (
      status: number,
      body: unknown,
      type = 'application/json',
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'content-type': type, ...headers }).end(JSON.stringify(body))
    }
    const txStatus = /^\/api\/v1\/tx\/(0x[0-9a-f]{64})$/.exec(url)
    if (req.method === 'GET' && txStatus) {
      const hash = txStatus[1] as string
      this.statusGets.push(hash)
      const mined = this.mined.get(hash)
      if (mined === 'dropped') return json(200, { hash, status: 'dropped' })
      if (mined) return json(200, { hash, status: mined, blockNumber: 7 })
      return this.submitted.has(hash)
        ? json(200, { hash, status: 'pending' })
        : json(404, problem(404, 'tx_not_found'))
    }
    if (req.method === 'POST' && url.startsWith('/api/v1/rpc/')) {
      const { id, params } = JSON.parse(text) as { id: number; params: [string] }
      const hash = params[0]
      const receipt =
        this.mined.has(hash) && this.mined.get(hash) !== 'dropped'
          ? {
              transactionHash: hash,
              blockHash: `0x${'b'.repeat(64)}`,
              blockNumber: '0x7',
              status: this.mined.get(hash) === 'confirmed' ? '0x1' : '0x0',
              gasUsed: '0x5208',
              from: '0x1',
              to: '0x2',
              logs: [],
            }
          : null
      return json(200, { jsonrpc: '2.0', id, result: receipt })
    }
    if (req.method === 'POST' && (url === '/api/v1/tx/broadcast' || url === '/api/v1/tx/relay')) {
      const post: Post = {
        path: url,
        body: JSON.parse(text) as Record<string, unknown>,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        authorization: req.headers.authorization,
      }
      this.posts.push(post)
      await this.onPost(post)
      const step = this.outage ?? this.script.shift() ?? 'accept'
      if (step === 'drop') return void res.destroy()
      if (typeof step === 'object' && 'status' in step) {
        return json(
          step.status,
          step.body ?? problem(step.status, 'unavailable'),
          'application/problem+json',
          step.headers,
        )
      }
      const hash = this.#submit(post)
      if (typeof step === 'object') await new Promise((done) => setTimeout(done, step.acceptAfterMs))
      return json(202, { hash, chainId: 49569 })
    }
    json(404, problem(404, 'not_found'), 'application/problem+json')
  }

  /** Idempotent by hash (broadcast) or signature (relay), as the platform is. */
  #submit(post: Post): string {
    if (post.path === '/api/v1/tx/broadcast') {
      const raw = post.body.raw as string
      const hash = keccak256(raw)
      this.submitted.set(hash, raw)
      return hash
    }
    const signature = post.body.signature as string
    let hash = this.relayHashes.get(signature)
    if (!hash) {
      hash = keccak256(`0x${'ee'.repeat(8)}${signature.slice(2)}`)
      this.relayHashes.set(signature, hash)
      this.submitted.set(hash, signature)
    }
    return hash
  }
}

const problem = (status: number, code: string) => ({
  type: `urn:chainless:problem:${code}`,
  title: code,
  status,
  code,
  requestId: 'r1',
})

const platforms: FakePlatform[] = []
const trackers: TxTracker[] = []
afterEach(async () => {
  for (const t of trackers.splice(0)) t.stop()
  await Promise.all(platforms.splice(0).map((p) => p.close()))
})

async function setup(over: Partial<TxTrackerOptions> = {}, store = new MemoryKeyValueStore()) {
  const platform = await new FakePlatform().start()
  platforms.push(platform)
  const statuses: TxRecord[] = []
  const waiters: { pred: (r: TxRecord) => boolean; done: (r: TxRecord) => void }[] = []
  const tracker = new TxTracker({
    apiUrl: platform.url,
    store,
    retry: { baseMs: 5, capMs: 20, budgetMs: 2000, timeoutMs: 500 },
    pollIntervalMs: 15,
    onStatus: (r) => {
      statuses.push(r)
      for (const w of waiters.filter((w) => w.pred(r))) {
        waiters.splice(waiters.indexOf(w), 1)
        w.done(r)
      }
    },
    ...over,
  })
  trackers.push(tracker)
  const status = (hash: string, state: TxRecord['state']) =>
    statuses.find((r) => r.hash === hash && r.state === state) ??
    new Promise<TxRecord>((done) => waiters.push({ pred: (r) => r.hash === hash && r.state === state, done }))
  return {
    platform,
    tracker,
    store,
    statuses,
    status: (hash: string, state: TxRecord['state']) => Promise.resolve(status(hash, state)),
  }
}

let counter = 0
/** Distinct signed-looking bytes: the tracker never decodes them, it hashes and re-sends them. */
const rawTx = () => `0x02f8${(++counter).toString(16).padStart(8, '0')}${'ab'.repeat(100)}`
const input = (raw: string) => ({
  appId: 'web3-demo',
  account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  chainId: 49569,
  raw,
})

describe('TxTracker.send under faults', () => {
  it('persists `signed` before the first POST, retries 503 ×2 with the same bytes, then tracks to confirmed with the receipt', async () => {
    const { platform, tracker, store, status } = await setup()
    const raw = rawTx()
    const hash = keccak256(raw)
    const seenOnFirstPost: (TxRecord | undefined)[] = []
    platform.onPost = async () => {
      seenOnFirstPost.push(await store.get<TxRecord>(`tx:${hash}`))
    }
    platform.script = [{ status: 503 }, { status: 503 }]
    await expect(tracker.send(input(raw))).resolves.toEqual({ hash })
    expect(seenOnFirstPost[0]).toMatchObject({ state: 'signed', raw })
    expect(platform.posts).toHaveLength(3)
    expect(platform.posts.every((p) => p.body.raw === raw && p.idempotencyKey === hash)).toBe(true)
    expect((await tracker.get(hash))?.state).toBe('pending')
    await status(hash, 'pending')
    platform.mined.set(hash, 'confirmed')
    const confirmed = await status(hash, 'confirmed')
    expect(confirmed.receipt).toMatchObject({ transactionHash: hash, status: '0x1' })
    expect(await tracker.get(hash.toUpperCase().replace('0X', '0x'))).toMatchObject({ state: 'confirmed' })
  })

  it('honours Retry-After on 429', async () => {
    const { platform, tracker } = await setup()
    platform.script = [{ status: 429, headers: { 'retry-after': '1' } }]
    const started = Date.now()
    await tracker.send(input(rawTx()))
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(platform.posts).toHaveLength(2)
  })

  it('a timed-out request that did arrive is found again by the idempotent retry: one submission', async () => {
    const { platform, tracker } = await setup({
      retry: { baseMs: 5, capMs: 20, budgetMs: 2000, timeoutMs: 100 },
    })
    platform.script = [{ acceptAfterMs: 400 }]
    const raw = rawTx()
    await expect(tracker.send(input(raw))).resolves.toEqual({ hash: keccak256(raw) })
    expect(platform.posts).toHaveLength(2)
    expect(platform.submitted.size).toBe(1)
  })

  it('retries a dropped connection', async () => {
    const { platform, tracker } = await setup()
    platform.script = ['drop']
    await tracker.send(input(rawTx()))
    expect(platform.posts).toHaveLength(2)
  })

  it('a 400 problem is a typed error, and the record is removed (nothing was sent)', async () => {
    const { platform, tracker } = await setup()
    platform.script = [{ status: 400, body: problem(400, 'invalid_transaction') }]
    const raw = rawTx()
    const error = await tracker.send(input(raw)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BroadcastRefusedError)
    expect(error).toMatchObject({ code: -32603, problem: { status: 400, code: 'invalid_transaction' } })
    expect((error as BroadcastRefusedError).details).toContain('invalid_transaction')
    expect(await tracker.get(keccak256(raw))).toBeUndefined()
    expect(await tracker.list()).toEqual([])
    expect(platform.posts).toHaveLength(1)
  })

  it('422 wrong_chain is ChainDisconnectedError 4901, record removed', async () => {
    const { platform, tracker } = await setup()
    platform.script = [{ status: 422, body: problem(422, 'wrong_chain') }]
    const raw = rawTx()
    await expect(tracker.send(input(raw))).rejects.toBeInstanceOf(ChainDisconnectedError)
    expect(await tracker.get(keccak256(raw))).toBeUndefined()
  })

  it('an outage past the budget rejects -32002 with data.hash, the record is abandoned, and a late mining is still reported', async () => {
    const { platform, tracker, status } = await setup({ retry: { baseMs: 5, capMs: 20, budgetMs: 250 } })
    platform.outage = { status: 503 }
    const raw = rawTx()
    const hash = keccak256(raw)
    const started = Date.now()
    const error = await tracker.send(input(raw)).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(error).toBeInstanceOf(PlatformUnavailableError)
    expect(error).toMatchObject({ code: -32002, data: { hash } })
    expect((await tracker.get(hash))?.state).toBe('abandoned')
    await status(hash, 'abandoned')
    const posts = platform.posts.length
    // The platform had it after all (another path), and it is mined: the app still learns it.
    platform.submitted.set(hash, raw)
    platform.mined.set(hash, 'confirmed')
    const confirmed = await status(hash, 'confirmed')
    expect(confirmed.receipt?.transactionHash).toBe(hash)
    expect(platform.posts.length).toBe(posts) // abandoned: polled, never re-sent by itself
  })

  it('a Retry-After beyond the budget gives up at once', async () => {
    const { platform, tracker } = await setup({ retry: { budgetMs: 500 } })
    platform.script = [{ status: 429, headers: { 'retry-after': '60' } }]
    const started = Date.now()
    await expect(tracker.send(input(rawTx()))).rejects.toMatchObject({ code: -32002 })
    expect(Date.now() - started).toBeLessThan(400)
  })

  it('one approval, at most one transaction: concurrent and repeated sends of the same bytes post once', async () => {
    const { platform, tracker, status } = await setup()
    const raw = rawTx()
    const hash = keccak256(raw)
    const [a, b] = await Promise.all([tracker.send(input(raw)), tracker.send(input(raw))])
    expect(a).toEqual(b)
    expect(platform.posts).toHaveLength(1)
    platform.mined.set(hash, 'confirmed')
    await status(hash, 'confirmed')
    await tracker.send(input(raw))
    expect(platform.posts).toHaveLength(1)
    expect((await tracker.get(hash))?.state).toBe('confirmed')
  })

  it('reports failed (reverted) with its receipt', async () => {
    const { platform, tracker, status } = await setup()
    const raw = rawTx()
    const hash = keccak256(raw)
    await tracker.send(input(raw))
    platform.mined.set(hash, 'failed')
    expect((await status(hash, 'failed')).receipt?.status).toBe('0x0')
  })

  it('sends the session bearer when there is one', async () => {
    const { platform, tracker } = await setup({ getSessionToken: async () => 'tok' })
    await tracker.send(input(rawTx()))
    expect(platform.posts[0]?.authorization).toBe('Bearer tok')
    const { platform: p2, tracker: t2 } = await setup({ getSessionToken: async () => undefined })
    await t2.send(input(rawTx()))
    expect(p2.posts[0]?.authorization).toBeUndefined()
  })

  it('refuses malformed raw bytes before storing or posting anything', async () => {
    const { platform, tracker } = await setup()
    for (const raw of ['', '0x', '0x1', 'zz', `0x${'00'.repeat(128 * 1024 + 1)}`, 42 as unknown as string]) {
      await expect(tracker.send(input(raw))).rejects.toBeInstanceOf(InvalidParamsError)
    }
    expect(platform.posts).toHaveLength(0)
    expect(await tracker.list()).toEqual([])
  })
})

describe('TxTracker.resume (a wallet reload)', () => {
  it('re-sends `signed` records (same bytes) and finishes `pending` ones on a new tracker over the same store', async () => {
    const first = await setup({ retry: { baseMs: 5, capMs: 20, budgetMs: 5000, timeoutMs: 500 } })
    const { platform, store } = first
    // A transaction accepted, not yet mined…
    const rawPending = rawTx()
    await first.tracker.send(input(rawPending))
    // …and one signed while the platform was down, when the wallet went away.
    platform.outage = { status: 503 }
    const rawSigned = rawTx()
    const stuck = first.tracker.send(input(rawSigned)).catch((e: unknown) => e)
    await new Promise((done) => setTimeout(done, 60))
    first.tracker.stop()
    expect(await stuck).toBeInstanceOf(PlatformUnavailableError)
    expect((await store.get<TxRecord>(`tx:${keccak256(rawSigned)}`))?.state).toBe('signed')

    platform.outage = undefined
    const statuses: TxRecord[] = []
    const reloaded = new TxTracker({
      apiUrl: platform.url,
      store,
      pollIntervalMs: 15,
      onStatus: (r) => statuses.push(r),
    })
    trackers.push(reloaded)
    const postsBefore = platform.posts.length
    await reloaded.resume()
    await until(() => statuses.some((r) => r.hash === keccak256(rawSigned) && r.state === 'pending'))
    // (A POST the first tracker had on the wire when it stopped may land here too: same bytes.)
    const resent = platform.posts.slice(postsBefore).map((p) => p.body.raw)
    expect(resent.length).toBeGreaterThanOrEqual(1)
    expect(resent.every((r) => r === rawSigned)).toBe(true)
    platform.mined.set(keccak256(rawPending), 'confirmed')
    platform.mined.set(keccak256(rawSigned), 'confirmed')
    await until(() => statuses.filter((r) => r.state === 'confirmed').length === 2)
    expect(platform.submitted.size).toBe(2)
    expect((await reloaded.list()).map((r) => r.state)).toEqual(['confirmed', 'confirmed'])
  })
})

describe("TxTracker: dropped (the platform's chain no longer knows the transaction)", () => {
  /** The status `state` of `hash`, failing within 3 s instead of at the test's timeout. */
  const soon = (wait: Promise<TxRecord>, what: string) =>
    Promise.race([
      wait,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error(`no ${what} status within 3 s`)), 3000),
      ),
    ])
  /** Polls for `ms` (several intervals) and returns how many status GETs `hash` got meanwhile. */
  const getsDuring = async (platform: FakePlatform, hash: string, ms: number) => {
    const before = platform.statusGets.filter((h) => h === hash).length
    await new Promise((done) => setTimeout(done, ms))
    return platform.statusGets.filter((h) => h === hash).length - before
  }

  it('a pending transaction answered `dropped` is final: stored and reported once, without a receipt, and no longer polled', async () => {
    const { platform, tracker, statuses, status } = await setup()
    const raw = rawTx()
    const hash = keccak256(raw)
    await tracker.send(input(raw))
    platform.mined.set(hash, 'dropped')
    const dropped = await soon(status(hash, 'dropped'), 'dropped')
    expect(dropped.receipt).toBeUndefined()
    expect((await tracker.get(hash))?.state).toBe('dropped')
    // 15 ms poll interval: ten intervals with no further GET means the loop ended.
    expect(await getsDuring(platform, hash, 150)).toBe(0)
    expect(statuses.filter((r) => r.hash === hash).map((r) => r.state)).toEqual(['pending', 'dropped'])
  })

  it('resume() after a chain restart: a stored `pending` record becomes `dropped`, and a later resume leaves it alone', async () => {
    const store = new MemoryKeyValueStore()
    const { platform, tracker, status } = await setup({}, store)
    const raw = rawTx()
    const hash = keccak256(raw)
    const now = Date.now()
    await store.set(`tx:${hash}`, {
      hash,
      appId: 'web3-demo',
      account: input(raw).account,
      chainId: 49569,
      state: 'pending',
      raw,
      createdAt: now,
      updatedAt: now,
    } satisfies TxRecord)
    platform.mined.set(hash, 'dropped')
    await tracker.resume()
    await soon(status(hash, 'dropped'), 'dropped')
    await tracker.resume()
    expect(await getsDuring(platform, hash, 100)).toBe(0)
  })

  it('an abandoned transaction the platform calls `dropped` is dropped too', async () => {
    const { platform, tracker, status } = await setup({
      retry: { baseMs: 5, capMs: 10, budgetMs: 60, timeoutMs: 50 },
    })
    platform.outage = { status: 503 }
    const raw = rawTx()
    const hash = keccak256(raw)
    await expect(tracker.send(input(raw))).rejects.toBeInstanceOf(PlatformUnavailableError)
    await soon(status(hash, 'abandoned'), 'abandoned')
    platform.mined.set(hash, 'dropped')
    await soon(status(hash, 'dropped'), 'dropped')
  })

  it('sending the same bytes again after `dropped` broadcasts them again (the chain lost them; no new approval)', async () => {
    const { platform, tracker, status } = await setup()
    const raw = rawTx()
    const hash = keccak256(raw)
    await tracker.send(input(raw))
    platform.mined.set(hash, 'dropped')
    await soon(status(hash, 'dropped'), 'dropped')
    platform.mined.delete(hash)
    const postsBefore = platform.posts.length
    await tracker.send(input(raw))
    expect(platform.posts.slice(postsBefore).map((p) => p.body.raw)).toEqual([raw])
    expect((await tracker.get(hash))?.state).toBe('pending')
    platform.mined.set(hash, 'confirmed')
    await soon(status(hash, 'confirmed'), 'confirmed')
  })
})

const request: ForwardRequestJson = {
  from: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  value: '0',
  gas: '100000',
  nonce: '0',
  deadline: 2_000_000_000,
  data: '0x',
}
const signature = `0x${'12'.repeat(65)}`

describe('TxTracker.relay (sponsored)', () => {
  it('persists the signed request first, posts it with a signature-derived key, tracks the relayer hash', async () => {
    const { platform, tracker, store, status } = await setup({ getSessionToken: async () => 'tok' })
    const seen: string[][] = []
    platform.onPost = async () => {
      seen.push(await store.keys('relay:'))
    }
    platform.script = [{ status: 502 }]
    const { hash } = await tracker.relay({
      appId: 'web3-sponsored',
      account: request.from,
      chainId: 49569,
      request,
      signature,
    })
    expect(seen[0]).toEqual([`relay:${keccak256(signature)}`])
    expect(platform.posts).toHaveLength(2)
    expect(platform.posts[1]).toMatchObject({
      path: '/api/v1/tx/relay',
      body: { appId: 'web3-sponsored', request, signature },
      idempotencyKey: keccak256(signature),
      authorization: 'Bearer tok',
    })
    expect(hash).toBe(platform.relayHashes.get(signature))
    expect(await store.keys('relay:')).toEqual([])
    expect(await tracker.get(hash)).toMatchObject({ state: 'pending', relay: { signature } })
    platform.mined.set(hash, 'confirmed')
    await status(hash, 'confirmed')
    // The same signature again: the platform answers the same hash, the record is kept as it is.
    await tracker.relay({
      appId: 'web3-sponsored',
      account: request.from,
      chainId: 49569,
      request,
      signature,
    })
    expect((await tracker.get(hash))?.state).toBe('confirmed')
    expect(platform.submitted.size).toBe(1)
  })

  it('403 not_sponsored is a typed error and the record is removed', async () => {
    const { platform, tracker } = await setup()
    platform.script = [{ status: 403, body: problem(403, 'not_sponsored') }]
    await expect(
      tracker.relay({ appId: 'web3-demo', account: request.from, chainId: 49569, request, signature }),
    ).rejects.toMatchObject({
      problem: { code: 'not_sponsored' },
    })
    expect(await tracker.list()).toEqual([])
  })

  it('refuses a malformed signature', async () => {
    const { tracker } = await setup()
    await expect(
      tracker.relay({ appId: 'a', account: request.from, chainId: 1, request, signature: '0x12' }),
    ).rejects.toBeInstanceOf(InvalidParamsError)
  })
})

describe('TxTracker options', () => {
  it.each<[string, Partial<TxTrackerOptions>]>([
    ['apiUrl', { apiUrl: 'ftp://x' }],
    ['apiUrl', { apiUrl: 'not a url' }],
    ['budgetMs', { retry: { budgetMs: -1 } }],
    ['baseMs', { retry: { baseMs: 0 } }],
    ['capMs < baseMs', { retry: { baseMs: 100, capMs: 10 } }],
    ['timeoutMs', { retry: { timeoutMs: Number.NaN } }],
    ['pollIntervalMs', { pollIntervalMs: Number.POSITIVE_INFINITY }],
    ['onStatus', { onStatus: undefined as unknown as TxTrackerOptions['onStatus'] }],
  ])('refuses a bad %s', (_, over) => {
    expect(
      () =>
        new TxTracker({
          apiUrl: 'http://127.0.0.1:1',
          store: new MemoryKeyValueStore(),
          onStatus: () => undefined,
          ...over,
        }),
    ).toThrow(InvalidOptionError)
  })
})

async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((done) => setTimeout(done, 5))
  }
}
