import { existsSync } from 'node:fs'
import { createServer, type RequestListener } from 'node:http'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { closeServer, listen } from '../http/listen.js'
import { validAppSecrets } from '../store/apps.js'
import type { Store } from '../store/store.js'
import type { RunningServer } from './servers.js'

/** The seeded example app whose back end the sandbox runs. */
export const SHOP_APP_ID = 'web2-shop'

/** What the bundled back end (`public/servers/web2-shop.js`, from `examples/web2-shop/server`) exports. */
interface ShopModule {
  createShopBackend(options: {
    issuer: string
    clientId: string
    clientSecret: string
    redirectUri: string
  }): RequestListener
}

/** Where the built example back end lives under the sandbox's `public/` folder. */
export const shopBackendModule = (publicDir: string) => resolve(publicDir, 'servers', `${SHOP_APP_ID}.js`)

/**
 * Starts web2-shop's back end in this process on `port`, with the shop's current app key read from
 * the store (it never goes to a browser). Answers `undefined` when the back end is not built into
 * `publicDir` or the store has no web2-shop app (a store opened without the examples).
 *
 * @example
 * ```ts
 * const shop = await startShopBackend({ publicDir, store, issuer: apiUrl, redirectUri, port: 8791, host })
 * ```
 */
export async function startShopBackend(options: {
  publicDir: string
  store: Store
  issuer: string
  /** The shop's entry URL: its redirect URI. */
  redirectUri: string
  port: number
  host: string
}): Promise<RunningServer | undefined> {
  const file = shopBackendModule(options.publicDir)
  const [clientSecret] = validAppSecrets(options.store, SHOP_APP_ID)
  if (!existsSync(file) || clientSecret === undefined) return undefined
  const { createShopBackend } = (await import(pathToFileURL(file).href)) as ShopModule
  const server = createServer(
    createShopBackend({
      issuer: options.issuer,
      clientId: SHOP_APP_ID,
      clientSecret,
      redirectUri: options.redirectUri,
    }),
  )
  const port = await listen(server, 'web2-shop back end', options.port, options.host)
  return { url: `http://localhost:${port}`, port, close: () => closeServer(server) }
}
