/**
 * Test helpers for the app services (messages, analytics, storage, webhooks): HMAC-signed calls to a
 * running platform API, wallet-session calls, and the sandbox's effect counts.
 */
import { call, type Exchange } from './contract.testutil.js'
import { signRequest } from './hmac.js'

/** An app's credentials. */
export interface AppCredentials {
  appId: string
  appKey: string
}

/** Sends a request signed with the app's key (HMAC v2), JSON body if given. */
export function signedCall(
  baseUrl: string,
  app: AppCredentials,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Exchange> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  // sign the target as fetch sends it: the URL serializer percent-encodes some characters (`'` in a query)
  const url = new URL(path, baseUrl)
  const target = url.pathname + url.search
  const headers = signRequest({ ...app, method, host: url.host, path: target, body: body ?? '' })
  return call(url.href, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(body === undefined ? {} : { body }),
  })
}

/** The sandbox's effect counts of an app. */
export async function effects(
  baseUrl: string,
  appId: string,
): Promise<{ messages: number; analyticsEvents: number; storageWrites: number; webhookDeliveries: number }> {
  const ex = await call(`${baseUrl}/__sandbox/effects?appId=${encodeURIComponent(appId)}`)
  if (ex.status !== 200) throw new Error(`effects: ${ex.status} ${ex.text}`)
  return ex.json as never
}
