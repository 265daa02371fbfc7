import type { InterfaceAbi } from 'ethers'
import ganache from 'ganache'
import { deriveRelayer, deriveTestAccounts, type TestAccount } from './accounts.js'
import { FORWARDER_ARTIFACT, STANDARD_ARTIFACTS, type StandardContractName } from './artifacts.js'
import {
  CHAINLESS_DEV_CHAIN_ID,
  DEFAULT_ACCOUNT_COUNT,
  DEFAULT_CHAIN_PORT,
  FORWARDER_NAME,
  FORWARDER_VERSION,
  RELAYER_BALANCE,
  TEST_ACCOUNT_BALANCE,
} from './constants.js'
import { deployStandardContracts, type RequestProvider } from './deploy.js'
import { ChainError } from './errors.js'
import { type RpcServer, startRpcServer } from './rpc-server.js'

/** Options of {@link startChain}. */
export interface StartChainOptions {
  /** TCP port of the JSON-RPC endpoint; `0` picks a free one. Default {@link DEFAULT_CHAIN_PORT} (8545). */
  port?: number
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string
  /** EIP-155 chain id (also the network id). Default {@link CHAINLESS_DEV_CHAIN_ID} (`0xC1A1`). */
  chainId?: number
  /** Number of funded test accounts, 1 to 100. Default 10. */
  accounts?: number
  /** Seconds between blocks; `0` (default) mines every transaction at once (automine). */
  blockTime?: number
}

/** A deployed standard contract: address and ABI. */
export interface DeployedContract {
  readonly address: string
  readonly abi: InterfaceAbi
}

/**
 * The platform's ERC-2771 forwarder as a wallet needs it to sign a `ForwardRequest` (EIP-712 domain
 * `{ name, version, chainId, verifyingContract: address }`).
 */
export interface ForwarderInfo {
  /** Checksummed address ({@link FORWARDER_ADDRESS} on a sandbox chain). */
  readonly address: string
  /** EIP-712 domain name, `ChainlessForwarder`. */
  readonly name: string
  /** EIP-712 domain version, `1`. */
  readonly version: string
}

/** A running local chain. */
export interface Chain {
  /** JSON-RPC over HTTP, e.g. `http://127.0.0.1:8545`. */
  readonly rpcUrl: string
  readonly chainId: number
  /** Funded test accounts (10,000 DW20 each, plus tokens); index 0 deployed the contracts. */
  readonly accounts: readonly TestAccount[]
  /** The standard contracts, deployed at their deterministic addresses; they trust {@link forwarder}. */
  readonly contracts: Readonly<Record<StandardContractName, DeployedContract>>
  /** The ERC-2771 forwarder (`ChainlessForwarder`), deployed by account 0 at nonce 3. */
  readonly forwarder: ForwarderInfo & { readonly abi: InterfaceAbi }
  /**
   * The platform relayer (not a test account; funded at genesis with `RELAYER_BALANCE`): it submits
   * sponsored apps' forward requests and pays their fees.
   */
  readonly relayer: TestAccount
  /** Stops the node and frees the port. Safe to call twice. */
  close(): Promise<void>
}

const MAX_ACCOUNTS = 100

/**
 * Starts an in-process EVM node (Ganache) with JSON-RPC over HTTP, funded deterministic test accounts
 * (DW20, the dev chain's native currency), the platform relayer, and the standard CRC20 / CRC721 /
 * CRC1155 contracts deployed at {@link STANDARD_CONTRACT_ADDRESSES}, trusting the ERC-2771 forwarder at
 * {@link FORWARDER_ADDRESS}.
 * Runs the Shanghai rule set and mines each transaction immediately unless `blockTime` is set.
 *
 * @throws {ChainError} `EADDRINUSE` when the port is taken, `INVALID_OPTIONS` for bad options,
 * `DEPLOY_FAILED` / `START_FAILED` otherwise.
 *
 * @example
 * ```ts
 * const chain = await startChain({ port: 0 })
 * const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true })
 * const token = new Contract(chain.contracts.CRC20.address, chain.contracts.CRC20.abi, provider)
 * await token.balanceOf(chain.accounts[1].address) // 1_000_000n * 10n ** 18n
 * await chain.close()
 * ```
 */
export async function startChain(options: StartChainOptions = {}): Promise<Chain> {
  const port = options.port ?? DEFAULT_CHAIN_PORT
  const host = options.host ?? '127.0.0.1'
  const chainId = options.chainId ?? CHAINLESS_DEV_CHAIN_ID
  const count = options.accounts ?? DEFAULT_ACCOUNT_COUNT
  const blockTime = options.blockTime ?? 0
  check(Number.isInteger(port) && port >= 0 && port <= 65535, 'port', port, 'an integer from 0 to 65535')
  check(typeof host === 'string' && host.length > 0, 'host', host, 'a non-empty string')
  // Chain ids above 2^53 - 1 cannot round-trip through JSON numbers (EIP-2294 bounds them lower still).
  check(Number.isSafeInteger(chainId) && chainId > 0, 'chainId', chainId, 'a positive safe integer')
  check(
    Number.isInteger(count) && count >= 1 && count <= MAX_ACCOUNTS,
    'accounts',
    count,
    `1 to ${MAX_ACCOUNTS}`,
  )
  check(Number.isFinite(blockTime) && blockTime >= 0, 'blockTime', blockTime, 'a number of seconds >= 0')

  const accounts = Object.freeze(deriveTestAccounts(count))
  const relayer = deriveRelayer()

  // Listen first, so a taken port fails fast and before the node exists; HTTP requests wait until the
  // contracts are deployed.
  let provider: RequestProvider | undefined
  let markReady = () => {}
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  const gated: RequestProvider = {
    async request(args) {
      await ready
      if (!provider) throw new ChainError('START_FAILED', 'The local chain is not running')
      return provider.request(args)
    },
  }
  const rpc: RpcServer = await startRpcServer(gated, { port, host })

  const balance = `0x${TEST_ACCOUNT_BALANCE.toString(16)}`
  let node: ReturnType<typeof ganache.provider>
  try {
    node = ganache.provider({
      chain: { chainId, networkId: chainId, hardfork: 'shanghai' },
      // The relayer is funded at genesis like the test accounts, without a transfer that would move
      // account 0's nonces (the contract addresses depend on them).
      wallet: {
        accounts: [
          ...accounts.map((a) => ({ secretKey: a.privateKey, balance })),
          { secretKey: relayer.privateKey, balance: `0x${RELAYER_BALANCE.toString(16)}` },
        ],
        // Locked: the node signs nothing (eth_sendTransaction, eth_sign fail). Keys sign where they
        // live: the set-up signs with the test keys, the wallet with its own, the relayer in process.
        lock: true,
      },
      miner: { blockTime, instamine: 'eager' },
      logging: { quiet: true },
    })
  } catch (cause) {
    markReady()
    await rpc.close()
    throw new ChainError('START_FAILED', 'The EVM node could not start', { chainId }, { cause })
  }
  provider = node as unknown as RequestProvider
  const setUp = deployStandardContracts(provider, chainId, accounts, { blockTime })
  // Gated callers go on once set-up settles; if it failed, the node is closed and they get its error.
  setUp.then(markReady, markReady)
  const disconnect = () => node.disconnect().catch(() => {})

  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= rpc.close().then(disconnect)
    return closed
  }

  try {
    const { standard: addresses, forwarder } = await setUp
    const contract = (name: StandardContractName): DeployedContract =>
      Object.freeze({ address: addresses[name], abi: STANDARD_ARTIFACTS[name].abi })
    const urlHost = host.includes(':') ? `[${host}]` : host
    return Object.freeze({
      rpcUrl: `http://${urlHost}:${rpc.port}`,
      chainId,
      accounts,
      contracts: Object.freeze({
        CRC20: contract('CRC20'),
        CRC721: contract('CRC721'),
        CRC1155: contract('CRC1155'),
      }),
      forwarder: Object.freeze({
        address: forwarder,
        name: FORWARDER_NAME,
        version: FORWARDER_VERSION,
        abi: FORWARDER_ARTIFACT.abi,
      }),
      relayer,
      close,
    })
  } catch (cause) {
    await close()
    if (cause instanceof ChainError) throw cause
    throw new ChainError('DEPLOY_FAILED', 'Deploying the standard contracts failed', {}, { cause })
  }
}

function check(ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new ChainError('INVALID_OPTIONS', `Invalid chain option "${option}": expected ${expected}`, {
      option,
      value,
    })
  }
}
