/**
 * Issue 12, the workbench's chain routes over real HTTP against a real Ganache chain: exact balances,
 * mints, account reads, contract deployment (artifact and Solidity, with hostile inputs) and
 * simulation with decoded reverts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AbiCoder, Interface, id as selectorOf } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Chain,
  STANDARD_ARTIFACTS,
  STANDARD_CONTRACT_ADDRESSES,
  startChain,
  TEST_TOKEN_BALANCES,
} from '../chain/index.js'
import { openStore, type Store } from '../store/index.js'
import { call, type Exchange, expectContract, expectProblem } from './contract.testutil.js'
import { type PlatformApi, startPlatformApi } from './server.js'

let dir: string
let store: Store
let chain: Chain
let api: PlatformApi
const WALLET = 'http://localhost:7311'
const E18 = 10n ** 18n

const json = (method: string, path: string, body?: unknown): Promise<Exchange> =>
  call(`${api.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-workbench-'))
  store = openStore({ dataDir: dir, seed: false })
  chain = await startChain({ port: 0, accounts: 3 })
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: WALLET,
    rateLimit: false,
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
  })
}, 60_000)
afterAll(async () => {
  await api?.close()
  await chain?.close()
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const account = (i: number) => chain.accounts[i]!.address

describe('PUT /__sandbox/accounts/{address}/balance', () => {
  it('sets an exact DW20 balance, up and down', async () => {
    const a = account(1).toLowerCase()
    const up = expectContract(
      'setSandboxBalance',
      await json('PUT', `/__sandbox/accounts/${a}/balance`, { asset: 'DW20', amount: '12345.5' }),
    )
    expect(up).toEqual({ address: account(1), asset: 'DW20', balance: `${(123455n * E18) / 10n}` })
    const down = await json('PUT', `/__sandbox/accounts/${a}/balance`, {
      asset: 'DW20',
      amount: '0.000000000000000001',
    })
    expect((down.json as { balance: string }).balance).toBe('1')
    const info = expectContract('getSandboxAccount', await json('GET', `/__sandbox/accounts/${a}`)) as {
      balances: { DW20: string }
    }
    expect(info.balances.DW20).toBe('1')
  })

  it('sets an exact CRC20 balance: higher mints the difference, lower rewrites the slot and the supply', async () => {
    const crc20 = new Interface(STANDARD_ARTIFACTS.CRC20.abi)
    const read = async (data: string) =>
      BigInt(
        (
          (await (
            await fetch(chain.rpcUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                jsonrpc: '2.0',
                id: 1,
                method: 'eth_call',
                params: [{ to: STANDARD_CONTRACT_ADDRESSES.CRC20, data }, 'latest'],
              }),
            })
          ).json()) as { result: string }
        ).result,
      )
    const supply = () => read(crc20.encodeFunctionData('totalSupply'))
    const before = await supply()
    const a = account(2)
    const up = await json('PUT', `/__sandbox/accounts/${a}/balance`, { asset: 'CRC20', amount: '2000000' })
    expect(expectContract('setSandboxBalance', up)).toMatchObject({ balance: String(2_000_000n * E18) })
    expect(await supply()).toBe(before + 2_000_000n * E18 - TEST_TOKEN_BALANCES.CRC20)
    const down = await json('PUT', `/__sandbox/accounts/${a}/balance`, { asset: 'CRC20', amount: '1.5' })
    expect((down.json as { balance: string }).balance).toBe(String((15n * E18) / 10n))
    expect(await read(crc20.encodeFunctionData('balanceOf', [a]))).toBe((15n * E18) / 10n)
    // the supply is still the sum of the balances
    expect(await supply()).toBe(before - TEST_TOKEN_BALANCES.CRC20 + (15n * E18) / 10n)
    const zero = await json('PUT', `/__sandbox/accounts/${a}/balance`, { asset: 'CRC20', amount: '0' })
    expect((zero.json as { balance: string }).balance).toBe('0')
  })

  it('keeps balances exact under concurrent requests (one at a time on the chain)', async () => {
    const a = account(1)
    const amounts = ['5', '3000000', '0.5', '42', '1000000']
    const answers = await Promise.all(
      amounts.map((amount) => json('PUT', `/__sandbox/accounts/${a}/balance`, { asset: 'CRC20', amount })),
    )
    expect(answers.map((r) => r.status)).toEqual(amounts.map(() => 200))
    const info = (await json('GET', `/__sandbox/accounts/${a}`)).json as { balances: { CRC20: string } }
    const last = (answers.at(-1)!.json as { balance: string }).balance
    expect(info.balances.CRC20).toBe(last)
    // every answer is the exact amount it asked for: no request saw another's half-done change
    for (const [i, r] of answers.entries()) {
      expect((r.json as { balance: string }).balance).toBe(
        String((BigInt(amounts[i]!.replace('.', '')) * E18) / (amounts[i]!.includes('.') ? 10n : 1n)),
      )
    }
  })

  it.each([
    ['a bad address', '0x1234', { asset: 'DW20', amount: '1' }, 'invalid_parameter'],
    ['a negative amount', null, { asset: 'DW20', amount: '-1' }, 'invalid_body'],
    ['a non-decimal amount', null, { asset: 'DW20', amount: '0x10' }, 'invalid_body'],
    ['an exponent', null, { asset: 'DW20', amount: '1e18' }, 'invalid_body'],
    ['19 decimals', null, { asset: 'DW20', amount: '0.0000000000000000001' }, 'invalid_body'],
    ['10^80', null, { asset: 'DW20', amount: `1${'0'.repeat(80)}` }, 'invalid_body'],
    ['over 2^256 base units', null, { asset: 'CRC20', amount: `${'9'.repeat(60)}` }, 'invalid_body'],
    ['an unknown asset', null, { asset: 'ETH', amount: '1' }, 'invalid_body'],
    ['a number amount', null, { asset: 'DW20', amount: 1 }, 'invalid_body'],
    ['an extra field', null, { asset: 'DW20', amount: '1', add: true }, 'invalid_body'],
  ])('refuses %s and changes nothing', async (_, address, body, code) => {
    const a = address ?? account(0)
    const before = await json('GET', `/__sandbox/accounts/${account(0)}`)
    expectProblem(await json('PUT', `/__sandbox/accounts/${a}/balance`, body), 400, code, 'setSandboxBalance')
    expect((await json('GET', `/__sandbox/accounts/${account(0)}`)).json).toEqual(before.json)
  })
})

describe('POST /__sandbox/accounts/{address}/mint and GET /__sandbox/accounts/{address}', () => {
  it("mints a CRC721 token (the next id) and lists it among the address's ids", async () => {
    const a = account(1)
    const minted = expectContract(
      'mintSandboxToken',
      await json('POST', `/__sandbox/accounts/${a}/mint`, { asset: 'CRC721' }),
    ) as {
      tokenId: string
      txHash: string
    }
    expect(minted.tokenId).toBe(String(chain.accounts.length + 1))
    expect(minted.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    const info = expectContract('getSandboxAccount', await json('GET', `/__sandbox/accounts/${a}`)) as {
      crc721: string[]
      nonce: number
    }
    expect(info.crc721).toEqual(['2', minted.tokenId])
    expect(info.nonce).toBe(0)
  })

  it('mints CRC1155 units of an id', async () => {
    const res = await json('POST', `/__sandbox/accounts/${account(1)}/mint`, {
      asset: 'CRC1155',
      id: '7',
      amount: '5',
    })
    expect(expectContract('mintSandboxToken', res)).toMatchObject({
      asset: 'CRC1155',
      tokenId: '7',
      address: account(1),
    })
  })

  it.each([
    [{ asset: 'CRC1155', id: '1', amount: '0' }],
    [{ asset: 'CRC1155', id: '-1', amount: '1' }],
    [{ asset: 'CRC1155', id: `2${'0'.repeat(77)}`, amount: '1' }],
    [{ asset: 'CRC1155', id: '1' }],
    [{ asset: 'CRC721', id: '1' }],
    [{ asset: 'CRC20' }],
  ])('refuses %j', async (body) => {
    expectProblem(
      await json('POST', `/__sandbox/accounts/${account(1)}/mint`, body),
      400,
      'invalid_body',
      'mintSandboxToken',
    )
  })

  it('answers 400 for a bad address', async () => {
    expectProblem(
      await json('GET', '/__sandbox/accounts/0xZZ'),
      400,
      'invalid_parameter',
      'getSandboxAccount',
    )
  })
})

// init code that reverts with Error("nope"): CODECOPY the 100-byte payload after it, then REVERT
const NOPE = AbiCoder.defaultAbiCoder().encode(['string'], ['nope']).slice(2)
const REVERTING_INIT = `0x6064600c60003960646000fd${selectorOf('Error(string)').slice(2, 10)}${NOPE}`

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
  error TooBig(uint256 value, uint256 max);
  uint256 public count;
  constructor(uint256 start) { require(start < 1000, "start too big"); count = start; }
  function inc(uint256 by) external { if (by > 10) revert TooBig(by, 10); count += by; }
  function fail() external pure { require(false, "always fails"); }
  function divide(uint256 a) external pure returns (uint256) { return 10 / a; }
}
`

describe('contracts: list, deploy, simulate', () => {
  let counter: { address: string; abi: unknown[] }

  it('lists the standard contracts', async () => {
    const { contracts } = expectContract(
      'listSandboxContracts',
      await json('GET', '/__sandbox/contracts'),
    ) as {
      contracts: { name: string; address: string; kind: string }[]
    }
    expect(contracts.map((c) => [c.name, c.kind])).toEqual([
      ['CRC20', 'standard'],
      ['CRC721', 'standard'],
      ['CRC1155', 'standard'],
      ['ChainlessForwarder', 'standard'],
    ])
  })

  it('deploys one Solidity file (compiled by solc) and lists it; the chain has its code', async () => {
    const res = await json('POST', '/__sandbox/contracts', { source: SOURCE, args: ['5'] })
    const deployed = expectContract('deploySandboxContract', res) as typeof counter & {
      name: string
      kind: string
      txHash: string
    }
    expect(res.status).toBe(201)
    expect(deployed).toMatchObject({ name: 'Counter', kind: 'deployed' })
    counter = deployed
    const { contracts } = (await json('GET', '/__sandbox/contracts')).json as {
      contracts: { address: string }[]
    }
    expect(contracts.map((c) => c.address)).toContain(deployed.address)
    const iface = new Interface(deployed.abi as never)
    const sim = expectContract(
      'simulateSandboxTx',
      await json('POST', '/__sandbox/simulate', {
        from: account(0),
        to: deployed.address,
        data: iface.encodeFunctionData('count'),
      }),
    ) as { ok: boolean; returnData: string }
    expect(sim.ok).toBe(true)
    expect(BigInt(sim.returnData)).toBe(5n)
  }, 60_000)

  it("answers compile_failed for a compile error, with solc's message", async () => {
    const res = await json('POST', '/__sandbox/contracts', {
      source: 'pragma solidity ^0.8.20; contract X { function f( }',
    })
    const problem = expectProblem(res, 400, 'compile_failed', 'deploySandboxContract')
    expect(problem.errors?.[0]?.message).toMatch(/ParserError/)
  }, 60_000)

  it('refuses a file with an import, with a clear message (without running solc)', async () => {
    const res = await json('POST', '/__sandbox/contracts', {
      source:
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nimport "./Other.sol";\ncontract A {}',
    })
    const problem = expectProblem(res, 400, 'compile_failed', 'deploySandboxContract')
    expect(problem.errors?.[0]?.message).toMatch(/^Contract\.sol:3: imports are not supported/)
  })

  it('refuses an oversized source (over 256 KiB)', async () => {
    const res = await json('POST', '/__sandbox/contracts', { source: `// ${'x'.repeat(256 * 1024)}` })
    expectProblem(res, 400, 'invalid_body', 'deploySandboxContract')
    const multiByte = await json('POST', '/__sandbox/contracts', { source: `// ${'é'.repeat(140 * 1024)}` })
    expectProblem(multiByte, 413, 'payload_too_large', 'deploySandboxContract')
  })

  it('deploys an artifact with constructor arguments', async () => {
    const { abi, bytecode } = STANDARD_ARTIFACTS.CRC20
    const res = await json('POST', '/__sandbox/contracts', {
      name: 'MyToken',
      abi,
      bytecode,
      args: ['My Token', 'MYT', account(0), account(0)],
    })
    expect(expectContract('deploySandboxContract', res)).toMatchObject({ name: 'MyToken', kind: 'deployed' })
  })

  it("answers deploy_reverted with the constructor's reason", async () => {
    const res = await json('POST', '/__sandbox/contracts', { abi: [], bytecode: REVERTING_INIT })
    const problem = expectProblem(res, 400, 'deploy_reverted', 'deploySandboxContract') as { reason?: string }
    expect(problem.reason).toBe('nope')
    const bare = await json('POST', '/__sandbox/contracts', { abi: [], bytecode: '0x60006000fd' })
    expectProblem(bare, 400, 'deploy_reverted', 'deploySandboxContract')
  })

  it.each([
    [
      'a malformed ABI',
      { abi: [{ type: 'function', name: 'f', inputs: [{ type: 'uint999' }] }], bytecode: '0x00' },
      'invalid_abi',
    ],
    ['an ABI of garbage', { abi: [42, 'x'], bytecode: '0x00' }, 'invalid_abi'],
    ['odd-length bytecode', { abi: [], bytecode: '0x123' }, 'invalid_body'],
    ['non-hex bytecode', { abi: [], bytecode: '0xzz' }, 'invalid_body'],
    ['empty bytecode', { abi: [], bytecode: '0x' }, 'invalid_body'],
    [
      'wrong constructor arguments',
      { abi: STANDARD_ARTIFACTS.CRC20.abi, bytecode: '0x00', args: ['x'] },
      'invalid_args',
    ],
    [
      'an artifact and a source at once',
      { abi: [], bytecode: '0x00', source: 'contract A {}' },
      'invalid_body',
    ],
  ])('refuses %s', async (_, body, code) => {
    expectProblem(await json('POST', '/__sandbox/contracts', body), 400, code, 'deploySandboxContract')
  })

  it('simulates: gas, price and fee in DW20 for a transfer that succeeds', async () => {
    const crc20 = new Interface(STANDARD_ARTIFACTS.CRC20.abi)
    const res = await json('POST', '/__sandbox/simulate', {
      from: account(0),
      to: STANDARD_CONTRACT_ADDRESSES.CRC20,
      data: crc20.encodeFunctionData('transfer', [account(1), 1n]),
    })
    const sim = expectContract('simulateSandboxTx', res) as {
      ok: boolean
      gas: string
      gasPrice: string
      fee: { wei: string; dw20: string }
    }
    expect(sim.ok).toBe(true)
    expect(Number(sim.gas)).toBeGreaterThan(21_000)
    expect(BigInt(sim.fee.wei)).toBe(BigInt(sim.gas) * BigInt(sim.gasPrice))
    expect(Number(sim.fee.dw20)).toBeCloseTo(Number(sim.fee.wei) / 1e18, 12)
  })

  it('decodes Error(string), Panic and custom errors (from the given ABI or a known contract)', async () => {
    const iface = new Interface(counter.abi as never)
    const sim = async (data: string, extra: Record<string, unknown> = {}) =>
      expectContract(
        'simulateSandboxTx',
        await json('POST', '/__sandbox/simulate', { from: account(0), to: counter.address, data, ...extra }),
      ) as {
        ok: boolean
        revert: { reason?: string; name?: string; args?: unknown[]; data: string }
      }
    expect((await sim(iface.encodeFunctionData('fail'))).revert).toMatchObject({
      name: 'Error',
      reason: 'always fails',
    })
    expect((await sim(iface.encodeFunctionData('divide', [0]))).revert).toMatchObject({
      name: 'Panic',
      reason: 'division or modulo by zero',
      args: ['18'],
    })
    // the deployed contract's ABI is known to the sandbox
    expect((await sim(iface.encodeFunctionData('inc', [11]))).revert).toMatchObject({
      name: 'TooBig',
      args: ['11', '10'],
    })
    const crc20 = new Interface(STANDARD_ARTIFACTS.CRC20.abi)
    const broke = await json('POST', '/__sandbox/simulate', {
      from: account(2),
      to: STANDARD_CONTRACT_ADDRESSES.CRC20,
      data: crc20.encodeFunctionData('transfer', [account(1), 10n ** 30n]),
    })
    expect((broke.json as { ok: boolean; revert: { name: string } }).revert.name).toBe(
      'ERC20InsufficientBalance',
    )
  })

  it('decodes a custom error only the given ABI knows (a contract creation that reverts)', async () => {
    const iface = new Interface(['error Refused(uint256 code, string why)'])
    const payload = iface.encodeErrorResult('Refused', [7n, 'closed']).slice(2)
    const length = payload.length / 2
    // PUSH2 length, PUSH1 14 (offset of the payload), PUSH1 0, CODECOPY, PUSH2 length, PUSH1 0, REVERT
    const len = length.toString(16).padStart(4, '0')
    const init = `0x61${len}600e600039` + `61${len}6000fd${payload}`
    const unknown = await json('POST', '/__sandbox/simulate', { from: account(0), data: init })
    expect(expectContract('simulateSandboxTx', unknown)).toMatchObject({
      ok: false,
      revert: { data: `0x${payload}` },
    })
    expect((unknown.json as { revert: { name?: string } }).revert.name).toBeUndefined()
    const known = await json('POST', '/__sandbox/simulate', {
      from: account(0),
      data: init,
      abi: iface.fragments.map((f) => JSON.parse(f.format('json'))),
    })
    expect(expectContract('simulateSandboxTx', known)).toMatchObject({
      ok: false,
      revert: { name: 'Refused', args: ['7', 'closed'], reason: 'Refused(7, closed)' },
    })
  })

  it('simulates garbage data: a revert without data, or a plain call to an account', async () => {
    const toToken = await json('POST', '/__sandbox/simulate', {
      from: account(0),
      to: STANDARD_CONTRACT_ADDRESSES.CRC20,
      data: '0xdeadbeef00',
    })
    expect(expectContract('simulateSandboxTx', toToken)).toMatchObject({ ok: false, revert: { data: '0x' } })
    const toAccount = await json('POST', '/__sandbox/simulate', {
      from: account(0),
      to: account(1),
      data: '0xdeadbeef',
    })
    expect(expectContract('simulateSandboxTx', toAccount)).toMatchObject({
      ok: true,
      gas: expect.any(String),
    })
  })

  it.each([
    ['a bad from', { from: '0x12' }],
    ['non-hex data', { from: `0x${'1'.repeat(40)}`, data: 'hello' }],
    ['odd data', { from: `0x${'1'.repeat(40)}`, data: '0x1' }],
    ['a decimal value', { from: `0x${'1'.repeat(40)}`, value: '100' }],
    ['an ABI that is not an array', { from: `0x${'1'.repeat(40)}`, abi: {} }],
  ])('refuses %s', async (_, body) => {
    expectProblem(await json('POST', '/__sandbox/simulate', body), 400, 'invalid_body', 'simulateSandboxTx')
  })

  it('refuses a malformed ABI to decode with', async () => {
    const res = await json('POST', '/__sandbox/simulate', {
      from: account(0),
      abi: [{ type: 'error', name: 'E', inputs: [{ type: 'nope' }] }],
    })
    expectProblem(res, 400, 'invalid_abi', 'simulateSandboxTx')
  })

  it('keeps deployed contracts listed across a restart on the same chain, not on a fresh one', async () => {
    await api.close()
    api = await startPlatformApi({
      store,
      port: 0,
      walletOrigin: WALLET,
      rateLimit: false,
      chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    })
    const names = async () =>
      ((await json('GET', '/__sandbox/contracts')).json as { contracts: { name: string }[] }).contracts.map(
        (c) => c.name,
      )
    expect(await names()).toEqual(expect.arrayContaining(['Counter', 'MyToken']))
    const fresh = await startChain({ port: 0, accounts: 1 })
    try {
      await api.close()
      api = await startPlatformApi({
        store,
        port: 0,
        walletOrigin: WALLET,
        rateLimit: false,
        chain: { rpcUrl: fresh.rpcUrl, chainId: fresh.chainId },
      })
      expect(await names()).toEqual(['CRC20', 'CRC721', 'CRC1155', 'ChainlessForwarder'])
    } finally {
      await api.close()
      api = await startPlatformApi({
        store,
        port: 0,
        walletOrigin: WALLET,
        rateLimit: false,
        chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
      })
      await fresh.close()
    }
  }, 60_000)
})
