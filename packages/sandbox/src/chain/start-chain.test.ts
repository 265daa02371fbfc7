import { createServer } from 'node:net'
import { Contract, getCreateAddress, JsonRpcProvider, NonceManager, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHAINLESS_DEV_CHAIN_ID,
  type Chain,
  ChainError,
  CRC1155_TEST_IDS,
  FORWARDER_ADDRESS,
  FORWARDER_NAME,
  FORWARDER_VERSION,
  RELAYER_ADDRESS,
  RELAYER_BALANCE,
  STANDARD_CONTRACT_ADDRESSES,
  STANDARD_CONTRACT_PARAMS,
  startChain,
  TEST_ACCOUNT_BALANCE,
  TEST_TOKEN_BALANCES,
} from './index.js'

let chain: Chain
let provider: JsonRpcProvider
let startMs = 0

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: unknown }
  if (body.error) throw new Error(JSON.stringify(body.error))
  return body.result
}

beforeAll(async () => {
  const t0 = performance.now()
  chain = await startChain({ port: 0 })
  startMs = performance.now() - t0
  provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, {
    staticNetwork: true,
    polling: false,
    // no 250 ms result cache: balances are read before and after a transaction
    cacheTimeout: -1,
  })
})

afterAll(async () => {
  provider?.destroy()
  await chain?.close()
})

describe('startChain', () => {
  it('listens on a free loopback port and starts within a few seconds', () => {
    const url = new URL(chain.rpcUrl)
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
    expect(Number(url.port)).not.toBe(8545)
    // generous: CI shares 2 cores; idle it is ~1-4 s (README)
    expect(startMs).toBeLessThan(15_000)
  })

  it('answers eth_chainId with the Chainless dev chain id (0xc1a1)', async () => {
    expect(chain.chainId).toBe(CHAINLESS_DEV_CHAIN_ID)
    expect(await rpc('eth_chainId')).toBe('0xc1a1')
    expect(await rpc('net_version')).toBe(String(CHAINLESS_DEV_CHAIN_ID))
  })

  it('has 10 deterministic funded accounts', async () => {
    expect(chain.accounts).toHaveLength(10)
    expect(chain.accounts[0]?.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(chain.accounts[9]?.address).toBe('0xa0Ee7A142d267C1f36714E4a8F75612F20a79720')
    for (const account of chain.accounts) {
      expect(new Wallet(account.privateKey).address).toBe(account.address)
      const balance = await provider.getBalance(account.address)
      expect(balance).toBeGreaterThan(TEST_ACCOUNT_BALANCE - 10n ** 18n)
      expect(balance).toBeLessThanOrEqual(TEST_ACCOUNT_BALANCE)
    }
    // the node knows them too, and the relayer after them: locked, so it signs for none of them
    expect(await rpc('eth_accounts')).toEqual(
      [...chain.accounts, chain.relayer].map((a) => a.address.toLowerCase()),
    )
  })

  it('signs for nobody: eth_sendTransaction and eth_sign of a funded account fail (the wallet signs)', async () => {
    const from = chain.accounts[1]!.address
    const before = await provider.getBalance(chain.accounts[2]!.address)
    await expect(
      rpc('eth_sendTransaction', [{ from, to: chain.accounts[2]!.address, value: '0x1' }]),
    ).rejects.toThrow(/locked|unknown account|authentication needed/i)
    await expect(rpc('eth_sign', [from, '0x68656c6c6f'])).rejects.toThrow(
      /locked|cannot sign|authentication/i,
    )
    expect(await provider.getBalance(chain.accounts[2]!.address)).toBe(before)
  })

  it('funds the platform relayer at genesis; it is not one of the test accounts', async () => {
    expect(chain.relayer.address).toBe(RELAYER_ADDRESS)
    expect(new Wallet(chain.relayer.privateKey).address).toBe(RELAYER_ADDRESS)
    expect(chain.accounts.map((a) => a.address)).not.toContain(RELAYER_ADDRESS)
    expect(await provider.getBalance(RELAYER_ADDRESS, 0)).toBe(RELAYER_BALANCE)
  })

  it('deploys the ERC-2771 forwarder at nonce 3; the standard contracts trust it', async () => {
    expect(chain.forwarder).toMatchObject({
      address: FORWARDER_ADDRESS,
      name: 'ChainlessForwarder',
      version: '1',
    })
    expect(getCreateAddress({ from: chain.accounts[0]!.address, nonce: 3 })).toBe(FORWARDER_ADDRESS)
    const forwarder = new Contract(FORWARDER_ADDRESS, chain.forwarder.abi, provider)
    const domain = await forwarder.getFunction('eip712Domain')()
    expect([domain[1], domain[2], domain[3], domain[4]]).toEqual([
      FORWARDER_NAME,
      FORWARDER_VERSION,
      BigInt(chain.chainId),
      FORWARDER_ADDRESS,
    ])
    for (const { address, abi } of Object.values(chain.contracts)) {
      const c = new Contract(address, abi, provider)
      expect(await c.getFunction('isTrustedForwarder')(FORWARDER_ADDRESS)).toBe(true)
      expect(await c.getFunction('trustedForwarder')()).toBe(FORWARDER_ADDRESS)
    }
  })

  it('deploys the standard contracts at the deterministic addresses, all set-up in block 1', async () => {
    expect(await rpc('eth_blockNumber')).toBe('0x1')
    expect(chain.contracts.CRC20.address).toBe(STANDARD_CONTRACT_ADDRESSES.CRC20)
    expect(chain.contracts.CRC721.address).toBe(STANDARD_CONTRACT_ADDRESSES.CRC721)
    expect(chain.contracts.CRC1155.address).toBe(STANDARD_CONTRACT_ADDRESSES.CRC1155)
    for (const { address } of Object.values(chain.contracts)) {
      expect((await provider.getCode(address)).length).toBeGreaterThan(100)
    }
  })

  it('CRC20: every account holds tokens; transfer works for a test account', async () => {
    const signer = new Wallet(chain.accounts[1]!.privateKey, provider)
    const token = new Contract(chain.contracts.CRC20.address, chain.contracts.CRC20.abi, signer)
    expect(await token.getFunction('name')()).toBe(STANDARD_CONTRACT_PARAMS.CRC20.name)
    expect(await token.getFunction('decimals')()).toBe(18n)
    for (const a of chain.accounts)
      expect(await token.getFunction('balanceOf')(a.address)).toBe(TEST_TOKEN_BALANCES.CRC20)
    const to = chain.accounts[2]!.address
    const tx = await token.getFunction('transfer')(to, 5n)
    // automining: the receipt exists as soon as the send returns, no block wait
    const receipt = await provider.getTransactionReceipt(tx.hash)
    expect(receipt?.status).toBe(1)
    expect(await token.getFunction('balanceOf')(to)).toBe(TEST_TOKEN_BALANCES.CRC20 + 5n)
    expect(await token.getFunction('balanceOf')(signer.address)).toBe(TEST_TOKEN_BALANCES.CRC20 - 5n)
  })

  it('CRC20: minting is owner-only (reverts for a test account)', async () => {
    const signer = new Wallet(chain.accounts[3]!.privateKey, provider)
    const token = new Contract(chain.contracts.CRC20.address, chain.contracts.CRC20.abi, signer)
    await expect(token.getFunction('mint')(signer.address, 1n)).rejects.toThrow(
      /OwnableUnauthorizedAccount|revert/,
    )
  })

  it('CRC721: account i owns token i + 1, with a tokenURI; supports ERC-721 via ERC-165', async () => {
    const nft = new Contract(chain.contracts.CRC721.address, chain.contracts.CRC721.abi, provider)
    for (const [i, a] of chain.accounts.entries())
      expect(await nft.getFunction('ownerOf')(BigInt(i + 1))).toBe(a.address)
    expect(await nft.getFunction('balanceOf')(chain.accounts[0]!.address)).toBe(1n)
    expect(await nft.getFunction('tokenURI')(3n)).toBe(`${STANDARD_CONTRACT_PARAMS.CRC721.baseURI}3`)
    expect(await nft.getFunction('supportsInterface')('0x80ac58cd')).toBe(true)
    await expect(nft.getFunction('ownerOf')(999n)).rejects.toThrow()
  })

  it('CRC1155: every account holds each test id; supports ERC-1155 via ERC-165', async () => {
    const multi = new Contract(chain.contracts.CRC1155.address, chain.contracts.CRC1155.abi, provider)
    for (const a of chain.accounts) {
      for (const id of CRC1155_TEST_IDS) {
        expect(await multi.getFunction('balanceOf')(a.address, id)).toBe(TEST_TOKEN_BALANCES.CRC1155)
      }
    }
    expect(await multi.getFunction('balanceOf')(chain.accounts[0]!.address, 99n)).toBe(0n)
    expect(await multi.getFunction('uri')(1n)).toBe(STANDARD_CONTRACT_PARAMS.CRC1155.uri)
    expect(await multi.getFunction('supportsInterface')('0xd9b67a26')).toBe(true)
  })

  it('automines: a plain transfer is in a block when eth_sendRawTransaction returns', async () => {
    const signer = new NonceManager(new Wallet(chain.accounts[4]!.privateKey, provider))
    const before = Number(await rpc('eth_blockNumber'))
    const tx = await signer.sendTransaction({ to: chain.accounts[5]!.address, value: 1n })
    const receipt = await provider.getTransactionReceipt(tx.hash)
    expect(receipt).not.toBeNull()
    expect(receipt?.blockNumber).toBe(before + 1)
    expect(Number(await rpc('eth_blockNumber'))).toBe(before + 1)
  })

  it('a relayed CRC20 transfer acts for the signing user, and the relayer pays the fee', async () => {
    const user = new Wallet(chain.accounts[6]!.privateKey, provider)
    const relayer = new Wallet(chain.relayer.privateKey, provider)
    const token = new Contract(chain.contracts.CRC20.address, chain.contracts.CRC20.abi, provider)
    const forwarder = new Contract(FORWARDER_ADDRESS, chain.forwarder.abi, relayer)
    const to = chain.accounts[7]!.address
    const request = {
      from: user.address,
      to: chain.contracts.CRC20.address,
      value: 0n,
      gas: 100_000n,
      nonce: await forwarder.getFunction('nonces')(user.address),
      deadline: Math.floor(Date.now() / 1000) + 3600,
      data: token.interface.encodeFunctionData('transfer', [to, 7n]),
    }
    const signature = await user.signTypedData(
      {
        name: FORWARDER_NAME,
        version: FORWARDER_VERSION,
        chainId: chain.chainId,
        verifyingContract: FORWARDER_ADDRESS,
      },
      {
        ForwardRequest: [
          { name: 'from', type: 'address' },
          { name: 'to', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'gas', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint48' },
          { name: 'data', type: 'bytes' },
        ],
      },
      request,
    )
    const { nonce: _, ...data } = request
    expect(await forwarder.getFunction('verify')({ ...data, signature })).toBe(true)
    const userBalance = await provider.getBalance(user.address)
    const relayerBalance = await provider.getBalance(relayer.address)
    const tx = await forwarder.getFunction('execute')({ ...data, signature }, { gasLimit: 300_000n })
    expect((await tx.wait())?.status).toBe(1)
    expect(await token.getFunction('balanceOf')(to)).toBe(TEST_TOKEN_BALANCES.CRC20 + 7n)
    expect(await token.getFunction('balanceOf')(user.address)).toBe(TEST_TOKEN_BALANCES.CRC20 - 7n)
    expect(await provider.getBalance(user.address)).toBe(userBalance)
    expect(await provider.getBalance(relayer.address)).toBeLessThan(relayerBalance)
    // the same signature again: the nonce moved on, the request no longer verifies
    expect(await forwarder.getFunction('verify')({ ...data, signature })).toBe(false)
  })

  it('throws ChainError EADDRINUSE with a clear message when the port is taken', async () => {
    const port = Number(new URL(chain.rpcUrl).port)
    const error = await startChain({ port }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainError)
    expect(error).toMatchObject({ code: 'EADDRINUSE', data: { port, host: '127.0.0.1' } })
    expect((error as Error).message).toBe(
      `Port ${port} on 127.0.0.1 is already in use: stop the process using it or choose another port`,
    )
    // the running chain is unharmed
    expect(await rpc('eth_chainId')).toBe('0xc1a1')
  })

  it('rejects bad options with INVALID_OPTIONS before listening', async () => {
    for (const bad of [
      { port: -1 },
      { port: 1.5 },
      { chainId: 0 },
      { accounts: 0 },
      { accounts: 101 },
      { blockTime: -1 },
    ]) {
      await expect(startChain(bad)).rejects.toMatchObject({ name: 'ChainError', code: 'INVALID_OPTIONS' })
    }
  })
})

describe('startChain: options and close()', () => {
  it('honours chainId, accounts and blockTime, and close() frees the port', async () => {
    const other = await startChain({ port: 0, chainId: 31337, accounts: 12, blockTime: 2 })
    const port = Number(new URL(other.rpcUrl).port)
    try {
      expect(other.accounts).toHaveLength(12)
      const p = new JsonRpcProvider(other.rpcUrl, 31337, { staticNetwork: true })
      expect((await p.getNetwork()).chainId).toBe(31337n)
      // same addresses on any chain id: they depend on deployer and nonce only
      expect(other.contracts.CRC20.address).toBe(STANDARD_CONTRACT_ADDRESSES.CRC20)
      const token = new Contract(other.contracts.CRC20.address, other.contracts.CRC20.abi, p)
      expect(await token.getFunction('balanceOf')(other.accounts[11]!.address)).toBe(
        TEST_TOKEN_BALANCES.CRC20,
      )
      // interval mining: transactions wait for the next block instead of each being mined at once, so
      // two sent back to back land in the same block (automining would give each its own block).
      // (Asserting "no receipt yet" right after sending raced with the block timer on a loaded machine.)
      const signer = new Wallet(other.accounts[11]!.privateKey, p)
      const nonce = await p.getTransactionCount(signer.address)
      const sent = await Promise.all([
        signer.sendTransaction({ to: other.accounts[0]!.address, value: 1n, nonce }),
        signer.sendTransaction({ to: other.accounts[1]!.address, value: 1n, nonce: nonce + 1 }),
      ])
      const receipts = await Promise.all(sent.map((tx) => tx.wait(1, 8_000)))
      expect(receipts.map((r) => r?.status)).toEqual([1, 1])
      expect(receipts[0]?.blockNumber).toBe(receipts[1]?.blockNumber)
      p.destroy()
    } finally {
      await other.close()
      await other.close() // idempotent
    }
    await expect(isPortFree(port)).resolves.toBe(true)
  })
})

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
