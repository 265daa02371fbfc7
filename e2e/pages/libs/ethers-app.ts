// ethers 6 from inside a mini-program: BrowserProvider over the wallet's EIP-1193 provider, unchanged.
import { ready } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'
import { BrowserProvider, type JsonRpcSigner, verifyMessage } from 'ethers'
import { expose } from './expose.js'

const provider = new BrowserProvider(getProvider())
let signer: JsonRpcSigner | undefined

expose({
  connect: async () => {
    signer = await provider.getSigner()
    return signer.address
  },
  signMessage: async (message: string) => {
    const signature = await signer!.signMessage(message)
    return { signature, recovered: verifyMessage(message, signature) }
  },
  sendTransaction: async (to: string, wei: string) => {
    const tx = await signer!.sendTransaction({ to, value: BigInt(wei) })
    const receipt = await tx.wait()
    return { hash: tx.hash, status: receipt?.status, from: tx.from }
  },
  chainId: async () => (await provider.getNetwork()).chainId.toString(),
})
void ready()
