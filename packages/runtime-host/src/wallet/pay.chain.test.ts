/**
 * The signing and sending handlers against a real EVM (ganache 7.9.2, the sandbox's node, in process):
 * what `prepare` fills in is what the chain accepts — a contract creation, a native and a CRC20
 * `pay`, and a `wallet_sendCalls` batch, each mined successfully.
 */
import { readFileSync } from 'node:fs'
import { BridgeError, type RpcTransactionReceipt } from '@chainless/protocol'
import { AbiCoder, Interface, keccak256 } from 'ethers'
import ganache from 'ganache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRC20_ABI } from './abis.js'
import { payHandler } from './pay.js'
import { sendHandlers } from './send.js'
import { CHAIN_ID, fakeContext, OTHER_ACCOUNT, TEST_ACCOUNT, TEST_KEY } from './sign-testkit.js'

const artifact = JSON.parse(
  readFileSync(new URL('../../../sandbox/src/chain/artifacts/CRC20.json', import.meta.url), 'utf8'),
) as { bytecode: string }
const erc20 = new Interface(CRC20_ABI)

type Node = { request(args: { method: string; params?: readonly unknown[] }): Promise<unknown> }
let node: Node & { disconnect(): Promise<void> }

beforeAll(() => {
  node = ganache.provider({
    chain: { chainId: CHAIN_ID, networkId: CHAIN_ID, hardfork: 'shanghai' },
    wallet: { accounts: [{ secretKey: TEST_KEY, balance: `0x${(10n ** 22n).toString(16)}` }] },
    miner: { instamine: 'eager' },
    logging: { quiet: true },
  }) as unknown as typeof node
})
afterAll(async () => {
  await node.disconnect()
})

/** A fake context whose RPC and broadcast are the real node. */
function onChain() {
  const world = fakeContext()
  const rpc = {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      try {
        return (await node.request({ method, params })) as T
      } catch (error) {
        const e = error as { code?: number; message?: string }
        throw new BridgeError(e.code ?? -32603, e.message ?? 'RPC error')
      }
    },
  }
  Object.assign(world.ctx, {
    rpc,
    knownContracts: [],
    tracker: {
      ...world.ctx.tracker,
      async send(input: { raw: string }) {
        world.sent.push(input as never)
        const hash = await rpc.request<string>('eth_sendRawTransaction', [input.raw])
        expect(hash).toBe(keccak256(input.raw))
        return { hash }
      },
    },
  })
  const receipt = (hash: string) => rpc.request<RpcTransactionReceipt>('eth_getTransactionReceipt', [hash])
  const balance = async (token: string, who: string) =>
    BigInt(
      await rpc.request<string>('eth_call', [
        { to: token, data: erc20.encodeFunctionData('balanceOf', [who]) },
        'latest',
      ]),
    )
  return { world, rpc, receipt, balance }
}

describe('on a real chain', () => {
  it('creates a CRC20, mints, pays native and CRC20, and sends a batch: every transaction mined', async () => {
    const { world, rpc, receipt, balance } = onChain()
    const args = AbiCoder.defaultAbiCoder().encode(
      ['string', 'string', 'address', 'address'],
      ['Test coin', 'CTC', TEST_ACCOUNT, '0x0000000000000000000000000000000000000000'],
    )
    const created = await receipt(
      (await sendHandlers.eth_sendTransaction(
        [{ data: artifact.bytecode + args.slice(2) }],
        world.ctx,
      )) as string,
    )
    expect(created.status).toBe('0x1')
    const token = created.contractAddress as string

    const mint = await sendHandlers.eth_sendTransaction(
      [{ to: token, data: erc20.encodeFunctionData('mint', [TEST_ACCOUNT, 10n ** 21n]) }],
      world.ctx,
    )
    expect((await receipt(mint as string)).status).toBe('0x1')

    const before = BigInt(await rpc.request<string>('eth_getBalance', [OTHER_ACCOUNT, 'latest']))
    const native = await payHandler({ to: OTHER_ACCOUNT, amount: '12345' }, world.ctx)
    expect((await receipt(native.hash)).status).toBe('0x1')
    expect(BigInt(await rpc.request<string>('eth_getBalance', [OTHER_ACCOUNT, 'latest'])) - before).toBe(
      12345n,
    )

    const paid = await payHandler({ to: OTHER_ACCOUNT, amount: '777', token }, world.ctx)
    expect((await receipt(paid.hash)).status).toBe('0x1')
    expect(await balance(token, OTHER_ACCOUNT)).toBe(777n)
    expect(world.ui.calls.at(-1)?.request).toMatchObject({
      kind: 'payment',
      to: OTHER_ACCOUNT,
      token: { symbol: 'CTC', decimals: 18, amount: '777' },
    })

    await sendHandlers.wallet_sendCalls(
      [
        {
          version: '2.0.0',
          chainId: '0xc1a1',
          calls: [
            { to: token, data: erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, 1n]) },
            { to: token, data: erc20.encodeFunctionData('transfer', [OTHER_ACCOUNT, 2n]) },
          ],
        },
      ],
      world.ctx,
    )
    expect(await balance(token, OTHER_ACCOUNT)).toBe(780n)
    expect(world.sent).toHaveLength(6)
  })
})
