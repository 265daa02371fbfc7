import type { ManifestContract } from '@chainless/protocol'
import { Interface } from 'ethers'
import { STANDARD_ARTIFACTS, type StandardContractName } from './artifacts.js'
import { CHAINLESS_DEV_CHAIN_ID, STANDARD_CONTRACT_ADDRESSES } from './constants.js'

const NAMES: readonly StandardContractName[] = ['CRC20', 'CRC721', 'CRC1155']

/**
 * The standard contracts as manifest `contracts` entries: address, name and the ABI as human-readable
 * fragments (ethers `Interface.format()` of the compiled ABI: compact in a signed manifest, and what
 * ethers `Interface` reads back to decode calls for the transaction sheet).
 *
 * @example
 * ```ts
 * createApp(store, { name: 'Shop', origin, scopes: ['user:basic'], contracts: standardManifestContracts() })
 * ```
 */
export function standardManifestContracts(chainId: number = CHAINLESS_DEV_CHAIN_ID): ManifestContract[] {
  return NAMES.map((name) => ({
    chainId,
    address: STANDARD_CONTRACT_ADDRESSES[name],
    name,
    abi: new Interface(STANDARD_ARTIFACTS[name].abi).format(),
  }))
}
