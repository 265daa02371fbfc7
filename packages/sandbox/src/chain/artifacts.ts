import type { InterfaceAbi } from 'ethers'
import CRC20 from './artifacts/CRC20.json' with { type: 'json' }
import CRC721 from './artifacts/CRC721.json' with { type: 'json' }
import CRC1155 from './artifacts/CRC1155.json' with { type: 'json' }

/** A compiled contract as committed in `src/chain/artifacts/` by `npm run compile:contracts`. */
export interface ContractArtifact {
  contractName: string
  sourceName: string
  compiler: {
    solc: string
    evmVersion: string
    optimizer: { enabled: boolean; runs: number }
    openzeppelin: string
  }
  abi: InterfaceAbi
  /** Creation bytecode, `0x`-prefixed. */
  bytecode: string
}

/** Names of the standard contracts. */
export type StandardContractName = 'CRC20' | 'CRC721' | 'CRC1155'

/**
 * The standard contracts, compiled from `packages/sandbox/contracts/*.sol` (see
 * `scripts/compile-contracts.js`): CRC20 (ERC-20), CRC721 (ERC-721), CRC1155 (ERC-1155).
 *
 * @example
 * ```ts
 * import { Contract } from 'ethers'
 * const token = new Contract(chain.contracts.CRC20.address, STANDARD_ARTIFACTS.CRC20.abi, provider)
 * ```
 */
export const STANDARD_ARTIFACTS: Readonly<Record<StandardContractName, ContractArtifact>> = {
  CRC20: CRC20 as ContractArtifact,
  CRC721: CRC721 as ContractArtifact,
  CRC1155: CRC1155 as ContractArtifact,
}
