import type { Scope } from '@chainless/protocol'
import { type CreateAppInput, createApp, findApp, updateApp } from './apps.js'
import type { Store } from './store.js'

/** The example mini-programs the store is seeded with (served by the sandbox on `<appId>.localhost`). */
export const EXAMPLE_APPS = [
  {
    appId: 'hello',
    name: 'Hello',
    description: 'The smallest mini-program: handshake, context and lifecycle.',
    scopes: ['user:basic'],
  },
  {
    appId: 'web3-demo',
    name: 'Web3 demo',
    description: 'Connects the wallet, reads balances, signs and broadcasts token transfers.',
    scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'],
  },
] as const satisfies readonly { appId: string; name: string; description: string; scopes: readonly Scope[] }[]

/** The origin of an example app: `http://<appId>.localhost:<appsPort>`. */
export const exampleOrigin = (appId: string, appsPort: number) => `http://${appId}.localhost:${appsPort}`

/** An app served by this sandbox on `http://<appId>.localhost:<appsPort>`. */
export type LocalApp = Omit<CreateAppInput, 'origin' | 'entryUrl' | 'appId'> & { appId: string }

/**
 * Creates the local apps that are missing and points existing ones at `appsPort` (their origin is
 * `http://<appId>.localhost:<appsPort>`). Idempotent. Answers the keys of the apps it created (shown once).
 */
export function ensureLocalApps(
  store: Store,
  apps: readonly LocalApp[],
  options: {
    appsPort: number
    /** Create the missing ones (default true); false only re-points existing ones. */
    createMissing?: boolean
  },
): { appId: string; appKey: string }[] {
  const created: { appId: string; appKey: string }[] = []
  for (const app of apps) {
    const origin = exampleOrigin(app.appId, options.appsPort)
    const existing = findApp(store, app.appId)
    if (!existing) {
      if (options.createMissing === false) continue
      const { appKey } = createApp(store, { ...app, origin })
      created.push({ appId: app.appId, appKey })
    } else if (existing.origin !== origin) {
      updateApp(store, app.appId, { origin, entryUrl: `${origin}/` })
    }
  }
  return created
}

/**
 * The example mini-programs as {@link ensureLocalApps} of the store.
 *
 * @example
 * ```ts
 * seedExampleApps(store, { appsPort: 8090 })
 * ```
 */
export function seedExampleApps(
  store: Store,
  options: { appsPort: number; createMissing?: boolean },
): { appId: string; appKey: string }[] {
  const apps = EXAMPLE_APPS.map((app) => ({
    ...app,
    version: '1.0.0',
    developer: { name: 'Chainless' },
    securityRating: 'A' as const,
  }))
  return ensureLocalApps(store, apps, options)
}
