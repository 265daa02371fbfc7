import { fromFetchRequest } from './from-fetch-request.js'
import { fromNodeRequest } from './from-node-request.js'
import { signWebhook } from './signature.js'
import { verifyWebhook } from './verify.js'

/**
 * Webhook helpers in one namespace: `verify`, the `fromNodeRequest` / `fromFetchRequest` adapters,
 * and `sign` (for your endpoint's tests).
 *
 * @example
 * ```ts
 * import { webhooks } from '@chainless/node-sdk'
 * const event = await webhooks.verify(await webhooks.fromNodeRequest(req), { appKey })
 * ```
 */
export const webhooks = {
  verify: verifyWebhook,
  fromNodeRequest,
  fromFetchRequest,
  sign: signWebhook,
} as const

export type { AuthorizationRevokedEvent, TransactionConfirmedEvent, WebhookEvent } from './events.js'
export { parseWebhookEvent, WEBHOOK_EVENT_TYPES } from './events.js'
export { fromFetchRequest } from './from-fetch-request.js'
export { DEFAULT_MAX_BODY_BYTES, fromNodeRequest, type ReadBodyOptions } from './from-node-request.js'
export {
  parseSignatureHeader,
  signWebhook,
  WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_VERSION,
  type WebhookSignedParts,
  webhookSigningString,
} from './signature.js'
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookHeaders,
  type WebhookRequest,
} from './verify.js'
