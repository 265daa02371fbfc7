// @wagmi/core 3 from inside a mini-program: the wallet found by EIP-6963 discovery beside an
// injected() connector, then connect, account, signMessage and sendTransaction.
import { ready } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'
import {
  connect,
  createConfig,
  createStorage,
  getAccount,
  getConnectors,
  injected,
  noopStorage,
  sendTransaction,
  signMessage,
  waitForTransactionReceipt,
} from '@wagmi/core'
import { custom, defineChain, type EIP1193Provider, type Hex } from 'viem'
import { expose } from './expose.js'

const provider = getProvider() as unknown as EIP1193Provider
// The Chainless dev chain as wagmi describes chains. A mini-program has no RPC endpoint of its own:
// reads go through the wallet's provider (the platform's RPC proxy).
const chainless = defineChain({
  id: 0xc1a1,
  name: 'Chainless Dev',
  nativeCurrency: { name: 'DW20', symbol: 'DW20', decimals: 18 },
  rpcUrls: { default: { http: [] } },
})

const config = createConfig({
  chains: [chainless],
  connectors: [injected({ target: () => ({ id: 'chainless-injected', name: 'Chainless', provider }) })],
  // EIP-6963: wagmi asks (eip6963:requestProvider) and the js-sdk announces io.chainless.wallet.
  multiInjectedProviderDiscovery: true,
  transports: { [chainless.id]: custom(provider) },
  // A mini-program's frame is sandboxed without same-origin: reading localStorage throws there.
  storage: createStorage({ storage: noopStorage }),
})

const discovered = () => getConnectors(config).find((c) => c.id === 'io.chainless.wallet')

expose({
  connectors: async () => {
    for (let i = 0; i < 40 && !discovered(); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    return getConnectors(config).map((c) => ({ id: c.id, name: c.name, type: c.type }))
  },
  connect: async () => {
    const connector = discovered()
    if (!connector) throw new Error('EIP-6963 did not discover the Chainless wallet')
    const result = await connect(config, { connector })
    const account = getAccount(config)
    return {
      accounts: result.accounts,
      address: account.address,
      status: account.status,
      chainId: account.chainId,
    }
  },
  signMessage: async (message: string) => signMessage(config, { message }),
  sendTransaction: async (to: Hex, wei: string) => {
    const hash = await sendTransaction(config, { to, value: BigInt(wei) })
    const receipt = await waitForTransactionReceipt(config, { hash, pollingInterval: 250 })
    return { hash, status: receipt.status, from: receipt.from }
  },
})
void ready()
