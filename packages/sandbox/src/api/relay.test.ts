// POST /api/v1/tx/relay against a real chain: a sponsored user's CRC20 transfer goes through the
// ERC-2771 forwarder, paid by the platform relayer; every refusal sends nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { Contract, Interface, JsonRpcProvider, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Chain,
  FORWARDER_ADDRESS,
  FORWARDER_NAME,
  FORWARDER_VERSION,
  RELAYER_ADDRESS,
  STANDARD_CONTRACT_ADDRESSES,
  startChain,
  TEST_TOKEN_BALANCES,
} from '../chain/index.js'
import { countBroadcasts, countRelays, createApp, getRelay, openStore, type Store } from '../store/index.js'
import { call, expectContract, expectProblem } from './contract.testutil.js'
import { MAX_RELAY_GAS } from './relay.js'
import { type PlatformApi, startPlatformApi } from './server.js'

let dir: string
let store: Store
let chain: Chain
let api: PlatformApi
let provider: JsonRpcProvider
let token: Contract
let forwarder: Contract

const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ],
}

interface ForwardRequestJson {
  from: string
  to: string
  value: string
  gas: string
  nonce: string
  deadline: number
  data: string
}

const erc20 = () => new Interface(chain.contracts.CRC20.abi)
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

/** A request from test account `user`, signed by `signer` (default: the user), as the wallet builds it. */
async function signedRequest(
  user: number,
  overrides: Partial<ForwardRequestJson> = {},
  signer: number = user,
): Promise<{ request: ForwardRequestJson; signature: string }> {
  const from = chain.accounts[user]!.address
  const request: ForwardRequestJson = {
    from,
    to: chain.contracts.CRC20.address,
    value: '0',
    gas: '100000',
    nonce: String(await forwarder.getFunction('nonces')(from)),
    deadline: inAnHour(),
    data: erc20().encodeFunctionData('transfer', [chain.accounts[9]!.address, 1n]),
    ...overrides,
  }
  const signature = await new Wallet(chain.accounts[signer]!.privateKey).signTypedData(
    {
      name: FORWARDER_NAME,
      version: FORWARDER_VERSION,
      chainId: chain.chainId,
      verifyingContract: FORWARDER_ADDRESS,
    },
    FORWARD_REQUEST_TYPES,
    request,
  )
  return { request, signature }
}

const relay = (body: unknown) =>
  call(`${api.url}/api/v1/tx/relay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const relayerNonce = () => provider.getTransactionCount(RELAYER_ADDRESS, 'pending')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-relay-'))
  store = openStore({ dataDir: dir, seed: false })
  chain = await startChain({ port: 0 })
  createApp(store, {
    appId: 'sponsored',
    name: 'Sponsored',
    origin: 'http://sponsored.localhost:7101',
    scopes: ['user:basic', 'tx:sign'],
    sponsored: true,
    // the forwarder itself has code but does not trust itself: a manifest contract that is refused
    contracts: [{ chainId: chain.chainId, address: FORWARDER_ADDRESS, name: 'Forwarder' }],
  })
  createApp(store, {
    appId: 'plain',
    name: 'Plain',
    origin: 'http://plain.localhost:7101',
    scopes: ['user:basic', 'tx:sign'],
  })
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://wallet.localhost:7100',
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    rateLimit: false,
  })
  provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, {
    staticNetwork: true,
    polling: false,
    // no 250 ms result cache: balances are read before and after a transaction
    cacheTimeout: -1,
  })
  token = new Contract(chain.contracts.CRC20.address, chain.contracts.CRC20.abi, provider)
  forwarder = new Contract(FORWARDER_ADDRESS, chain.forwarder.abi, provider)
}, 60_000)

afterAll(async () => {
  provider?.destroy()
  await api?.close()
  await chain?.close()
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('POST /api/v1/tx/relay', () => {
  it("relays a sponsored user's CRC20 transfer: the tokens move, the user's DW20 balance does not", async () => {
    const user = chain.accounts[1]!.address
    const to = chain.accounts[2]!.address
    const { request, signature } = await signedRequest(1, {
      data: erc20().encodeFunctionData('transfer', [to, 25n]),
    })
    const userDw20 = await provider.getBalance(user)
    const relayerDw20 = await provider.getBalance(RELAYER_ADDRESS)
    const ex = await relay({ appId: 'sponsored', request, signature })
    expect(ex.status, ex.text).toBe(202)
    const { hash, chainId } = expectContract('relayTx', ex) as { hash: string; chainId: number }
    expect(chainId).toBe(chain.chainId)

    const receipt = await provider.getTransactionReceipt(hash)
    expect(receipt?.status).toBe(1)
    // the relayer sent it, to the forwarder, with an explicit gas limit (not Ganache's 90,000 default)
    const tx = await provider.getTransaction(hash)
    expect(tx?.from).toBe(RELAYER_ADDRESS)
    expect(tx?.to).toBe(FORWARDER_ADDRESS)
    expect(tx?.gasLimit).toBeGreaterThan(100_000n)
    // _msgSender() is the user: the Transfer event names the user, not the forwarder or the relayer
    const transfer = receipt!.logs
      .filter((l) => l.address === chain.contracts.CRC20.address)
      .map((l) => token.interface.parseLog(l)!)
      .find((l) => l.name === 'Transfer')!
    expect([transfer.args[0], transfer.args[1], transfer.args[2]]).toEqual([user, to, 25n])
    expect(await token.getFunction('balanceOf')(user)).toBe(TEST_TOKEN_BALANCES.CRC20 - 25n)
    expect(await token.getFunction('balanceOf')(to)).toBe(TEST_TOKEN_BALANCES.CRC20 + 25n)
    // the platform paid
    expect(await provider.getBalance(user)).toBe(userDw20)
    expect(await provider.getBalance(RELAYER_ADDRESS)).toBeLessThan(relayerDw20)

    // the status endpoint knows the relayed hash
    const status = await call(`${api.url}/api/v1/tx/${hash}`)
    expect(expectContract('getTxStatus', status)).toMatchObject({ hash, status: 'confirmed' })
    expect(getRelay(store, signature)).toMatchObject({ hash, appId: 'sponsored', sender: user })
  })

  it('is idempotent by signature: 10 concurrent posts and a later one, one relayer transaction', async () => {
    const { request, signature } = await signedRequest(3)
    const before = await relayerNonce()
    const relays = countRelays(store)
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => relay({ appId: 'sponsored', request, signature })),
    )
    const hashes = new Set(answers.map((ex) => (expectContract('relayTx', ex) as { hash: string }).hash))
    for (const ex of answers) expect(ex.status, ex.text).toBe(202)
    expect(hashes.size).toBe(1)
    expect(await relayerNonce()).toBe(before + 1)
    // later, after it was mined (the forwarder's nonce moved on): the same answer, nothing sent
    const again = await relay({ appId: 'sponsored', request, signature })
    expect(again.status).toBe(202)
    expect((again.json as { hash: string }).hash).toBe([...hashes][0])
    expect(await relayerNonce()).toBe(before + 1)
    expect(countRelays(store)).toBe(relays + 1)
  })

  it("a wallet's requests N, N + 1 and N + 2 posted together, in any order, are all relayed", async () => {
    const user = chain.accounts[8]!.address
    const first = await signedRequest(8)
    const next = (k: bigint) => signedRequest(8, { nonce: String(BigInt(first.request.nonce) + k) })
    const requests = [await next(2n), await next(1n), first]
    const before = await token.getFunction('balanceOf')(user)
    const answers = await Promise.all(requests.map((r) => relay({ appId: 'sponsored', ...r })))
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join(' '),
    ).toEqual([202, 202, 202])
    expect(await token.getFunction('balanceOf')(user)).toBe(before - 3n)
    expect(await forwarder.getFunction('nonces')(user)).toBe(BigInt(first.request.nonce) + 3n)
  })

  describe('refusals send nothing', () => {
    async function refused(body: unknown, status: number, code: string) {
      const nonce = await relayerNonce()
      const relays = countRelays(store)
      const broadcasts = countBroadcasts(store)
      const balance = await token.getFunction('balanceOf')(chain.accounts[4]!.address)
      const problem = expectProblem(await relay(body), status, code, 'relayTx')
      expect(await relayerNonce()).toBe(nonce)
      expect(countRelays(store)).toBe(relays)
      expect(countBroadcasts(store)).toBe(broadcasts)
      expect(await token.getFunction('balanceOf')(chain.accounts[4]!.address)).toBe(balance)
      return problem
    }

    it('a forged signature (another account signed) or a request changed after signing: 422 invalid_signature', async () => {
      const forged = await signedRequest(4, {}, 5)
      await refused({ appId: 'sponsored', ...forged }, 422, 'invalid_signature')
      const { request, signature } = await signedRequest(4)
      const changed = {
        ...request,
        data: erc20().encodeFunctionData('transfer', [chain.accounts[5]!.address, 1000n]),
      }
      await refused({ appId: 'sponsored', request: changed, signature }, 422, 'invalid_signature')
      await refused(
        { appId: 'sponsored', request: { ...request, gas: '100001' }, signature },
        422,
        'invalid_signature',
      )
    })

    it('a stale or future nonce: 422 invalid_signature', async () => {
      const { request } = await signedRequest(4)
      const next = String(BigInt(request.nonce) + 1n)
      const future = await signedRequest(4, { nonce: next })
      const problem = await refused({ appId: 'sponsored', ...future }, 422, 'invalid_signature')
      expect(problem.detail).toMatch(/nonce/)
    })

    it('an app that is not sponsored: 403 not_sponsored; an unknown app: 404 app_not_found', async () => {
      const body = await signedRequest(4)
      await refused({ appId: 'plain', ...body }, 403, 'not_sponsored')
      await refused({ appId: 'nobody', ...body }, 404, 'app_not_found')
    })

    it('a value: 422 value_not_allowed (the platform never pays the value)', async () => {
      const body = await signedRequest(4, { value: '1' })
      await refused({ appId: 'sponsored', ...body }, 422, 'value_not_allowed')
    })

    it('a target that does not trust the forwarder or is not the app’s: 422 target_not_allowed', async () => {
      // an account without code
      const eoa = await signedRequest(4, { to: chain.accounts[6]!.address })
      await refused({ appId: 'sponsored', ...eoa }, 422, 'target_not_allowed')
      // a manifest contract with code that does not trust the forwarder
      const untrusting = await signedRequest(4, { to: FORWARDER_ADDRESS })
      await refused({ appId: 'sponsored', ...untrusting }, 422, 'target_not_allowed')
    })

    it('gas above the limit: 422 gas_too_high; a past deadline: 422 request_expired', async () => {
      const greedy = await signedRequest(4, { gas: String(MAX_RELAY_GAS + 1n) })
      await refused({ appId: 'sponsored', ...greedy }, 422, 'gas_too_high')
      const expired = await signedRequest(4, { deadline: Math.floor(Date.now() / 1000) - 1 })
      await refused({ appId: 'sponsored', ...expired }, 422, 'request_expired')
    })

    it('a call that would revert (more tokens than the user holds): 422 tx_rejected, the relayer pays nothing', async () => {
      const greedy = await signedRequest(4, {
        data: erc20().encodeFunctionData('transfer', [
          chain.accounts[5]!.address,
          TEST_TOKEN_BALANCES.CRC20 * 2n,
        ]),
      })
      const balance = await provider.getBalance(RELAYER_ADDRESS)
      await refused({ appId: 'sponsored', ...greedy }, 422, 'tx_rejected')
      expect(await provider.getBalance(RELAYER_ADDRESS)).toBe(balance)
    })

    it('malformed bodies: 400 invalid_body (schema, EIP-55 checksum, overflowing quantities)', async () => {
      const { request, signature } = await signedRequest(4)
      await refused({ request, signature }, 400, 'invalid_body')
      await refused({ appId: 'sponsored', request, signature, chainId: chain.chainId }, 400, 'invalid_body')
      await refused({ appId: 'sponsored', request, signature: signature.slice(0, -2) }, 400, 'invalid_body')
      await refused(
        { appId: 'sponsored', request: { ...request, value: '-1' }, signature },
        400,
        'invalid_body',
      )
      await refused(
        { appId: 'sponsored', request: { ...request, gas: '1'.repeat(79) }, signature },
        400,
        'invalid_body',
      )
      await refused(
        { appId: 'sponsored', request: { ...request, deadline: 2 ** 48 }, signature },
        400,
        'invalid_body',
      )
      await refused(
        { appId: 'sponsored', request: { ...request, data: '0x1' }, signature },
        400,
        'invalid_body',
      )
      // a mixed-case address whose EIP-55 checksum is wrong
      const at = request.from.slice(2).search(/[a-fA-F]/) + 2
      const c = request.from[at]!
      const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()
      const badChecksum = request.from.slice(0, at) + flipped + request.from.slice(at + 1)
      const problem = await refused(
        { appId: 'sponsored', request: { ...request, from: badChecksum }, signature },
        400,
        'invalid_body',
      )
      expect(problem.errors?.[0]?.pointer).toBe('/request/from')
    })
  })

  describe('fuzz: schema-valid bodies that nobody signed', () => {
    const hex = (min: number, max: number) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
    const quantity = fc.oneof(
      fc.constantFrom('0', '1', '2000000', '2000001', '9'.repeat(78)),
      fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }).map(String),
    )
    const target = fc.oneof(
      fc.constantFrom(
        STANDARD_CONTRACT_ADDRESSES.CRC20,
        STANDARD_CONTRACT_ADDRESSES.CRC721,
        FORWARDER_ADDRESS,
      ),
      hex(20, 20),
    )
    const body = fc.record({
      appId: fc.constantFrom('sponsored', 'plain', 'nobody'),
      request: fc.record({
        from: fc.oneof(fc.constantFrom(...['1', '2', '3'].map((i) => `account:${i}`)), hex(20, 20)),
        to: target,
        value: fc.oneof(fc.constant('0'), quantity),
        gas: quantity,
        nonce: quantity,
        deadline: fc.oneof(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.constant(inAnHour())),
        data: hex(0, 200),
      }),
      signature: hex(65, 65),
    })

    test.prop([body], { numRuns: 40 })(
      'answer 403 / 404 / 422 (never 5xx), and the relayer sends nothing',
      async (b) => {
        const from = b.request.from.startsWith('account:')
          ? chain.accounts[Number(b.request.from.slice(8))]!.address
          : b.request.from
        const nonce = await relayerNonce()
        const ex = await relay({ ...b, request: { ...b.request, from } })
        expect([403, 404, 422], ex.text).toContain(ex.status)
        expectContract('relayTx', ex)
        expect(await relayerNonce()).toBe(nonce)
      },
      60_000,
    )
  })
})
