// viem 2 from inside a mini-program: a wallet client on the `custom` transport over the wallet's
// EIP-1193 provider, and a public client on the same provider (reads go to the platform's RPC proxy).
import { ready } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'
import { createPublicClient, createWalletClient, custom, type Hex, verifyMessage } from 'viem'
import { expose } from './expose.js'

const transport = custom(getProvider())
const walletClient = createWalletClient({ transport })
const publicClient = createPublicClient({ transport })
let account: Hex | undefined

expose({
  connect: async () => {
    ;[account] = await walletClient.requestAddresses()
    return account
  },
  signMessage: async (message: string) => {
    const signature = await walletClient.signMessage({ account: account!, message })
    const valid = await verifyMessage({ address: account!, message, signature })
    return { signature, valid }
  },
  sendTransaction: async (to: Hex, wei: string) => {
    // chain: null — the wallet knows its chain; viem need not assert it against a chain object.
    const hash = await walletClient.sendTransaction({
      account: account!,
      chain: null,
      to,
      value: BigInt(wei),
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 250 })
    return { hash, status: receipt.status, from: receipt.from }
  },
  chainId: async () => String(await publicClient.getChainId()),
})
void ready()
