import type { Scope } from '@chainless/protocol'
import { standardManifestContracts } from '../chain/manifest-contracts.js'
import { type CreateAppInput, createApp, findApp, updateApp } from './apps.js'
import type { Store } from './store.js'

/** Scopes of the web3 examples: connect, sign, broadcast, read and move assets. */
const WEB3_SCOPES = ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'] as const

/**
 * The example mini-programs the store is seeded with, each served by the sandbox on its own origin
 * `http://<appId>.localhost:<appsPort>`. `web3-sponsored` is web3-demo's twin for an app that bought the platform's payment service
 * (`sponsored: true`: the platform pays its users' fees); it serves web3-demo's files on its own origin
 * (`web/example-sites.ts`).
 * Both web3 apps list the standard contracts (with human-readable ABIs) on the dev chain.
 */
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
    scopes: WEB3_SCOPES,
    web3: true,
  },
  {
    appId: 'web3-sponsored',
    name: 'Web3 demo (sponsored)',
    description: 'The web3 demo for an app that bought the payment service: the platform pays the fees.',
    scopes: WEB3_SCOPES,
    web3: true,
    sponsored: true,
  },
  {
    appId: 'web2-shop',
    name: 'Web2 shop',
    description: 'A shop with its own back end: log in with the wallet, share a phone for delivery.',
    // redirect URI: its entry URL (`http://web2-shop.localhost:<appsPort>/`); its back end holds the app key
    scopes: ['user:basic', 'user:phone'],
  },
] as const satisfies readonly ExampleApp[]

/** An entry of {@link EXAMPLE_APPS}. */
export interface ExampleApp {
  appId: string
  name: string
  description: string
  scopes: readonly Scope[]
  /** Lists the standard contracts in its manifest. */
  web3?: boolean
  sponsored?: boolean
}

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
 * The example mini-programs as {@link ensureLocalApps} of the store. Existing example apps also get
 * their contracts and sponsorship brought up to date (a store seeded before they had them).
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
  const contracts = standardManifestContracts()
  const apps = EXAMPLE_APPS.map((app: ExampleApp) => ({
    appId: app.appId,
    name: app.name,
    description: app.description,
    scopes: app.scopes,
    version: '1.0.0',
    developer: { name: 'Chainless' },
    securityRating: 'A' as const,
    ...(app.web3 ? { contracts } : {}),
    ...(app.sponsored ? { sponsored: true } : {}),
  }))
  const created = ensureLocalApps(store, apps, options)
  for (const app of apps) {
    const existing = findApp(store, app.appId)
    if (!existing) continue
    const want = { contracts: app.contracts, sponsored: app.sponsored ?? false }
    const have = { contracts: existing.contracts, sponsored: existing.sponsored ?? false }
    if (JSON.stringify(want) !== JSON.stringify(have)) updateApp(store, app.appId, want)
  }
  return created
}

/** Whether the store holds any example app (it was seeded, so examples added since belong in it too). */
export function hasExampleApps(store: Store): boolean {
  return EXAMPLE_APPS.some((app) => findApp(store, app.appId) !== undefined)
}
