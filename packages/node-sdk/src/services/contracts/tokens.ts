import {
  type BigNumberish,
  type BytesLike,
  Contract,
  type ContractRunner,
  type ContractTransactionResponse,
  type Provider,
  type Signer,
} from 'ethers'
import { PlatformInputError } from '../../errors.js'
import { CRC20_ABI, CRC721_ABI, CRC1155_ABI } from './abis.js'

/** A bound standard contract: its address, the ethers `Contract` for anything else, `connect(signer)`. */
interface Bound<Self> {
  /** The contract's address. */
  readonly address: string
  /** The underlying ethers contract (events, `estimateGas`, static calls, other methods). */
  readonly contract: Contract
  /**
   * The same contract with `signer` for writes (`transfer`, `approve`, …). A signer without a provider
   * is connected to the platform's provider, so its transactions go out through the platform.
   */
  connect(signer: Signer): Self
}

/** CRC20 (ERC-20) helpers. Reads need no signer; writes throw {@link PlatformInputError} without one. */
export interface Crc20 extends Bound<Crc20> {
  name(): Promise<string>
  symbol(): Promise<string>
  decimals(): Promise<number>
  totalSupply(): Promise<bigint>
  balanceOf(owner: string): Promise<bigint>
  allowance(owner: string, spender: string): Promise<bigint>
  transfer(to: string, amount: BigNumberish): Promise<ContractTransactionResponse>
  approve(spender: string, amount: BigNumberish): Promise<ContractTransactionResponse>
  transferFrom(from: string, to: string, amount: BigNumberish): Promise<ContractTransactionResponse>
}

/** CRC721 (ERC-721) helpers. */
export interface Crc721 extends Bound<Crc721> {
  name(): Promise<string>
  symbol(): Promise<string>
  tokenURI(tokenId: BigNumberish): Promise<string>
  balanceOf(owner: string): Promise<bigint>
  ownerOf(tokenId: BigNumberish): Promise<string>
  getApproved(tokenId: BigNumberish): Promise<string>
  isApprovedForAll(owner: string, operator: string): Promise<boolean>
  approve(to: string, tokenId: BigNumberish): Promise<ContractTransactionResponse>
  setApprovalForAll(operator: string, approved: boolean): Promise<ContractTransactionResponse>
  transferFrom(from: string, to: string, tokenId: BigNumberish): Promise<ContractTransactionResponse>
  safeTransferFrom(from: string, to: string, tokenId: BigNumberish): Promise<ContractTransactionResponse>
}

/** CRC1155 (ERC-1155) helpers. */
export interface Crc1155 extends Bound<Crc1155> {
  uri(id: BigNumberish): Promise<string>
  balanceOf(owner: string, id: BigNumberish): Promise<bigint>
  balanceOfBatch(owners: readonly string[], ids: readonly BigNumberish[]): Promise<bigint[]>
  isApprovedForAll(owner: string, operator: string): Promise<boolean>
  setApprovalForAll(operator: string, approved: boolean): Promise<ContractTransactionResponse>
  safeTransferFrom(
    from: string,
    to: string,
    id: BigNumberish,
    amount: BigNumberish,
    data?: BytesLike,
  ): Promise<ContractTransactionResponse>
  safeBatchTransferFrom(
    from: string,
    to: string,
    ids: readonly BigNumberish[],
    amounts: readonly BigNumberish[],
    data?: BytesLike,
  ): Promise<ContractTransactionResponse>
}

/** How a helper is bound: the platform's provider, and the caller's signer if any. */
export interface Binding {
  provider: Provider
  signer?: Signer | undefined
}

/** The runner of a binding: the signer (connected to the platform when it has no provider) or the provider. */
export function runnerOf(binding: Binding): ContractRunner {
  const { signer, provider } = binding
  if (!signer) return provider
  return signer.provider ? signer : signer.connect(provider)
}

type Call = (method: string, ...args: unknown[]) => Promise<unknown>

function caller(contract: Contract, hasSigner: boolean): { read: Call; write: Call } {
  const fn = (method: string) => contract.getFunction(method)
  return {
    read: (method, ...args) => fn(method).staticCall(...args),
    write: async (method, ...args) => {
      // The platform never holds user keys: writes are signed by the caller's signer.
      if (!hasSigner)
        throw new PlatformInputError(
          'signer',
          `${method} sends a transaction: pass a signer (connect(signer))`,
        )
      return fn(method).send(...args)
    },
  }
}

/**
 * CRC20 helpers on `address`.
 *
 * @example
 * ```ts
 * const balance = await crc20(address, { provider }).balanceOf(owner)
 * ```
 */
export function crc20(address: string, binding: Binding): Crc20 {
  const contract = new Contract(address, CRC20_ABI, runnerOf(binding))
  const { read, write } = caller(contract, binding.signer !== undefined)
  return {
    address,
    contract,
    connect: (signer) => crc20(address, { ...binding, signer }),
    name: () => read('name') as Promise<string>,
    symbol: () => read('symbol') as Promise<string>,
    decimals: async () => Number(await read('decimals')),
    totalSupply: () => read('totalSupply') as Promise<bigint>,
    balanceOf: (owner) => read('balanceOf', owner) as Promise<bigint>,
    allowance: (owner, spender) => read('allowance', owner, spender) as Promise<bigint>,
    transfer: (to, amount) => write('transfer', to, amount) as Promise<ContractTransactionResponse>,
    approve: (spender, amount) => write('approve', spender, amount) as Promise<ContractTransactionResponse>,
    transferFrom: (from, to, amount) =>
      write('transferFrom', from, to, amount) as Promise<ContractTransactionResponse>,
  }
}

/**
 * CRC721 helpers on `address`.
 *
 * @example
 * ```ts
 * const owner = await crc721(address, { provider }).ownerOf(1n)
 * ```
 */
export function crc721(address: string, binding: Binding): Crc721 {
  const contract = new Contract(address, CRC721_ABI, runnerOf(binding))
  const { read, write } = caller(contract, binding.signer !== undefined)
  type Tx = Promise<ContractTransactionResponse>
  return {
    address,
    contract,
    connect: (signer) => crc721(address, { ...binding, signer }),
    name: () => read('name') as Promise<string>,
    symbol: () => read('symbol') as Promise<string>,
    tokenURI: (tokenId) => read('tokenURI', tokenId) as Promise<string>,
    balanceOf: (owner) => read('balanceOf', owner) as Promise<bigint>,
    ownerOf: (tokenId) => read('ownerOf', tokenId) as Promise<string>,
    getApproved: (tokenId) => read('getApproved', tokenId) as Promise<string>,
    isApprovedForAll: (owner, operator) => read('isApprovedForAll', owner, operator) as Promise<boolean>,
    approve: (to, tokenId) => write('approve', to, tokenId) as Tx,
    setApprovalForAll: (operator, approved) => write('setApprovalForAll', operator, approved) as Tx,
    transferFrom: (from, to, tokenId) => write('transferFrom', from, to, tokenId) as Tx,
    safeTransferFrom: (from, to, tokenId) =>
      write('safeTransferFrom(address,address,uint256)', from, to, tokenId) as Tx,
  }
}

/**
 * CRC1155 helpers on `address`.
 *
 * @example
 * ```ts
 * const [a, b] = await crc1155(address, { provider }).balanceOfBatch([owner, owner], [1n, 2n])
 * ```
 */
export function crc1155(address: string, binding: Binding): Crc1155 {
  const contract = new Contract(address, CRC1155_ABI, runnerOf(binding))
  const { read, write } = caller(contract, binding.signer !== undefined)
  type Tx = Promise<ContractTransactionResponse>
  return {
    address,
    contract,
    connect: (signer) => crc1155(address, { ...binding, signer }),
    uri: (id) => read('uri', id) as Promise<string>,
    balanceOf: (owner, id) => read('balanceOf', owner, id) as Promise<bigint>,
    balanceOfBatch: async (owners, ids) => [
      ...((await read('balanceOfBatch', [...owners], [...ids])) as Iterable<bigint>),
    ],
    isApprovedForAll: (owner, operator) => read('isApprovedForAll', owner, operator) as Promise<boolean>,
    setApprovalForAll: (operator, approved) => write('setApprovalForAll', operator, approved) as Tx,
    safeTransferFrom: (from, to, id, amount, data = '0x') =>
      write('safeTransferFrom', from, to, id, amount, data) as Tx,
    safeBatchTransferFrom: (from, to, ids, amounts, data = '0x') =>
      write('safeBatchTransferFrom', from, to, [...ids], [...amounts], data) as Tx,
  }
}
