import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RPC_READ_METHODS } from '@chainless/protocol'
import { Interface, JsonRpcProvider, Transaction, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Chain,
  FORWARDER_ADDRESS,
  STANDARD_CONTRACT_ADDRESSES,
  startChain,
  TEST_TOKEN_BALANCES,
} from '../chain/index.js'
import {
  countBroadcasts,
  createApp,
  getBroadcast,
  openStore,
  type Store,
  setWebhookUrl,
} from '../store/index.js'
import { call, expectContract, expectProblem } from './contract.testutil.js'
import { signRequest } from './hmac.js'
import { RPC_ALLOWLIST } from './rpc.js'
import { type PlatformApi, startPlatformApi } from './server.js'

let dir: string
let store: Store
let chain: Chain
let api: PlatformApi
let shop: { appId: string; appKey: string }

/** Direct JSON-RPC to the chain (not through the proxy). */
async function node(method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}
const nonceOf = async (address: string) =>
  Number.parseInt((await node('eth_getTransactionCount', [address, 'latest'])) as string, 16)

let nextNonce = new Map<string, number>()
async function signedTransfer(
  from = 1,
  overrides: Partial<{ chainId: number; data: string; to: string; gasLimit: number; value: bigint }> = {},
) {
  const account = chain.accounts[from]!
  const wallet = new Wallet(account.privateKey)
  const nonce = nextNonce.get(account.address) ?? (await nonceOf(account.address))
  nextNonce.set(account.address, nonce + 1)
  return wallet.signTransaction({
    type: 2,
    chainId: overrides.chainId ?? chain.chainId,
    nonce,
    to: overrides.to ?? chain.accounts[2]!.address,
    value: overrides.value ?? 1n,
    data: overrides.data ?? '0x',
    gasLimit: overrides.gasLimit ?? 21_000 + (overrides.data ? 16 * overrides.data.length : 0),
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  })
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  call(api.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
const rpc = (payload: unknown, chainId: number | string = chain.chainId) =>
  post(`/api/v1/rpc/${chainId}`, JSON.stringify(payload))
const broadcast = (raw: string, headers?: Record<string, string>) =>
  post('/api/v1/tx/broadcast', JSON.stringify({ raw }), headers)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-api-chain-'))
  store = openStore({ dataDir: dir })
  shop = createApp(store, { appId: 'shop', name: 'Shop', origin: 'http://shop.localhost:7003', scopes: [] })
  chain = await startChain({ port: 0 })
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://wallet.localhost:7004',
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    rateLimit: false,
    webhooks: { txPollMs: 50, baseDelayMs: 20 },
  })
  nextNonce = new Map()
})
afterAll(async () => {
  await api?.close()
  await chain?.close()
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('POST /api/v1/rpc/{chainId}', () => {
  it('forwards allowlisted methods, keeping the id', async () => {
    const ex = await rpc({ jsonrpc: '2.0', id: 'a', method: 'eth_chainId' })
    expect(expectContract('rpcProxy', ex)).toEqual({
      jsonrpc: '2.0',
      id: 'a',
      result: `0x${chain.chainId.toString(16)}`,
    })
    const bal = await rpc({
      jsonrpc: '2.0',
      id: 2,
      method: 'eth_getBalance',
      params: [chain.accounts[3]!.address, 'latest'],
    })
    expect(BigInt((expectContract('rpcProxy', bal) as { result: string }).result)).toBeGreaterThan(0n)
  })

  it('serves every read method of the wallet (RPC_READ_METHODS) and eth_chainId', async () => {
    expect([...RPC_ALLOWLIST].sort()).toEqual([...RPC_READ_METHODS, 'eth_chainId'].sort())
    const result = async (method: string, params: unknown[] = []) => {
      const body = expectContract('rpcProxy', await rpc({ jsonrpc: '2.0', id: 1, method, params })) as {
        result?: unknown
        error?: unknown
      }
      expect(body.error, method).toBeUndefined()
      return body.result
    }
    const block = (await result('eth_getBlockByNumber', ['latest', false])) as {
      hash: string
      number: string
    }
    expect(block.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(((await result('eth_getBlockByHash', [block.hash, false])) as { number: string }).number).toBe(
      block.number,
    )
    // slot 2 of CRC20 is ERC20._totalSupply (OpenZeppelin 5 storage layout): 10 accounts × 1,000,000
    const supply = await result('eth_getStorageAt', [STANDARD_CONTRACT_ADDRESSES.CRC20, '0x2', 'latest'])
    expect(BigInt(supply as string)).toBe(10n * TEST_TOKEN_BALANCES.CRC20)
    expect(await result('net_version')).toBe(String(chain.chainId))
  })

  it('ethers reads blocks and fees through the proxy', async () => {
    const provider = new JsonRpcProvider(`${api.url}/api/v1/rpc/${chain.chainId}`, chain.chainId, {
      staticNetwork: true,
      polling: false,
    })
    try {
      const fees = await provider.getFeeData()
      expect(fees.maxFeePerGas).toBeGreaterThan(0n)
      expect((await provider.getBlock('latest'))?.baseFeePerGas).toBeGreaterThan(0n)
      expect(await provider.getBalance(FORWARDER_ADDRESS)).toBe(0n)
    } finally {
      provider.destroy()
    }
  })

  it('answers 4200 for methods outside the allowlist, without forwarding them', async () => {
    const before = await nonceOf(chain.accounts[0]!.address)
    for (const method of [
      'eth_sendTransaction',
      'eth_sendRawTransaction',
      'eth_accounts',
      'personal_sign',
      'evm_mine',
    ]) {
      const ex = await rpc({ jsonrpc: '2.0', id: 7, method, params: [] })
      const body = expectContract('rpcProxy', ex) as { error: { code: number } }
      expect(body.error.code, method).toBe(4200)
    }
    expect(await nonceOf(chain.accounts[0]!.address)).toBe(before)
  })

  it('checks a batch request by request', async () => {
    const ex = await rpc([
      { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: 2, method: 'eth_sign', params: [] },
    ])
    const body = expectContract('rpcProxy', ex) as { id: number; result?: string; error?: { code: number } }[]
    expect(body[0]!.result).toMatch(/^0x/)
    expect(body[1]!.error!.code).toBe(4200)
  })

  it('bounds eth_getLogs to 1000 blocks', async () => {
    const wide = await rpc({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getLogs',
      params: [{ fromBlock: '0x0', toBlock: '0x3e8' }],
    })
    expect((expectContract('rpcProxy', wide) as { error: { code: number } }).error.code).toBe(-32602)
    const ok = await rpc({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getLogs',
      params: [{ fromBlock: '0x0', toBlock: '0x3e7' }],
    })
    expect(Array.isArray((expectContract('rpcProxy', ok) as { result: unknown[] }).result)).toBe(true)
    const tags = await rpc({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getLogs',
      params: [{ fromBlock: 'earliest' }],
    })
    expect((expectContract('rpcProxy', tags) as { result: unknown[] }).result.length).toBeGreaterThan(0)
  })

  it('transport errors are problem+json: unknown chain, malformed, not JSON-RPC, batch too big', async () => {
    expectProblem(
      await rpc({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }, 1),
      404,
      'unknown_chain',
      'rpcProxy',
    )
    expectProblem(await post(`/api/v1/rpc/${chain.chainId}`, '{"jsonrpc":'), 400, 'invalid_json', 'rpcProxy')
    expectProblem(await rpc({ id: 1, method: 'eth_chainId' }), 400, 'invalid_body', 'rpcProxy')
    expectProblem(
      await rpc({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', extra: 1 }),
      400,
      'invalid_body',
      'rpcProxy',
    )
    expectProblem(await rpc([]), 400, 'invalid_body', 'rpcProxy')
    const many = Array.from({ length: 21 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_chainId' }))
    expectProblem(await rpc(many), 400, 'invalid_body', 'rpcProxy')
    expectProblem(
      await rpc({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }, 'abc'),
      400,
      'invalid_parameter',
      'rpcProxy',
    )
  })
})

describe('POST /api/v1/tx/broadcast', () => {
  it('20 concurrent submissions of the same raw transaction: one transaction, one hash', async () => {
    const sender = chain.accounts[1]!.address
    const nonceBefore = await nonceOf(sender)
    const raw = await signedTransfer(1)
    const answers = await Promise.all(Array.from({ length: 20 }, () => broadcast(raw)))
    const hash = Transaction.from(raw).hash!
    for (const ex of answers) {
      expect(ex.status, ex.text).toBe(202)
      expect(expectContract('broadcastTx', ex)).toEqual({ hash, chainId: chain.chainId })
    }
    expect(await nonceOf(sender)).toBe(nonceBefore + 1)
    expect(countBroadcasts(store)).toBe(1)
    // and once more later: the same answer, still one transaction
    const again = await broadcast(raw)
    expect(again.status).toBe(202)
    expect(again.json).toEqual({ hash, chainId: chain.chainId })
    expect(await nonceOf(sender)).toBe(nonceBefore + 1)

    const status = await call(`${api.url}/api/v1/tx/${hash}`)
    const body = expectContract('getTxStatus', status) as {
      status: string
      blockNumber: number
      confirmations: number
    }
    expect(body).toMatchObject({ hash, status: 'confirmed' })
    expect(body.blockNumber).toBeGreaterThan(0)
    expect(body.confirmations).toBeGreaterThanOrEqual(1)
    expect(getBroadcast(store, hash)).toMatchObject({ status: 'confirmed', blockNumber: body.blockNumber })
  })

  it('a pending transaction is pending until mined', async () => {
    await node('miner_stop')
    try {
      const raw = await signedTransfer(4)
      const hash = Transaction.from(raw).hash!
      expect((await broadcast(raw)).status).toBe(202)
      const ex = await call(`${api.url}/api/v1/tx/${hash}`)
      expect(expectContract('getTxStatus', ex)).toEqual({ hash, status: 'pending' })
    } finally {
      await node('miner_start')
    }
  })

  it('a reverted transaction is failed', async () => {
    const erc20 = new Interface(chain.contracts.CRC20.abi)
    const data = erc20.encodeFunctionData('transfer', [chain.accounts[2]!.address, 10n ** 40n])
    const raw = await signedTransfer(5, {
      to: chain.contracts.CRC20.address,
      value: 0n,
      data,
      gasLimit: 200_000,
    })
    const sent = await broadcast(raw)
    expect(sent.status, sent.text).toBe(202)
    const ex = await call(`${api.url}/api/v1/tx/${Transaction.from(raw).hash}`)
    expect(expectContract('getTxStatus', ex)).toMatchObject({ status: 'failed', reason: 'reverted' })
  })

  it('refuses bad transactions with problem+json, sending and recording nothing', async () => {
    const sender = chain.accounts[6]!.address
    const nonceBefore = await nonceOf(sender)
    const countBefore = countBroadcasts(store)
    const wrongChain = await signedTransfer(6, { chainId: 1 })
    nextNonce.delete(sender)
    expectProblem(await broadcast(wrongChain), 422, 'wrong_chain', 'broadcastTx')
    const unsigned = Transaction.from({
      type: 2,
      chainId: chain.chainId,
      nonce: 0,
      to: sender,
      gasLimit: 21000,
    })
    expectProblem(await broadcast(unsigned.unsignedSerialized), 400, 'invalid_transaction', 'broadcastTx')
    expectProblem(await broadcast('0xdeadbeef'), 400, 'invalid_transaction', 'broadcastTx')
    expectProblem(await broadcast('not hex'), 400, 'invalid_body', 'broadcastTx')
    expectProblem(
      await post('/api/v1/tx/broadcast', '{"raw":"0x00","x":1}'),
      400,
      'invalid_body',
      'broadcastTx',
    )
    expectProblem(await post('/api/v1/tx/broadcast', '{"raw":1}'), 400, 'invalid_body', 'broadcastTx')
    expectProblem(await post('/api/v1/tx/broadcast', '{"raw":'), 400, 'invalid_json', 'broadcastTx')
    expectProblem(
      await post('/api/v1/tx/broadcast', '{}', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
      'broadcastTx',
    )
    const huge = JSON.stringify({ raw: `0x${'00'.repeat(140_000)}` })
    expectProblem(await post('/api/v1/tx/broadcast', huge), 413, 'payload_too_large', 'broadcastTx')
    // an account without funds: the node refuses, nothing is recorded
    const poor = Wallet.createRandom()
    const rawPoor = await poor.signTransaction({
      type: 2,
      chainId: chain.chainId,
      nonce: 0,
      to: sender,
      value: 1n,
      gasLimit: 21_000,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
    })
    expectProblem(await broadcast(rawPoor), 422, 'tx_rejected', 'broadcastTx')
    expect(await nonceOf(sender)).toBe(nonceBefore)
    expect(countBroadcasts(store)).toBe(countBefore)
  })

  it('refuses a transaction over maxTxBytes with 413 tx_too_large', async () => {
    const small = await startPlatformApi({
      store,
      port: 0,
      walletOrigin: 'http://wallet.localhost:7004',
      chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
      maxTxBytes: 200,
    })
    try {
      const raw = await signedTransfer(7, { data: `0x${'ab'.repeat(300)}` })
      nextNonce.delete(chain.accounts[7]!.address)
      const ex = await call(`${small.url}/api/v1/tx/broadcast`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ raw }),
      })
      expectProblem(ex, 413, 'tx_too_large', 'broadcastTx')
    } finally {
      await small.close()
    }
  })

  it('accepts HMAC app auth and records the app; a bad signature or a replay sends nothing', async () => {
    const sender = chain.accounts[8]!.address
    const raw = await signedTransfer(8)
    const body = JSON.stringify({ raw })
    const path = '/api/v1/tx/broadcast'
    const nonce = 'broadcast-nonce-0123456789'
    const bad = signRequest({
      appId: shop.appId,
      appKey: 'ck_wrong',
      method: 'POST',
      host: new URL(api.url).host,
      path,
      body,
      nonce,
    })
    const nonceBefore = await nonceOf(sender)
    expectProblem(await post(path, body, bad), 401, 'bad_signature', 'broadcastTx')
    const tampered = signRequest({
      ...shop,
      method: 'POST',
      host: new URL(api.url).host,
      path,
      body: JSON.stringify({ raw: '0x00' }),
    })
    expectProblem(await post(path, body, tampered), 401, 'bad_signature', 'broadcastTx')
    expect(await nonceOf(sender)).toBe(nonceBefore)

    const good = signRequest({ ...shop, method: 'POST', host: new URL(api.url).host, path, body, nonce })
    const ex = await post(path, body, good)
    expect(ex.status, ex.text).toBe(202)
    const { hash } = expectContract('broadcastTx', ex) as { hash: string }
    expect(getBroadcast(store, hash)?.appId).toBe('shop')
    expectProblem(await post(path, body, good), 401, 'nonce_replayed', 'broadcastTx')
  })
})

describe('transaction.confirmed webhook', () => {
  it("an app's broadcast is followed to its final status without a status query; the back end hears it, signed", async () => {
    const got: { url: string; headers: Record<string, string | string[] | undefined>; body: string }[] = []
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        got.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    try {
      setWebhookUrl(store, 'shop', `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tx-hooks`)
      const raw = await signedTransfer(9)
      const body = JSON.stringify({ raw })
      const path = '/api/v1/tx/broadcast'
      const headers = signRequest({ ...shop, method: 'POST', host: new URL(api.url).host, path, body })
      const ex = await post(path, body, headers)
      expect(ex.status, ex.text).toBe(202)
      const { hash } = ex.json as { hash: string }
      // (an earlier test's app transaction may be heard too: this one is found by its hash)
      const mine = () => got.find((g) => JSON.parse(g.body).data.hash === hash)
      const until = Date.now() + 5000
      while (!mine() && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      const delivery = mine()!
      const event = JSON.parse(delivery.body)
      expect(event).toMatchObject({
        type: 'transaction.confirmed',
        appId: 'shop',
        data: { hash, status: 'confirmed', chainId: chain.chainId },
      })
      expect(event.data.blockNumber).toBeGreaterThan(0)
      expect(got.filter((g) => JSON.parse(g.body).data.hash === hash)).toHaveLength(1)
      const h = delivery.headers
      const bodyHash = createHash('sha256').update(delivery.body).digest('hex')
      const mac = createHmac('sha256', shop.appKey)
        .update(`POST\n/tx-hooks\n${h['x-chainless-timestamp']}\n${h['x-chainless-nonce']}\n${bodyHash}`)
        .digest('hex')
      expect(h['x-chainless-signature']).toBe(`v1=${mac}`)
    } finally {
      setWebhookUrl(store, 'shop', null)
      await new Promise((r) => receiver.close(r))
    }
  })
})

describe('GET /api/v1/tx/{hash}', () => {
  it('unknown hash 404, malformed hash 400', async () => {
    expectProblem(await call(`${api.url}/api/v1/tx/0x${'12'.repeat(32)}`), 404, 'tx_not_found', 'getTxStatus')
    expectProblem(await call(`${api.url}/api/v1/tx/0x1234`), 400, 'invalid_parameter', 'getTxStatus')
  })
})
