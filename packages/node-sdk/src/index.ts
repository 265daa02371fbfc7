/** @chainless/node-sdk: the SDK for mini-program back ends. */
export {
  type AccessTokenCheck,
  type VerifiedAccessToken,
  verifyAccessTokenJwt,
} from './auth/access-token.js'
export {
  type AuthClient,
  type AuthClientOptions,
  createAuthClient,
  type FetchLike,
  type Introspection,
  type TokenSet,
  type UserInfo,
} from './auth/client.js'
export {
  issueNonce,
  NONCE_TTL_MS,
  type SiweResult,
  type SiweSignatureVerifier,
  type VerifySiweOptions,
  verifySiwe,
} from './auth/siwe.js'
export {
  InsufficientScopeError,
  OAuthError,
  PlatformError,
  type PlatformFieldError,
  PlatformInputError,
  PlatformNetworkError,
  PlatformTimeoutError,
  SiweError,
  type SiweReason,
  TokenVerificationError,
  type TokenVerificationReason,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './errors.js'
export type {
  PlatformClient,
  PlatformMethod,
  PlatformQuery,
  PlatformRequestOptions,
} from './platform/client.js'
export {
  type CreatePlatformClientOptions,
  createPlatformClient,
  type PlatformServicesClient,
} from './platform/create-client.js'
export {
  type PlatformAuthHeaders,
  type PlatformSignatureInput,
  platformAuthHeaders,
  platformStringToSign,
  signPlatformRequest,
  verifyPlatformSignature,
} from './platform/hmac.js'
export { parseRetryAfter } from './platform/problem.js'
export type { PlatformClientOptions } from './platform/request.js'
export {
  ANALYTICS_LIMITS,
  type Analytics,
  AnalyticsClosedError,
  AnalyticsDeliveryError,
  type AnalyticsEvent,
  type AnalyticsOptions,
  AnalyticsQueueFullError,
  createAnalytics,
  type SignalOptions,
  type TrackOptions,
} from './services/analytics/index.js'
export type { AppsService, SignedManifest } from './services/apps.js'
export type { CallOptions } from './services/call-options.js'
export { CRC20_ABI, CRC721_ABI, CRC1155_ABI } from './services/contracts/abis.js'
export type { ContractOptions, ContractsService } from './services/contracts/index.js'
export { PlatformRpcProvider } from './services/contracts/provider.js'
export type { Crc20, Crc721, Crc1155 } from './services/contracts/tokens.js'
export type { MessageInput, MessagesService, SentMessage } from './services/messages.js'
export type { JsonValue, KeyValueStore, StorageEntry, StorageService } from './services/storage.js'
export type { BroadcastResult, TxService, TxStatusResult } from './services/tx.js'
export { StoreFullError, StoreUnavailableError } from './stores/errors.js'
export { MemoryNonceStore, type MemoryNonceStoreOptions } from './stores/memory-nonce-store.js'
export { MemoryReplayStore, type MemoryReplayStoreOptions } from './stores/memory-replay-store.js'
export type { NonceStore } from './stores/nonce-store.js'
export {
  createRedisStores,
  type RedisLike,
  RedisNonceStore,
  RedisReplayStore,
  type RedisStoreOptions,
  type RedisStores,
} from './stores/redis-stores.js'
export type { ReplayStore } from './stores/replay-store.js'
export { NODE_SDK_VERSION } from './version.js'
export {
  type AuthorizationRevokedEvent,
  fromFetchRequest,
  fromNodeRequest,
  type ReadBodyOptions,
  signWebhook,
  type TransactionConfirmedEvent,
  type VerifyWebhookOptions,
  verifyWebhook,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_HEADERS,
  type WebhookEvent,
  type WebhookHeaders,
  type WebhookRequest,
  type WebhookSignedParts,
  webhookSigningString,
  webhooks,
} from './webhooks/index.js'
