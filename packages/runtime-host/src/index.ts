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
export {
  createRuntimeHost,
  type MountOptions,
  type RuntimeHost,
  type RuntimeHostOptions,
} from './create-runtime-host.js'
export { MountError, type MountErrorCode } from './errors.js'
export { defaultSeenApps, type GrantStore, MemoryGrantStore, type SeenAppsStore } from './grants.js'
export {
  type GuardedCall,
  type GuardedRefusal,
  type GuardedRelease,
  guardMessage,
  MAX_PARAMS_BYTES,
} from './guard.js'
export { buildAllowAttribute, IFRAME_SANDBOX } from './iframe.js'
export { type LoadManifestOptions, loadManifest } from './load-manifest.js'
export { DEFAULT_RATE_LIMIT, type RateLimitOptions, TokenBucket } from './rate-limit.js'
export type { UiOption } from './ui.js'
export { RUNTIME_HOST_VERSION } from './version.js'
