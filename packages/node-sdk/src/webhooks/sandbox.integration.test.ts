// Webhooks from the real sandbox (packages/sandbox, built dist) to a node:http back end that verifies
// them with this SDK: a transaction broadcast by the app reaches `confirmed` on a local chain, the
// sandbox delivers `transaction.confirmed` signed v1; the first attempt is answered 500, the retry
// (a fresh nonce) is accepted; a replay of an accepted delivery is refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Chain,
  createApp,
  openStore,
  type PlatformApi,
  type Store,
  startChain,
  startPlatformApi,
} from '@chainless/sandbox'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { createPlatformClient, type PlatformServicesClient } from '../platform/create-client.js'
import { MemoryReplayStore } from '../stores/memory-replay-store.js'
import type { WebhookEvent } from './events.js'
import { fromNodeRequest } from './from-node-request.js'
import { verifyWebhook } from './verify.js'

let dataDir: string
let chain: Chain
let store: Store
let api: PlatformApi
let backEnd: Server
let client: PlatformServicesClient
let app: { appId: string; appKey: string }
const replayStore = new MemoryReplayStore()
const accepted: WebhookEvent[] = []
const refused: string[] = []
let lastDelivery: { headers: IncomingHttpHeaders; body: Buffer } | undefined
let attempts = 0

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'node-sdk-webhooks-'))
  chain = await startChain({ port: 0 })
  store = openStore({ dataDir, reset: true })
  const created = createApp(store, {
    name: 'Webhook test',
    origin: 'http://webhook-test.localhost:8090',
    scopes: [],
  })
  app = { appId: created.appId, appKey: created.appKey }
  backEnd = createServer(async (req, res) => {
    attempts++
    try {
      const request = await fromNodeRequest(req)
      lastDelivery = { headers: req.headers, body: Buffer.from(request.rawBody) }
      // The first attempt fails on the back end's side: the platform must retry.
      if (attempts === 1) return void res.writeHead(500).end()
      accepted.push(await verifyWebhook(request, { appKey: app.appKey, replayStore }))
      res.writeHead(204).end()
    } catch (e) {
      refused.push(e instanceof WebhookVerificationError ? e.reason : String(e))
      res.writeHead(400).end()
    }
  })
  await new Promise<void>((resolve) => backEnd.listen(0, '127.0.0.1', resolve))
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://localhost:1',
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    rateLimit: false,
    onError: () => undefined,
    webhooks: { baseDelayMs: 20, maxDelayMs: 100, txPollMs: 100 },
  })
  // The sandbox's CLI sets this with `apps update --webhook-url`; the store's own statement here.
  const url = `http://127.0.0.1:${(backEnd.address() as AddressInfo).port}/hooks/chainless?env=test`
  store.prepare('UPDATE apps SET webhookUrl = ? WHERE appId = ?').run(url, app.appId)
  client = createPlatformClient({ ...app, baseUrl: api.url, chainId: chain.chainId })
})

afterAll(async () => {
  client?.close()
  await api?.close()
  await new Promise<void>((resolve) => (backEnd ? backEnd.close(() => resolve()) : resolve()))
  store?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('sandbox webhooks verified by the SDK', () => {
  it('transaction.confirmed arrives signed, is verified after a retry, and a replay is refused', async () => {
    const [from, to] = chain.accounts
    if (!from || !to) throw new Error('test accounts')
    const token = client.contracts.crc20(chain.contracts.CRC20.address, {
      signer: new Wallet(from.privateKey),
    })
    const sent = await token.transfer(to.address, 1n)
    await expect.poll(() => accepted.length, { timeout: 15_000, interval: 50 }).toBe(1)
    const event = accepted[0]
    expect(event?.type).toBe('transaction.confirmed')
    if (event?.type === 'transaction.confirmed') {
      expect(event.data).toMatchObject({
        hash: sent.hash.toLowerCase(),
        status: 'confirmed',
        chainId: chain.chainId,
      })
      expect(event.appId).toBe(app.appId)
    }
    expect(attempts).toBe(2)
    expect(refused).toEqual([])

    // The accepted delivery sent again, byte for byte: refused as a replay.
    const replay = lastDelivery
    if (!replay) throw new Error('no delivery')
    const res = await fetch(
      `http://127.0.0.1:${(backEnd.address() as AddressInfo).port}/hooks/chainless?env=test`,
      {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries(replay.headers).filter(
            ([k]) => k.startsWith('x-chainless-') || k === 'content-type',
          ),
        ) as Record<string, string>,
        body: new Uint8Array(replay.body),
      },
    )
    expect(res.status).toBe(400)
    expect(refused).toEqual(['replayed'])
  })
})
