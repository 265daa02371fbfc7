import { WebhookVerificationError } from '../errors.js'

/** Fields every webhook event has. */
interface WebhookEventBase<Type extends string, Data> {
  /** Unique per event (`evt_…`), the same on every delivery attempt: deduplicate on it. */
  id: string
  type: Type
  /** When the event happened (ISO 8601). */
  createdAt: string
  /** The app the event is for. */
  appId: string
  data: Data
}

/** A user revoked the app's authorization (or a refresh-token family was reused): drop their sessions. */
export type AuthorizationRevokedEvent = WebhookEventBase<
  'authorization.revoked',
  { userId: string; scope: string[] }
>

/** A transaction broadcast by or for the app reached a final status. */
export type TransactionConfirmedEvent = WebhookEventBase<
  'transaction.confirmed',
  { hash: string; status: 'confirmed' | 'failed'; blockNumber: number; chainId: number }
>

/** A verified webhook event; switch on `type`. */
export type WebhookEvent = AuthorizationRevokedEvent | TransactionConfirmedEvent

/** The event types this SDK version knows. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEvent['type'][] = [
  'authorization.revoked',
  'transaction.confirmed',
]

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown, max = 1_024): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function malformed(details: string): WebhookVerificationError {
  return new WebhookVerificationError('malformed', { details })
}

/**
 * Parses and checks a delivery body: JSON, the event envelope, and `data` of a known type. Throws
 * `WebhookVerificationError` (`malformed`) otherwise, before anything is acted on.
 *
 * @example
 * ```ts
 * const event = parseWebhookEvent('{"id":"evt_1","type":"authorization.revoked",…}')
 * ```
 */
export function parseWebhookEvent(body: string): WebhookEvent {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (cause) {
    throw new WebhookVerificationError('malformed', { details: 'body is not JSON', cause })
  }
  if (!isObject(value)) throw malformed('body is not an object')
  const { id, type, createdAt, appId, data } = value
  if (
    !isString(id, 255) ||
    !isString(appId, 255) ||
    !isString(createdAt, 64) ||
    Number.isNaN(Date.parse(createdAt))
  )
    throw malformed('id, appId and createdAt are required')
  if (!isObject(data)) throw malformed('data is not an object')
  const base = { id, createdAt, appId }
  if (type === 'authorization.revoked') {
    const { userId, scope } = data
    if (
      !isString(userId) ||
      !Array.isArray(scope) ||
      scope.length > 256 ||
      !scope.every((s) => isString(s, 256))
    )
      throw malformed('authorization.revoked needs data.userId and data.scope')
    return { ...base, type, data: { userId, scope: [...scope] } }
  }
  if (type === 'transaction.confirmed') {
    const { hash, status, blockNumber, chainId } = data
    if (
      !isString(hash, 66) ||
      (status !== 'confirmed' && status !== 'failed') ||
      !isCount(blockNumber) ||
      !isCount(chainId)
    )
      throw malformed('transaction.confirmed needs data.hash, status, blockNumber and chainId')
    return { ...base, type, data: { hash, status, blockNumber, chainId } }
  }
  throw malformed(
    `unknown event type ${JSON.stringify(String(type)).slice(0, 80)}; a newer @chainless/node-sdk knows it`,
  )
}
