export { deriveRelayer, deriveTestAccounts, type TestAccount } from './accounts.js'
export {
  type ContractArtifact,
  FORWARDER_ARTIFACT,
  STANDARD_ARTIFACTS,
  type StandardContractName,
} from './artifacts.js'
export {
  CHAINLESS_DEV_CHAIN_ID,
  CRC1155_TEST_IDS,
  DEFAULT_ACCOUNT_COUNT,
  DEFAULT_CHAIN_PORT,
  FORWARDER_ADDRESS,
  FORWARDER_DEPLOY_NONCE,
  FORWARDER_NAME,
  FORWARDER_VERSION,
  RELAYER_ADDRESS,
  RELAYER_BALANCE,
  RELAYER_PATH,
  STANDARD_CONTRACT_ADDRESSES,
  STANDARD_CONTRACT_PARAMS,
  TEST_ACCOUNT_BALANCE,
  TEST_ACCOUNT_PATH,
  TEST_MNEMONIC,
  TEST_TOKEN_BALANCES,
} from './constants.js'
export { ChainError, type ChainErrorCode } from './errors.js'
export { standardManifestContracts } from './manifest-contracts.js'
export {
  COMPILE_TIMEOUT_MS,
  type CompiledContract,
  CompileError,
  compileSolidity,
  findImport,
  MAX_SOURCE_BYTES,
} from './solc.js'
export {
  type Chain,
  type DeployedContract,
  type ForwarderInfo,
  type StartChainOptions,
  startChain,
} from './start-chain.js'
