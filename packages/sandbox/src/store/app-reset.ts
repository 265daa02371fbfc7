/**
 * Clears one app's platform data (`POST /__sandbox/apps/{appId}/reset`): the workbench's "reset this
 * app" without touching any other app. The app itself (manifest, keys, folder) stays registered.
 * @module
 */
import { removeAppMockRules } from './mocks.js'
import type { Store } from './store.js'

/** How many rows of each kind went. */
export interface AppResetCounts {
  /** Cloud storage entries, app-wide and per user. */
  storage: number
  /** Grants (token families) issued to the app, with their refresh and access tokens. */
  tokens: number
  messages: number
  analytics: number
  webhooks: number
  /** Pending transactions the app broadcast, marked `dropped` (final ones stay as history). */
  transactions: number
  mocks: number
}

const tableExists = (store: Store, name: string) =>
  !!store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)

/**
 * Deletes the app's cloud storage, grants and tokens (and pending authorization codes), messages,
 * analytics events, webhook deliveries, idempotency records and mock rules, and marks its pending
 * broadcasts `dropped`, in one transaction. Tables a module never created count 0.
 *
 * @example
 * ```ts
 * resetAppData(store, 'hello') // { storage: 3, tokens: 1, messages: 0, analytics: 12, webhooks: 0, transactions: 0, mocks: 1 }
 * ```
 */
export function resetAppData(store: Store, appId: string): AppResetCounts {
  const del = (table: string, where: string, ...args: unknown[]): number =>
    tableExists(store, table)
      ? store.db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(...args).changes
      : 0
  return store.db.transaction((): AppResetCounts => {
    let tokens = 0
    if (tableExists(store, 'token_families')) {
      const families = 'SELECT familyId FROM token_families WHERE clientId = ?'
      del('refresh_tokens', `familyId IN (${families})`, appId)
      del('access_tokens', `familyId IN (${families})`, appId)
      tokens = del('token_families', 'clientId = ?', appId)
    }
    del('auth_codes', 'clientId = ?', appId)
    del('idempotency_keys', 'appId = ?', appId)
    const transactions = store.db
      .prepare(
        "UPDATE broadcasts SET status = 'dropped', updatedAt = ? WHERE appId = ? AND status = 'pending'",
      )
      .run(store.now(), appId).changes
    return {
      storage: del('cloud_storage', 'appId = ?', appId),
      tokens,
      messages: del('messages', 'appId = ?', appId),
      analytics: del('analytics_events', 'appId = ?', appId),
      webhooks: del('webhook_deliveries', 'appId = ?', appId),
      transactions,
      mocks: removeAppMockRules(store, appId),
    }
  })()
}
