/**
 * `@chainless/js-sdk/auth`: OAuth 2.0 for a mini-program. `authorize` (code + PKCE for your back end),
 * `login` / `getAccessToken` / `logout` (tokens the wallet keeps for apps without one). Apps that only
 * call `ready` do not pay for it; nothing runs at import.
 */
export type { Scope } from '@chainless/protocol'
export {
  BridgeError,
  ChainlessError,
  DisconnectedError,
  InternalError,
  InvalidParamsError,
  PlatformUnavailableError,
  TimeoutError,
  UnauthorizedError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
export { type AuthorizationResult, authorize } from './authorize.js'
export { StateMismatchError } from './errors.js'
export type { ScopeInput } from './scope.js'
export { type AccessToken, type AccessTokenOptions, getAccessToken, login, logout } from './tokens.js'
