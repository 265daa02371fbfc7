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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlatformError } from '../errors.js'
import { createPlatformClient, type PlatformServicesClient } from '../platform/create-client.js'

let dataDir: string
let chain: Chain
let store: Store
let api: PlatformApi
let app: { appId: string; appKey: string }
let client: PlatformServicesClient

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
  client = createPlatformClient({ ...app, baseUrl: api.url, chainId: chain.chainId })
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
