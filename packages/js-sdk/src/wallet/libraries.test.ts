// The provider with the dapp libraries apps bring, unchanged: ethers 6 `BrowserProvider` and viem's
// `custom` transport, against the fake host playing a wallet that signs with a real key. (The
// in-browser proof, with @wagmi/core too, is e2e/dapp-libraries.spec.ts.)
import { UserRejectedError } from '@chainless/protocol'
import { BrowserProvider, getBytes, verifyMessage, verifyTypedData, Wallet } from 'ethers'
import { createPublicClient, createWalletClient, custom, UserRejectedRequestError } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Answer, connectedWallet, type WalletHarness } from '../../test/fake-wallet.js'

const key = new Wallet(`0x${'11'.repeat(32)}`)
const address = key.address as `0x${string}`
const HASH = `0x${'ab'.repeat(32)}`
let rejectSigning = false

const walletAnswer: Answer = async (method, params) => {
  const p = params as unknown[]
  switch (method) {
    case 'eth_chainId':
      return '0xc1a1'
    case 'eth_accounts':
    case 'eth_requestAccounts':
      return [key.address]
    case 'eth_blockNumber':
      return '0x10'
    case 'eth_getBalance':
      return '0xde0b6b3a7640000'
    case 'personal_sign':
      if (rejectSigning) throw new UserRejectedError()
      return key.signMessage(getBytes(p[0] as string))
    case 'eth_signTypedData_v4': {
      const { domain, types, message } = JSON.parse(p[1] as string)
      delete types.EIP712Domain
      return key.signTypedData(domain, types, message)
    }
    case 'eth_sendTransaction':
      return HASH
    default:
      throw new Error(`unexpected ${method}`)
  }
}

let harness: WalletHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  rejectSigning = false
  vi.unstubAllGlobals()
})

const chainless = {
  id: 0xc1a1,
  name: 'Chainless Dev',
  nativeCurrency: { name: 'DW20', symbol: 'DW20', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:8787/api/v1/rpc/49569'] } },
} as const

describe('ethers 6 BrowserProvider', () => {
  it('reads the network and balance, gets the signer, signs a message and typed data that verify', async () => {
    harness = await connectedWallet(walletAnswer)
    const provider = new BrowserProvider(harness.wallet.getProvider())
    expect((await provider.getNetwork()).chainId).toBe(49569n)
    expect(await provider.getBalance(key.address)).toBe(10n ** 18n)
    const signer = await provider.getSigner()
    expect(signer.address).toBe(key.address)
    const signature = await signer.signMessage('hello chainless')
    expect(verifyMessage('hello chainless', signature)).toBe(key.address)
    const domain = { name: 'Demo', version: '1', chainId: 49569 }
    const types = { Mail: [{ name: 'contents', type: 'string' }] }
    const typed = await signer.signTypedData(domain, types, { contents: 'hi' })
    expect(verifyTypedData(domain, types, { contents: 'hi' }, typed)).toBe(key.address)
  })

  it('a rejection (4001) is ethers ACTION_REJECTED', async () => {
    harness = await connectedWallet(walletAnswer)
    rejectSigning = true
    const signer = await new BrowserProvider(harness.wallet.getProvider()).getSigner()
    await expect(signer.signMessage('no')).rejects.toMatchObject({ code: 'ACTION_REJECTED' })
  })
})

describe('viem custom transport', () => {
  it('wallet client: addresses, chain id, signMessage that verifies, sendTransaction; public client reads', async () => {
    harness = await connectedWallet(walletAnswer)
    const transport = custom(harness.wallet.getProvider())
    const client = createWalletClient({ chain: chainless, transport })
    const [account] = await client.requestAddresses()
    expect(account).toBe(key.address)
    expect(await client.getChainId()).toBe(49569)
    const signature = await client.signMessage({ account: account!, message: 'hello viem' })
    expect(verifyMessage('hello viem', signature)).toBe(key.address)
    const hash = await client.sendTransaction({ account: account!, to: address, value: 1n })
    expect(hash).toBe(HASH)
    const sent = harness.calls.find(
      (c) => (c.params as { method?: string } | undefined)?.method === 'eth_sendTransaction',
    )
    expect((sent!.params as { params: [Record<string, unknown>] }).params[0]).toMatchObject({
      from: key.address,
      to: key.address,
      value: '0x1',
    })
    const reader = createPublicClient({ chain: chainless, transport })
    expect(await reader.getBlockNumber()).toBe(16n)
    expect(await reader.getBalance({ address })).toBe(10n ** 18n)
  })

  it('a rejection (4001) is viem UserRejectedRequestError', async () => {
    harness = await connectedWallet(walletAnswer)
    rejectSigning = true
    const client = createWalletClient({ chain: chainless, transport: custom(harness.wallet.getProvider()) })
    const error = await client.signMessage({ account: address, message: 'no' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(
      (error as Error & { walk(fn: (e: unknown) => boolean): unknown }).walk(
        (e) => e instanceof UserRejectedRequestError,
      ),
    ).toBeInstanceOf(UserRejectedRequestError)
    expect((error as { code: number }).code).toBe(4001)
  })
})
