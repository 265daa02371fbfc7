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
export { issueNonce, NONCE_TTL_MS, type SiweResult, type VerifySiweOptions, verifySiwe } from './auth/siwe.js'
export {
  InsufficientScopeError,
  OAuthError,
  PlatformError,
  SiweError,
  type SiweReason,
  TokenVerificationError,
  type TokenVerificationReason,
} from './errors.js'
export { MemoryNonceStore, type MemoryNonceStoreOptions } from './stores/memory-nonce-store.js'
export type { NonceStore } from './stores/nonce-store.js'
export { NODE_SDK_VERSION } from './version.js'
