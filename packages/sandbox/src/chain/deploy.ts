import { ContractFactory, getCreateAddress, Interface, Wallet } from 'ethers'
import type { TestAccount } from './accounts.js'
import {
  type ContractArtifact,
  FORWARDER_ARTIFACT,
  STANDARD_ARTIFACTS,
  type StandardContractName,
} from './artifacts.js'
import {
  CRC1155_TEST_IDS,
  FORWARDER_ADDRESS,
  FORWARDER_DEPLOY_NONCE,
  STANDARD_CONTRACT_ADDRESSES,
  STANDARD_CONTRACT_PARAMS,
  TEST_TOKEN_BALANCES,
} from './constants.js'
import { ChainError } from './errors.js'

/** Minimal EIP-1193 `request` (the in-process node's provider). */
export interface RequestProvider {
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>
}

const GWEI = 10n ** 9n
// Fixed fees and limits: no estimation round trips, and the same transactions on every start.
const FEES = { maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 1n * GWEI } as const
const DEPLOY_GAS = 5_000_000n
const CALL_GAS = 300_000n

/** What {@link deployStandardContracts} deployed. */
export interface DeployedAddresses {
  standard: Record<StandardContractName, string>
  forwarder: string
}

/**
 * Deploys CRC20, CRC721 and CRC1155 from `accounts[0]` at nonces 0, 1 and 2 and the ERC-2771 forwarder
 * at nonce 3 (the three trust it: its address is predicted and passed to their constructors), then
 * gives every account tokens (see `TEST_TOKEN_BALANCES`). Transactions are signed here and sent raw, so the node needs no
 * unlocked accounts. All of it goes into one block (block 1).
 * Throws `ChainError('DEPLOY_FAILED')` when a transaction reverts or an address is not the expected one.
 */
export async function deployStandardContracts(
  provider: RequestProvider,
  chainId: number,
  accounts: readonly TestAccount[],
  options: { blockTime: number } = { blockTime: 0 },
): Promise<DeployedAddresses> {
  const deployer = accounts[0]
  if (!deployer) throw new ChainError('INVALID_OPTIONS', 'At least one account is needed to deploy')
  const wallet = new Wallet(deployer.privateKey)
  const from = wallet.address
  const nonce0 = Number(
    await provider.request({ method: 'eth_getTransactionCount', params: [from, 'latest'] }),
  )
  if (nonce0 !== 0) {
    throw new ChainError('DEPLOY_FAILED', `Deployer ${from} has nonce ${nonce0}, expected 0`, {
      from,
      nonce0,
    })
  }

  // One block for the whole set-up instead of one per transaction: pause the miner, queue everything,
  // mine once, resume.
  await provider.request({ method: 'miner_stop', params: [] })

  // The standard contracts take the forwarder's address before it exists: CREATE addresses follow from
  // the deployer and the nonce alone (Yellow Paper eq. 85), and ERC2771Context keeps it immutable.
  const forwarder = getCreateAddress({ from, nonce: FORWARDER_DEPLOY_NONCE })
  const { CRC20, CRC721, CRC1155 } = STANDARD_CONTRACT_PARAMS
  const deployData: Record<StandardContractName, string> = {
    CRC20: await deployTx(STANDARD_ARTIFACTS.CRC20, [CRC20.name, CRC20.symbol, from, forwarder]),
    CRC721: await deployTx(STANDARD_ARTIFACTS.CRC721, [
      CRC721.name,
      CRC721.symbol,
      CRC721.baseURI,
      from,
      forwarder,
    ]),
    CRC1155: await deployTx(STANDARD_ARTIFACTS.CRC1155, [CRC1155.uri, from, forwarder]),
  }
  const names: StandardContractName[] = ['CRC20', 'CRC721', 'CRC1155']
  const addresses = {} as Record<StandardContractName, string>
  const hashes: string[] = []
  let nonce = 0
  for (const name of names) {
    addresses[name] = getCreateAddress({ from, nonce })
    hashes.push(await send({ to: null, data: deployData[name], gasLimit: DEPLOY_GAS, nonce: nonce++ }))
  }
  // The forwarder goes exactly where the standard contracts were told it would be.
  if (getCreateAddress({ from, nonce }) !== forwarder)
    throw new ChainError('DEPLOY_FAILED', 'The forwarder would not deploy at its predicted address', {
      nonce,
    })
  hashes.push(
    await send({
      to: null,
      data: await deployTx(FORWARDER_ARTIFACT, []),
      gasLimit: DEPLOY_GAS,
      nonce: nonce++,
    }),
  )
  if (forwarder !== FORWARDER_ADDRESS) {
    throw new ChainError(
      'DEPLOY_FAILED',
      `The forwarder would deploy at ${forwarder}, not the expected address`,
      {
        name: 'ChainlessForwarder',
        address: forwarder,
        expected: FORWARDER_ADDRESS,
      },
    )
  }
  for (const name of names) {
    if (addresses[name] !== STANDARD_CONTRACT_ADDRESSES[name]) {
      throw new ChainError(
        'DEPLOY_FAILED',
        `${name} would deploy at ${addresses[name]}, not the expected address`,
        {
          name,
          address: addresses[name],
          expected: STANDARD_CONTRACT_ADDRESSES[name],
        },
      )
    }
  }

  const erc20 = new Interface(STANDARD_ARTIFACTS.CRC20.abi)
  const erc721 = new Interface(STANDARD_ARTIFACTS.CRC721.abi)
  const erc1155 = new Interface(STANDARD_ARTIFACTS.CRC1155.abi)
  const ids = [...CRC1155_TEST_IDS]
  const amounts = ids.map(() => TEST_TOKEN_BALANCES.CRC1155)
  for (const account of accounts) {
    const calls: [string, string][] = [
      [addresses.CRC20, erc20.encodeFunctionData('mint', [account.address, TEST_TOKEN_BALANCES.CRC20])],
      [addresses.CRC721, erc721.encodeFunctionData('mint', [account.address])],
      [addresses.CRC1155, erc1155.encodeFunctionData('mintBatch', [account.address, ids, amounts, '0x'])],
    ]
    for (const [to, data] of calls) hashes.push(await send({ to, data, gasLimit: CALL_GAS, nonce: nonce++ }))
  }

  // Automine: resuming mines everything pending as one block. Interval mining: mine it now, then resume
  // the timer (a bare resume would leave the set-up pending until the next tick).
  if (options.blockTime > 0) await provider.request({ method: 'evm_mine', params: [] })
  await provider.request({ method: 'miner_start', params: [] })
  for (const hash of hashes) {
    const receipt = (await provider.request({ method: 'eth_getTransactionReceipt', params: [hash] })) as {
      status?: string
    } | null
    if (receipt?.status !== '0x1') {
      throw new ChainError('DEPLOY_FAILED', `Setup transaction ${hash} failed`, { hash, receipt })
    }
  }
  return { standard: addresses, forwarder }

  async function deployTx(artifact: ContractArtifact, args: unknown[]): Promise<string> {
    const { abi, bytecode } = artifact
    const tx = await new ContractFactory(abi, bytecode).getDeployTransaction(...args)
    return tx.data
  }

  async function send(tx: {
    to: string | null
    data: string
    gasLimit: bigint
    nonce: number
  }): Promise<string> {
    const raw = await wallet.signTransaction({ ...tx, ...FEES, type: 2, chainId, value: 0n })
    return (await provider.request({ method: 'eth_sendRawTransaction', params: [raw] })) as string
  }
}
