import type { InterfaceAbi } from 'ethers'
import ChainlessForwarder from './artifacts/ChainlessForwarder.json' with { type: 'json' }
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

/**
 * The platform's ERC-2771 forwarder, `ChainlessForwarder` (OpenZeppelin 5.4.0 `ERC2771Forwarder`,
 * EIP-712 name `ChainlessForwarder`, version `1`), compiled from `contracts/ChainlessForwarder.sol`.
 *
 * @example
 * ```ts
 * const forwarder = new Contract(FORWARDER_ADDRESS, FORWARDER_ARTIFACT.abi, provider)
 * await forwarder.nonces(user) // the nonce the user's next ForwardRequest signs
 * ```
 */
export const FORWARDER_ARTIFACT: ContractArtifact = ChainlessForwarder as ContractArtifact
