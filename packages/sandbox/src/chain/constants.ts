import { CHAINLESS_DEV_CHAIN } from '@chainless/protocol'

/**
 * Chain id of the Chainless dev chain: `0xC1A1` (49569), read "C-1-A-1", *Chainless dev*
 * (`CHAINLESS_DEV_CHAIN.chainId` of `@chainless/protocol`). The local sandbox chain uses it unless told
 * otherwise. Its native (fee) currency is DW20 (`CHAINLESS_DEV_CHAIN.nativeCurrency`, 18 decimals): the
 * name is the platform's, the node itself does not name its currency.
 * @see https://eips.ethereum.org/EIPS/eip-155
 */
export const CHAINLESS_DEV_CHAIN_ID: number = CHAINLESS_DEV_CHAIN.chainId

/** Default JSON-RPC port of `npm start` (the usual local-node port). Tests pass `port: 0`. */
export const DEFAULT_CHAIN_PORT = 8545

/**
 * Mnemonic of the deterministic test accounts: the well-known Hardhat / Anvil development phrase, so
 * the addresses match what developers already know from those tools. Public: never use it on a real
 * network. Accounts derive at `m/44'/60'/0'/0/{index}` (BIP-44, as wallets do).
 */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk'

/** BIP-44 path prefix of the test accounts; the index is appended. */
export const TEST_ACCOUNT_PATH = "m/44'/60'/0'/0"

/** Number of funded test accounts when `accounts` is not given. */
export const DEFAULT_ACCOUNT_COUNT = 10

/** Native balance of every test account: 10,000 DW20, in base units (18 decimals). */
export const TEST_ACCOUNT_BALANCE = 10_000n * 10n ** 18n

/**
 * Addresses of the standard contracts on a fresh sandbox chain. Account 0 deploys them at nonces 0, 1
 * and 2, so they follow from the deployer and the nonce alone (`CREATE` address, Yellow Paper eq. 85),
 * whatever the chain id.
 */
export const STANDARD_CONTRACT_ADDRESSES = {
  CRC20: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  CRC721: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  CRC1155: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
} as const

/** Nonce of account 0 that deploys the forwarder, right after the three standard contracts. */
export const FORWARDER_DEPLOY_NONCE = 3

/**
 * Address of the platform's ERC-2771 forwarder (`ChainlessForwarder`: OpenZeppelin 5.4.0
 * `ERC2771Forwarder`) on a fresh sandbox chain: account 0's `CREATE` address at nonce 3
 * (`getCreateAddress({ from: accounts[0], nonce: FORWARDER_DEPLOY_NONCE })`). The standard contracts
 * are deployed first and trust this address (constructor argument).
 * @see https://eips.ethereum.org/EIPS/eip-2771
 */
export const FORWARDER_ADDRESS = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9'

/** EIP-712 domain name of the forwarder (what a wallet signs a `ForwardRequest` against). */
export const FORWARDER_NAME = 'ChainlessForwarder'

/** EIP-712 domain version of the forwarder (OpenZeppelin's `ERC2771Forwarder` fixes it to `1`). */
export const FORWARDER_VERSION = '1'

/**
 * BIP-44 path of the platform relayer, derived from {@link TEST_MNEMONIC} on another account branch
 * (`1'`) than the test accounts (`0'`), so it is never one of them. Public like the mnemonic: a
 * sandbox-only key. The relayer pays the fees of sponsored apps' relayed transactions.
 */
export const RELAYER_PATH = "m/44'/60'/1'/0/0"

/** Address of the platform relayer ({@link RELAYER_PATH} of {@link TEST_MNEMONIC}). */
export const RELAYER_ADDRESS = '0x8C8d35429F74ec245F8Ef2f4Fd1e551cFF97d650'

/** Native balance of the relayer at genesis: 1,000,000 DW20, in base units. */
export const RELAYER_BALANCE = 1_000_000n * 10n ** 18n

/** Name, symbol and metadata of the standard contracts as deployed on the sandbox chain. */
export const STANDARD_CONTRACT_PARAMS = {
  CRC20: { name: 'Chainless Test Coin', symbol: 'CTC' },
  CRC721: {
    name: 'Chainless Test Collectible',
    symbol: 'CTN',
    baseURI: 'https://nft.chainless.localhost/crc721/',
  },
  CRC1155: { uri: 'https://nft.chainless.localhost/crc1155/{id}.json' },
} as const

/**
 * What every test account holds after start:
 * - CRC20: {@link TEST_TOKEN_BALANCES}.CRC20 base units (1,000,000 tokens, 18 decimals);
 * - CRC721: token id `index + 1` (account 0 owns #1, account 1 owns #2, ...);
 * - CRC1155: {@link TEST_TOKEN_BALANCES}.CRC1155 of each id in {@link CRC1155_TEST_IDS}.
 */
export const TEST_TOKEN_BALANCES = {
  CRC20: 1_000_000n * 10n ** 18n,
  CRC1155: 100n,
} as const

/** CRC1155 token ids every test account holds. */
export const CRC1155_TEST_IDS = [1n, 2n, 3n] as const
