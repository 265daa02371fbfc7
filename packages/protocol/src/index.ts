export { CHAINLESS_DEV_CHAIN, CHAINLESS_DEV_CHAIN_ID, type ChainInfo, toHexChainId } from './chains.js'
export type { AppContext, SafeAreaInsets, Theme } from './context.js'
export {
  BridgeError,
  ChainDisconnectedError,
  ChainlessError,
  type ChainlessErrorOptions,
  DisconnectedError,
  ErrorCode,
  type ErrorPayload,
  errorFromPayload,
  InternalError,
  InvalidParamsError,
  jsonSafe,
  LimitExceededError,
  MAX_ERROR_DATA_BYTES,
  PlatformUnavailableError,
  PolicyRefusedError,
  RateLimitedError,
  TimeoutError,
  toErrorPayload,
  UnauthorizedError,
  UnknownChainError,
  UnsupportedMethodError,
  UserRejectedError,
} from './errors.js'
export {
  type HostEventName,
  type HostEvents,
  TX_STATUS_VALUES,
  type TxStatus,
  type TxStatusValue,
} from './events.js'
export {
  APP_ID_PATTERN,
  BROWSER_PERMISSIONS,
  type BrowserPermission,
  type Manifest,
  type ManifestContract,
} from './manifest.js'
export type {
  DisconnectMessage,
  EventMessage,
  HelloMessage,
  ProbeAckMessage,
  ProbeMessage,
  RefuseMessage,
  WelcomeMessage,
} from './messages.js'
export { MESSAGE_PREFIX } from './messages.js'
export { AUTH_METHODS, type AuthMethods } from './methods/auth.js'
export { LIFECYCLE_METHODS, type LifecycleMethods } from './methods/lifecycle.js'
export { INSTANT, type MethodTypes } from './methods/registry.js'
export { STORAGE_METHODS, type StorageMethods } from './methods/storage.js'
export {
  UI_ACTION_METHODS,
  type UiActionEvents,
  type UiActionMethodName,
  type UiActionMethods,
} from './methods/ui-actions.js'
export {
  EIP1193_METHODS,
  type Eip1193MethodInfo,
  type Eip1193MethodKind,
  type Eip1193Request,
  isEip1193Method,
  RPC_READ_METHODS,
  type RpcReadMethod,
  type RpcTransactionReceipt,
  WALLET_METHODS,
  type WalletCapabilities,
  type WalletMethods,
} from './methods/wallet.js'
export {
  DEFAULT_TIMEOUT_MS,
  defaultTimeoutOf,
  isMethodName,
  METHODS,
  type MethodInfo,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type Methods,
  USER_TIMEOUT_MS,
  USER_WAIT_METHODS,
} from './methods.js'
export type { StorageValue } from './schemas/storage.js'
export type { PopupButtonStyle } from './schemas/ui-actions.js'
export { SCOPES, type Scope, SENSITIVE_SCOPES } from './scopes.js'
export type {
  AppInfoDecision,
  AppInfoRequest,
  ClipboardRequest,
  Confirmation,
  ConsentDecision,
  ConsentRequest,
  DecodedCall,
  LinkRequest,
  PopupDecision,
  PopupRequest,
  RiskWarning,
  ScanQrRequest,
  ScanQrResult,
  SecurityNoticeRequest,
  ShareDecision,
  ShareRequest,
  SignMessageRequest,
  SignTypedDataRequest,
  TransactionCall,
  TransactionRequest,
  TypedData,
  UiAdapter,
} from './ui.js'
export { isCompatibleProtocol, PROTOCOL_VERSION, parseProtocolVersion } from './version.js'
