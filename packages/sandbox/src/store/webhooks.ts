import { randomBytes } from 'node:crypto'
import { getApp } from './apps.js'
import { StoreError } from './errors.js'
import type { Store } from './store.js'

/** Webhook event types (DESIGN.md, "Platform API"). */
export type WebhookEventType = 'authorization.revoked' | 'transaction.confirmed'

/** State of a delivery. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One event to one app's webhook URL, with its attempts. */
export interface WebhookDelivery {
  /** The event id, `evt_…` (also `X-Chainless-Event-Id`). */
  id: string
  appId: string
  type: WebhookEventType
  url: string
  /** The exact JSON sent on every attempt. */
  body: string
  attempts: number
  status: WebhookDeliveryStatus
  /** HTTP status of the last attempt (0: no answer), null before the first. */
  lastStatus: number | null
  createdAt: number
}

/** A webhook URL the sandbox refuses (not http(s), or not on this machine). */
export class InvalidWebhookUrlError extends StoreError {
  override name = 'InvalidWebhookUrlError'
  constructor(url: string, why: string) {
    super('invalid_webhook_url', `Invalid webhook URL: ${why}`, { url: url.slice(0, 200) })
  }
}

const TABLE = `CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  appId TEXT NOT NULL,
  type TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  lastStatus INTEGER,
  createdAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()
function ensureTables(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  // the app's webhook URL: a column added to apps after schema version 1 (kept out of the manifest)
  const columns = store.db.prepare('PRAGMA table_info(apps)').all() as { name: string }[]
  if (!columns.some((c) => c.name === 'webhookUrl'))
    store.db.exec('ALTER TABLE apps ADD COLUMN webhookUrl TEXT')
  ready.add(store)
}

/**
 * Checks a webhook URL: http or https, and (the sandbox runs on one machine) a loopback host:
 * `localhost`, `*.localhost`, `127.x.x.x` or `[::1]`. Answers the normalized URL.
 * @throws {InvalidWebhookUrlError}
 */
export function checkWebhookUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InvalidWebhookUrlError(url, 'not a URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new InvalidWebhookUrlError(url, 'http or https only')
  if (parsed.username || parsed.password) throw new InvalidWebhookUrlError(url, 'no credentials in the URL')
  const host = parsed.hostname.toLowerCase()
  const loopback =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(host)
  if (!loopback) throw new InvalidWebhookUrlError(url, 'the sandbox delivers to loopback hosts only')
  parsed.hash = ''
  return parsed.href
}

/**
 * Sets (or with `null` removes) an app's webhook URL (`chainless-sandbox apps update --webhook-url`).
 * @throws {AppNotFoundError | InvalidWebhookUrlError}
 * @example
 * ```ts
 * setWebhookUrl(store, 'shop', 'http://127.0.0.1:3000/webhooks/chainless')
 * ```
 */
export function setWebhookUrl(store: Store, appId: string, url: string | null): void {
  ensureTables(store)
  const checked = url === null ? null : checkWebhookUrl(url)
  getApp(store, appId)
  store.prepare('UPDATE apps SET webhookUrl = ? WHERE appId = ?').run(checked, appId)
}

/** An app's webhook URL, or undefined. */
export function getWebhookUrl(store: Store, appId: string): string | undefined {
  ensureTables(store)
  const row = store.prepare('SELECT webhookUrl FROM apps WHERE appId = ?').get(appId) as
    | { webhookUrl: string | null }
    | undefined
  return row?.webhookUrl ?? undefined
}

/** Records a pending delivery of an event (its body fixed now, sent as is on every attempt). */
export function createDelivery(
  store: Store,
  input: { appId: string; type: WebhookEventType; url: string; data: unknown },
): WebhookDelivery {
  ensureTables(store)
  const id = `evt_${randomBytes(12).toString('hex')}`
  const createdAt = store.now()
  const body = JSON.stringify({
    id,
    type: input.type,
    createdAt: new Date(createdAt).toISOString(),
    appId: input.appId,
    data: input.data,
  })
  store
    .prepare(
      "INSERT INTO webhook_deliveries (id, appId, type, url, body, attempts, status, lastStatus, createdAt) VALUES (?, ?, ?, ?, ?, 0, 'pending', NULL, ?)",
    )
    .run(id, input.appId, input.type, input.url, body, createdAt)
  return { id, ...input, body, attempts: 0, status: 'pending', lastStatus: null, createdAt }
}

/** The delivery `id`, or undefined. */
export function getDelivery(store: Store, id: string): WebhookDelivery | undefined {
  ensureTables(store)
  return store.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as WebhookDelivery | undefined
}

/** Records an attempt's outcome. */
export function recordAttempt(
  store: Store,
  id: string,
  status: WebhookDeliveryStatus,
  lastStatus: number,
): void {
  ensureTables(store)
  store
    .prepare('UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, lastStatus = ? WHERE id = ?')
    .run(status, lastStatus, id)
}

/** Deliveries (of one app, or all), newest first, at most `limit` (default 1000). */
export function listDeliveries(store: Store, appId?: string, limit = 1000): WebhookDelivery[] {
  ensureTables(store)
  return store
    .prepare(
      'SELECT * FROM webhook_deliveries WHERE (? IS NULL OR appId = ?) ORDER BY createdAt DESC, rowid DESC LIMIT ?',
    )
    .all(appId ?? null, appId ?? null, limit) as WebhookDelivery[]
}

/** Ids of the deliveries still pending (resumed when the API starts). */
export function pendingDeliveryIds(store: Store): string[] {
  ensureTables(store)
  return (
    store.prepare("SELECT id FROM webhook_deliveries WHERE status = 'pending' ORDER BY createdAt").all() as {
      id: string
    }[]
  ).map((r) => r.id)
}
