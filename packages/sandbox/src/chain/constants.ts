/**
 * Chain id of the Chainless dev chain: `0xC1A1` (49569), read "C-1-A-1", *Chainless dev*.
 * The local sandbox chain uses it unless told otherwise.
 * @see https://eips.ethereum.org/EIPS/eip-155
 */
export const CHAINLESS_DEV_CHAIN_ID = 0xc1a1

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

/** Native balance of every test account: 10,000 ETH, in wei. */
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
