// A mini-program for e2e/workbench-simulate.spec.ts: ethers 6 over the js-sdk's EIP-1193 provider, as
// a dapp uses it. Steps on `window.lib` (see libs/expose.ts): connect, a raw eth_sendTransaction that
// reports the error's class, a balance, a contract read.
import { ready, UserRejectedError } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'
import { BrowserProvider, Contract } from 'ethers'
import { expose } from './libs/expose.js'

const eip1193 = getProvider()
const provider = new BrowserProvider(eip1193)

expose({
  connect: async () => (await provider.getSigner()).address,
  /** The provider's own error, as the app meets it: its class, name and code. */
  sendRaw: async (tx: Record<string, string>) => {
    try {
      return { sent: await eip1193.request({ method: 'eth_sendTransaction', params: [tx] as never }) }
    } catch (error) {
      const e = error as { name?: string; code?: number; message?: string }
      return {
        userRejected: error instanceof UserRejectedError,
        name: e.name,
        code: e.code,
        message: e.message,
      }
    }
  },
  accounts: () => eip1193.request({ method: 'eth_accounts' }),
  balance: async (address: string) => (await provider.getBalance(address)).toString(),
  read: async (address: string, signature: string, name: string) => {
    const contract = new Contract(address, [signature], provider)
    return String(await contract.getFunction(name)())
  },
})
void ready()
