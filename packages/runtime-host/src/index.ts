// What a wallet uses. Building blocks (guard, session, token bucket, iframe attributes) stay internal.
export type {
  AppContext,
  BrowserPermission,
  HostEventName,
  HostEvents,
  Manifest,
  Theme,
  UiAdapter,
} from '@chainless/protocol'
export {
  AppHandle,
  type AppHandleEvents,
  type AppState,
  type CloseReason,
  type MethodHandler,
} from './app-handle.js'
export type { AuthorizeParams } from './auth/authorize.js'
export { AuthPlatformError } from './auth/platform.js'
export { DEFAULT_PLATFORM_RETRY, type PlatformRetryOptions, type RetryMode } from './auth/platform-retry.js'
export { type SiweFields, scopeResource, siweMessage, utf8Hex } from './auth/siwe-message.js'
export { type TokenRecord, TokenVault } from './auth/token-vault.js'
export { type AccessTokenResult, REFRESH_BEFORE_MS } from './auth/tokens.js'
export { SESSION_RENEW_MS } from './auth/wallet-session.js'
export {
  createRuntimeHost,
  type HostLoadManifestOptions,
  type MountOptions,
  type RuntimeHost,
  type RuntimeHostOptions,
} from './create-runtime-host.js'
export { MountError, type MountErrorCode } from './errors.js'
export {
  defaultSeenApps,
  type GrantEntry,
  type GrantStore,
  MemoryGrantStore,
  noticeFingerprint,
  type SeenAppsStore,
} from './grants.js'
export { persistedGrantStore } from './grants-persisted.js'
export { IFRAME_SANDBOX } from './iframe.js'
export type { CallAs, CallOutcome, HostInspector, InspectedCall, Interception } from './inspector.js'
export { InvalidOptionError } from './invalid-option-error.js'
export {
  type LoadManifestOptions,
  loadManifest,
  MANIFEST_CLOCK_TOLERANCE_S,
  type ManifestKeys,
} from './load-manifest.js'
export type { RateLimitOptions } from './rate-limit.js'
export {
  DEFAULT_STORAGE_QUOTA_BYTES,
  type HostStorage,
  idbStorageBackend,
  MemoryStorageBackend,
  type StorageBackend,
  type StorageListing,
  type StorageOptions,
  type StorageQuotaData,
} from './storage/index.js'
export type { UiOption } from './ui.js'
export {
  DEFAULT_UI_ACTION_LIMITS,
  type MainButtonState,
  type ShareData,
  type UiActionDevice,
  type UiActionSheets,
  type UiActionsOptions,
} from './ui-actions/index.js'
export { isVerifiedManifest, type VerifiedManifest } from './verified-manifest.js'
export { RUNTIME_HOST_VERSION } from './version.js'
export { type AuditEntry, AuditLog, type AuditLogOptions } from './wallet/audit.js'
export type { Eip1193Handler, RpcClient, WalletCallContext, WalletChain } from './wallet/call-context.js'
export { TX_REPLAY_MS, WalletController } from './wallet/controller.js'
export type { PayParams } from './wallet/dispatch.js'
export type { KeyValueStore } from './wallet/kv.js'
export { idbKeyValueStore } from './wallet/kv-idb.js'
export { MemoryKeyValueStore } from './wallet/kv-memory.js'
export type { WalletChainOptions, WalletOptions } from './wallet/options.js'
export {
  POLICY_DEFAULTS,
  POLICY_RULES,
  Policy,
  type PolicyOptions,
  type PolicyResult,
  type PolicyRule,
} from './wallet/policy.js'
export { createRpcClient, type RpcClientOptions } from './wallet/rpc.js'
export {
  type HeadersOption,
  LocalKeySigner,
  type MnemonicOptions,
  type PasskeyGate,
  type PasskeyOptions,
  passkeyGate,
  RemoteSigner,
  type RemoteSignerOptions,
  registerPasskey,
  ServiceError,
  type ServiceProblem,
  type Signer,
  SignerError,
  type WebViewMethod,
  WebViewSigner,
  type WebViewSignerCancel,
  type WebViewSignerOptions,
  type WebViewSignerReply,
  type WebViewSignerRequest,
  type WebViewTarget,
} from './wallet/signers/index.js'
export {
  BroadcastRefusedError,
  type ForwardRequestJson,
  type PlatformProblem,
  type TxRecord,
  type TxRetryOptions,
  type TxState,
  TxTracker,
  type TxTrackerOptions,
} from './wallet/tx-tracker.js'
