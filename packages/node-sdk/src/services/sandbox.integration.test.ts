// The platform client against the real sandbox platform API (packages/sandbox, built dist): a local
// chain with the standard contracts, an embedded store in a temp dir, an app with a key; all on free
// loopback ports, stopped after.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Chain,
  createApp,
  openStore,
  type PlatformApi,
  rotateAppKey,
  type Store,
  startChain,
  startPlatformApi,
} from '@chainless/sandbox'
import { JsonRpcProvider, Wallet } from 'ethers'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PlatformError } from '../errors.js'
import { createPlatformClient, type PlatformServicesClient } from '../platform/create-client.js'

let dataDir: string
let chain: Chain
let store: Store
let api: PlatformApi
let app: { appId: string; appKey: string }
let client: PlatformServicesClient
const USER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

const effects = async () =>
  (await (await fetch(`${api.url}/__sandbox/effects?appId=${app.appId}`)).json()) as {
    messages: number
    storageWrites: number
  }

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'node-sdk-platform-'))
  chain = await startChain({ port: 0 })
  store = openStore({ dataDir, reset: true })
  const created = createApp(store, {
    name: 'Node SDK test',
    origin: 'http://node-sdk-test.localhost:8090',
    scopes: ['user:basic'],
  })
  app = { appId: created.appId, appKey: created.appKey }
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://localhost:1',
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    rateLimit: false,
    onError: () => undefined,
  })
  client = createPlatformClient({
    ...app,
    baseUrl: api.url,
    chainId: chain.chainId,
    // quick retries: the sandbox's knobs make the failures
    backoff: { baseMs: 10, maxMs: 50 },
  })
  // USER authorized the app: what a redeemed authorization code records (a token family). The real
  // flow (wallet session, SIWE, code, PKCE) is the e2e suite's; here only its trace is needed.
  store
    .prepare(
      'INSERT INTO token_families (familyId, clientId, account, scopes, authTime, codeHash, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run('family-1', app.appId, USER, 'user:basic', 1, 'not-a-code', Date.now())
})

afterAll(async () => {
  client?.close()
  await api?.close()
  store?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('against the sandbox platform API', () => {
  it('apps.me answers the calling app, signed', async () => {
    const me = await client.apps.me()
    expect(me.manifest.appId).toBe(app.appId)
    expect(me.signature.split('.')).toHaveLength(3)
  })

  it('a wrong key is a typed 401 bad_signature, not retried', async () => {
    const wrong = createPlatformClient({ ...app, appKey: 'ck_wrong', baseUrl: api.url })
    const error = (await wrong.apps.me().catch((e: unknown) => e)) as PlatformError
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ status: 401, code: 'bad_signature' })
    expect(error.requestId).toMatch(/^[0-9a-f]{16}$/)
  })

  it('rotation: the new key works, and a client given the old key as previousAppKey falls back to it', async () => {
    const rotated = rotateAppKey(store, app.appId, { graceMs: 60_000 })
    // the platform accepts both keys in the grace period
    await expect(
      createPlatformClient({ ...app, appKey: rotated.appKey, baseUrl: api.url }).apps.me(),
    ).resolves.toBeDefined()
    await expect(client.apps.me()).resolves.toBeDefined()
    // a key the platform does not know yet, with the working one as previous
    const early = createPlatformClient({
      ...app,
      appKey: 'ck_not-yet-active',
      previousAppKey: rotated.appKey,
      baseUrl: api.url,
    })
    expect((await early.apps.me()).manifest.appId).toBe(app.appId)
  })

  it('contracts.crc20 reads balances through the RPC proxy', async () => {
    const owner = chain.accounts[0]?.address ?? ''
    const token = client.contracts.crc20(chain.contracts.CRC20.address)
    const direct = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true })
    try {
      const expected = (await direct.call({
        to: chain.contracts.CRC20.address,
        data: token.contract.interface.encodeFunctionData('balanceOf', [owner]),
      })) as string
      const balance = await token.balanceOf(owner)
      expect(balance).toBe(BigInt(expected))
      expect(balance).toBeGreaterThan(0n)
      expect(await token.decimals()).toBe(18)
      expect(typeof (await token.symbol())).toBe('string')
    } finally {
      direct.destroy()
    }
  })

  it('a signer writes through the platform: broadcast by the app, then tx.status', async () => {
    const [from, to] = chain.accounts
    if (!from || !to) throw new Error('test accounts')
    const token = client.contracts.crc20(chain.contracts.CRC20.address, {
      signer: new Wallet(from.privateKey),
    })
    const before = await token.balanceOf(to.address)
    const sent = await token.transfer(to.address, 5n)
    let status = await client.tx.status(sent.hash)
    for (let i = 0; i < 50 && status.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 100))
      status = await client.tx.status(sent.hash)
    }
    expect(status).toMatchObject({ hash: sent.hash.toLowerCase(), status: 'confirmed' })
    expect(await token.balanceOf(to.address)).toBe(before + 5n)
  })

  it('tx.status of an unknown hash is a typed 404', async () => {
    await expect(client.tx.status(`0x${'12'.repeat(32)}`)).rejects.toMatchObject({
      status: 404,
      code: 'tx_not_found',
    })
  })
})

describe('services against the sandbox (messages, storage)', () => {
  beforeEach(() => api.setKnobs({}))

  it('messages.send: the answer is lost once (failAfterNext), the retry replays it — one message', async () => {
    const attempts: { key: string | null; status: number; replayed: string | null }[] = []
    const counting = createPlatformClient({
      ...app,
      baseUrl: api.url,
      backoff: { baseMs: 10, maxMs: 50 },
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        attempts.push({
          key: new Headers(init?.headers).get('idempotency-key'),
          status: response.status,
          replayed: response.headers.get('idempotent-replayed'),
        })
        return response
      },
    })
    const before = (await effects()).messages
    api.setKnobs({ sendMessage: { failAfterNext: 1 } })
    const sent = await counting.messages.send({
      userId: USER,
      title: 'Shipped',
      body: 'Your order is on its way',
    })
    expect(sent.id).toEqual(expect.any(String))
    expect(attempts.map((a) => a.status)).toEqual([503, 201])
    expect(attempts[1]?.replayed).toBe('true')
    expect(attempts[0]?.key).toBe(attempts[1]?.key)
    expect((await effects()).messages).toBe(before + 1)
  })

  it('messages.send: failNext with Retry-After is waited for, then one message', async () => {
    const before = (await effects()).messages
    api.setKnobs({ sendMessage: { failNext: 2, retryAfterSeconds: 0 } })
    await client.messages.send({ userId: USER, title: 'Hi', body: 'Again', url: 'https://example.com/x' })
    expect((await effects()).messages).toBe(before + 1)
  })

  it('messages.send to a user who never authorized the app: 404 unknown_user, typed', async () => {
    await expect(
      client.messages.send({ userId: '0x0000000000000000000000000000000000000001', title: 't', body: 'b' }),
    ).rejects.toMatchObject({ status: 404, code: 'unknown_user' })
  })

  it('storage: set / get / keys / delete with odd keys, app-wide and per user', async () => {
    const odd = [
      'a/b',
      'q?x=1&y',
      'hash#frag',
      '100% sure',
      'emoji 😀',
      '%2e',
      '.hidden',
      'a..b',
      'back\\slash',
      '+plus+',
    ]
    for (const [i, key] of odd.entries()) await client.storage.app.set(key, { i, key })
    for (const [i, key] of odd.entries()) expect(await client.storage.app.get(key)).toEqual({ i, key })
    expect(await client.storage.app.keys()).toEqual([...odd].sort())
    expect(await client.storage.app.keys({ prefix: 'a' })).toEqual(['a/b', 'a..b'].sort())
    const user = client.storage.user(USER)
    await user.set('a/b', [1, 2, 3])
    expect(await user.get('a/b')).toEqual([1, 2, 3])
    expect(await user.keys()).toEqual(['a/b'])
    const entry = await client.storage.app.getEntry('a/b')
    expect(entry).toMatchObject({ key: 'a/b', value: { i: 0, key: 'a/b' }, updatedAt: expect.any(String) })
    for (const key of odd) await client.storage.app.delete(key)
    expect(await client.storage.app.get('a/b')).toBeUndefined()
    expect(await client.storage.app.keys()).toEqual([])
    await client.storage.app.delete('never-there') // 204 too
  })

  it('storage: an oversized value is a typed 413 and nothing is written', async () => {
    const writes = (await effects()).storageWrites
    const error = (await client.storage.app
      .set('big', 'x'.repeat(70 * 1024))
      .catch((e: unknown) => e)) as PlatformError
    expect(error).toBeInstanceOf(PlatformError)
    expect(error.status).toBe(413)
    expect(['payload_too_large', 'body_too_large']).toContain(error.code)
    expect(await client.storage.app.get('big')).toBeUndefined()
    expect((await effects()).storageWrites).toBe(writes)
  })
})
