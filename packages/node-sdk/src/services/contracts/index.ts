import { Contract, type InterfaceAbi, type Signer } from 'ethers'
import type { FetchLike } from '../../auth/client.js'
import type { PlatformClient } from '../../platform/client.js'
import type { TxService } from '../tx.js'
import { PlatformRpcProvider } from './provider.js'
import { type Crc20, type Crc721, type Crc1155, crc20, crc721, crc1155, runnerOf } from './tokens.js'

/** Options of a contract helper: a signer for writes, another chain than the client's. */
export interface ContractOptions {
  /** Signs writes (the platform never holds user keys); without a provider it is connected to the platform's. */
  signer?: Signer | undefined
  /** Chain id; default the client's `chainId`. */
  chainId?: number | undefined
}

/** `client.contracts`: ethers v6 contracts on the platform's read-only RPC proxy. */
export interface ContractsService {
  /** The provider on the proxy of `chainId` (default the client's), one per chain, cached. */
  provider(chainId?: number): PlatformRpcProvider
  /** CRC20 (ERC-20) helpers: `crc20(address).balanceOf(owner)`. */
  crc20(address: string, options?: ContractOptions): Crc20
  /** CRC721 (ERC-721) helpers. */
  crc721(address: string, options?: ContractOptions): Crc721
  /** CRC1155 (ERC-1155) helpers. */
  crc1155(address: string, options?: ContractOptions): Crc1155
  /** Any contract, as an ethers `Contract` on the platform's provider (or `options.signer`). */
  contract(address: string, abi: InterfaceAbi, options?: ContractOptions): Contract
  /** Stops every provider this service made (ethers timers, pending subscriptions). */
  destroy(): void
}

/**
 * Builds `client.contracts` on `client`.
 *
 * @example
 * ```ts
 * const contracts = contractsService(client, txService(client), { chainId: 49569 })
 * const balance = await contracts.crc20('0x5FbD…0aa3').balanceOf('0xf39F…2266')
 * ```
 */
export function contractsService(
  client: PlatformClient,
  tx: TxService,
  options: { chainId: number; fetch?: FetchLike | undefined },
): ContractsService {
  const providers = new Map<number, PlatformRpcProvider>()
  const provider = (chainId = options.chainId) => {
    let p = providers.get(chainId)
    if (!p) {
      p = new PlatformRpcProvider({ client, tx, chainId, fetch: options.fetch })
      providers.set(chainId, p)
    }
    return p
  }
  const binding = (o: ContractOptions | undefined) => ({ provider: provider(o?.chainId), signer: o?.signer })
  return {
    provider,
    crc20: (address, o) => crc20(address, binding(o)),
    crc721: (address, o) => crc721(address, binding(o)),
    crc1155: (address, o) => crc1155(address, binding(o)),
    contract: (address, abi, o) => new Contract(address, abi, runnerOf(binding(o))),
    destroy: () => {
      for (const p of providers.values()) p.destroy()
      providers.clear()
    },
  }
}
