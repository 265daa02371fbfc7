/**
 * `@chainless/js-sdk/wallet`: the wallet of a mini-program. An EIP-1193 provider (announced by
 * EIP-6963) for ethers, viem and wagmi, the separate sign / broadcast / wait interfaces, and `pay`.
 * No chain library inside; nothing runs at import.
 */
export type { RpcTransactionReceipt, TxStatus, TxStatusValue, WalletCapabilities } from '@chainless/protocol'
export {
  BridgeError,
  ChainDisconnectedError,
  DisconnectedError,
  InternalError,
  InvalidParamsError,
  LimitExceededError,
  PlatformUnavailableError,
  PolicyRefusedError,
  TimeoutError,
  UnauthorizedError,
  UnknownChainError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
export {
  announceProvider,
  CHAINLESS_RDNS,
  type Eip6963ProviderDetail,
  type Eip6963ProviderInfo,
} from './eip6963.js'
export { type PayOptions, type PayRequest, type PayResult, pay } from './pay.js'
export {
  type Eip1193Provider,
  getProvider,
  installProvider,
  type ProviderConnectInfo,
  type ProviderEventName,
  type ProviderEvents,
  type ProviderMessage,
  type ProviderRpcError,
  type RequestArguments,
} from './provider.js'
export {
  broadcast,
  onTxStatus,
  type RpcTransactionRequest,
  signTransaction,
  type TransactionResult,
  type WaitOptions,
  waitForTransaction,
} from './transactions.js'
export { TransactionDroppedError } from './tx-dropped-error.js'
