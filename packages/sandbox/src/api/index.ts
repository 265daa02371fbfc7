/**
 * The sandbox's platform API: `startPlatformApi` and the pieces other packages and tests reuse — the
 * HMAC app-auth reference implementation, manifest signing and verification, knobs.
 * @module
 */
export { DEFAULT_BODY_LIMIT } from './body.js'
export { type BroadcastResult, DEFAULT_MAX_TX_BYTES, type TxStatusResult } from './broadcast.js'
export {
  bodySha256,
  canonicalString,
  HMAC_HEADERS,
  type HmacRequest,
  hmacSignature,
  MAX_SKEW_SECONDS,
  NONCE_TTL_SECONDS,
  signRequest,
} from './hmac.js'
export {
  KNOB_TARGETS,
  type KnobSetting,
  type Knobs,
  KnobsError,
  type KnobTarget,
  parseKnobFlags,
} from './knobs.js'
export { answerApiMeta, OPENAPI_PATH, openApiFor } from './meta.js'
export { type OpenApiDocument, openApiDocument } from './openapi.js'
export { ApiProblem, type ProblemBody, type ProblemFieldError } from './problem.js'
export type { RateLimitOptions } from './rateLimit.js'
export { MAX_RELAY_GAS, RELAY_GAS_OVERHEAD, Relayer, type RelayInput } from './relay.js'
export { REPORT_PAGE_PATH } from './report-page.js'
export { REPORT_RATE_LIMIT, REPORT_REASONS, ReportDesk, type ReportInput } from './reports.js'
export {
  MASK as REQUEST_MASK,
  MAX_REQUEST_STREAMS,
  maskTarget,
  type PlatformRequest,
  REQUEST_LOG_CAPACITY,
  type RequestFilter,
  RequestLog,
} from './request-log.js'
export { MAX_LOG_RANGE, RPC_ALLOWLIST } from './rpc.js'
export { type PlatformApi, type PlatformApiOptions, startPlatformApi } from './server.js'
export {
  generatePlatformKey,
  MANIFEST_JWT_TYPE,
  MANIFEST_TTL_SECONDS,
  type PlatformKey,
  type PublicJwk,
  publicJwk,
  type SignedManifest,
  signManifest,
  verifySignedManifest,
} from './signing.js'
export { WebhookDispatcher, type WebhookOptions, webhookSignature } from './webhooks.js'
