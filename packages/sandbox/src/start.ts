import { once } from 'node:events'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Scope } from '@chainless/protocol'
import { chainRequest } from './api/chainClient.js'
import { type Knobs, type PlatformApi, type PlatformApiOptions, startPlatformApi } from './api/index.js'
import { type Chain, type ForwarderInfo, startChain, TEST_MNEMONIC } from './chain/index.js'
import { defaultDataDir } from './data-dir.js'
import { acquireDataLock } from './data-lock.js'
import { createSigningService } from './signer/index.js'
import {
  dropForgottenBroadcasts,
  EXAMPLE_APPS,
  ensureLocalApps,
  listAppDirs,
  openStore,
  type Store,
} from './store/index.js'
import { exampleAppDirs } from './web/example-sites.js'
import { type RunningServer, startAppsServer, startWalletServer } from './web/servers.js'
import { SHOP_APP_ID, startShopBackend } from './web/shop-backend.js'
import { demoWalletConfig } from './web/wallet-config.js'

/** Default ports of `npm start` (tests always pass their own, usually 0). */
export const DEFAULT_PORTS = { wallet: 8080, api: 8787, apps: 8090, chain: 8545, shop: 8791 } as const

/** Default port of the remote signing service that `npm start` runs (`RemoteSigner` + passkeys). */
export const DEFAULT_SIGNER_PORT = 8790

/** A mini-program folder of the author's own, served on `http://<appId>.localhost:<appsPort>`. */
export interface AuthorApp {
  appId: string
  dir: string
  name?: string
  scopes?: readonly Scope[]
}

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Interface for every server. Default `127.0.0.1` (loopback only). */
  host?: string
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>
  /**
   * Where the store lives. Default {@link defaultDataDir} (`$XDG_DATA_HOME/chainless-sandbox` or
   * `~/.local/share/chainless-sandbox`). One running sandbox per folder: a second start on it throws
   * `DataDirInUseError` (`dataDir/sandbox.lock` names the first; a dead one's lock is taken over).
   */
  dataDir?: string
  /** Start with an empty store. */
  reset?: boolean
  /** Chain id of the local chain (default: the Chainless dev chain). */
  chainId?: number
  /** The author's own mini-programs (`--app ./dist`). */
  apps?: readonly AuthorApp[]
  /** Fault-injection knobs for the platform API. */
  knobs?: Knobs
  /**
   * Gateway rate limits (per app, per user), the app reports' rate limit and webhook delivery options of
   * the platform API.
   */
  api?: Pick<PlatformApiOptions, 'rateLimits' | 'webhooks' | 'reportRateLimit'>
  /** Folder with the built demo wallet and example apps. Default: this package's `public/`. */
  publicDir?: string
  /**
   * Also run the remote signing service (the test accounts' keys, passkey-gated, for `RemoteSigner`)
   * on this port (0: any free one), for the demo wallet's origin. Default: not started; the CLI starts
   * it on {@link DEFAULT_SIGNER_PORT}.
   */
  signerPort?: number
  /**
   * The platform's clock in ms (tests): code, token, session and nonce lifetimes are measured on it,
   * so a test can age a 60 s code without waiting (`now: () => Date.now() + skew`). Default `Date.now`.
   */
  now?: () => number
}

/** A running sandbox. */
export interface Sandbox {
  /**
   * `signer` is there when the signing service runs ({@link SandboxOptions.signerPort}); `shop` is the
   * web2-shop example's back end (when built into `publicDir`).
   */
  urls: { wallet: string; api: string; apps: string; rpc: string; signer?: string; shop?: string }
  chain: Chain
  /**
   * The ERC-2771 forwarder a wallet signs sponsored `ForwardRequest`s against (EIP-712 domain name,
   * version, verifying contract): `sandbox.forwarder` = `{ address, name, version }`. The demo wallet's
   * `config.json` carries the same object as `forwarder`, for its chain entry
   * (`chains: [{ ...CHAINLESS_DEV_CHAIN, forwarder }]`).
   */
  forwarder: ForwarderInfo
  api: PlatformApi
  store: Store
  /** The origin an app is served on. */
  appOrigin(appId: string): string
  /**
   * The keys of the author's apps this start created (`--app` on a new store): the only time they are
   * readable. Empty when the apps existed already.
   */
  createdKeys: readonly { appId: string; appKey: string }[]
  /**
   * The folders attached in the store (`apps create --dir`): served when the folder exists, else listed
   * with `served: false` (the CLI says so).
   */
  attachedApps: readonly { appId: string; dir: string; served: boolean }[]
  /** How many pending transactions of an earlier run this start marked `dropped` (their chain is gone). */
  droppedBroadcasts: number
  /** Stops every server and closes the store. */
  close(): Promise<void>
}

const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

/**
 * Starts the whole platform on loopback: chain, platform API, demo wallet, mini-programs.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ ports: { wallet: 0, api: 0, apps: 0, chain: 0 }, dataDir: tmp })
 * console.log(sandbox.urls.wallet)
 * await sandbox.close()
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  // web2-shop's back end listens on 8791 beside an API on its default port (`npm start`); beside an
  // API elsewhere (tests, a second sandbox) it takes any free port unless given one.
  const apiElsewhere = (options.ports?.api ?? DEFAULT_PORTS.api) !== DEFAULT_PORTS.api
  const ports = { ...DEFAULT_PORTS, ...(apiElsewhere ? { shop: 0 } : {}), ...options.ports }
  // Port 0 means "any free port"; pick them first so every URL (and the manifest issuer) is known.
  // Each picked port stays held until just before its server listens: the chain alone takes seconds
  // to start, long enough for another process to take a port that was only probed.
  const held = new Map<keyof typeof ports, () => Promise<void>>()
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) {
    if (ports[key] === 0) {
      const reserved = await reservePort(host)
      ports[key] = reserved.port
      held.set(key, reserved.release)
    }
  }
  const release = async (key: keyof typeof ports) => {
    await held.get(key)?.()
    held.delete(key)
  }
  const publicDir = options.publicDir ?? resolve(packageDir, 'public')
  const dataDir = resolve(options.dataDir ?? defaultDataDir())
  const opened: { close(): Promise<void> | void }[] = []
  const closeAll = async () => {
    // Newest first; each item once, however often close() is called.
    for (const item of opened.splice(0).reverse()) await item.close()
  }
  try {
    // Ports still held when start fails are let go with the rest.
    opened.push({ close: () => Promise.all([...held.keys()].map(release)).then(() => undefined) })
    // Before anything listens or the store opens: a second sandbox on this folder would re-point the
    // first one's example origins at its own ports.
    mkdirSync(dataDir, { recursive: true })
    const lock = acquireDataLock(dataDir, {
      wallet: `http://localhost:${ports.wallet}`,
      api: `http://localhost:${ports.api}`,
      apps: `http://<appId>.localhost:${ports.apps}`,
    })
    opened.push({ close: () => lock.release() })
    await release('chain')
    const chain = await startChain({
      port: ports.chain,
      host,
      ...(options.chainId ? { chainId: options.chainId } : {}),
    })
    opened.push(chain)
    // web3-sponsored serves web3-demo's files on its own origin
    const appDirs = exampleAppDirs(
      publicDir,
      EXAMPLE_APPS.map((app) => app.appId),
    )
    for (const app of options.apps ?? []) appDirs.set(app.appId, resolve(app.dir))
    // web2-shop is served when built (a publicDir without it still starts); its page reads
    // /config.json to find its back end.
    if (!existsSync(appDirs.get(SHOP_APP_ID) ?? '')) appDirs.delete(SHOP_APP_ID)
    let shopConfig: { backendUrl?: string } = {}
    const shopConfigs = new Map([[SHOP_APP_ID, () => shopConfig]])
    await release('apps')
    const apps = await startAppsServer({ apps: appDirs, port: ports.apps, host, configs: shopConfigs })
    opened.push(apps)
    let config: unknown = {}
    await release('wallet')
    const wallet: RunningServer = await startWalletServer({
      dir: resolve(publicDir, 'wallet'),
      port: ports.wallet,
      host,
      get config() {
        return config
      },
    })
    opened.push(wallet)
    const store = openStore({
      dataDir,
      reset: options.reset ?? false,
      appsPort: apps.port,
      ...(options.now ? { now: options.now } : {}),
    })
    opened.push({ close: () => store.close() })
    const createdKeys = ensureLocalApps(
      store,
      (options.apps ?? []).map((app) => ({
        appId: app.appId,
        name: app.name ?? app.appId,
        scopes: app.scopes ?? ['user:basic'],
        description: `Served from ${app.dir}`,
      })),
      { appsPort: apps.port },
    )
    // The chain starts fresh, the store stays: what it still calls pending was sent to a chain gone.
    const dropped = await dropForgottenBroadcasts(
      store,
      chain.chainId,
      async (hash) => (await chainRequest(chain.rpcUrl, 'eth_getTransactionByHash', [hash])) !== null,
    )
    // folders attached with `apps create --dir`; an --app of the same id wins
    const attachedApps = listAppDirs(store)
      .filter(({ appId }) => !apps.serves(appId))
      .map(({ appId, dir }) => {
        const served = existsSync(dir) && statSync(dir).isDirectory()
        if (served) apps.serve(appId, dir)
        return { appId, dir, served }
      })
    const apiUrl = `http://localhost:${ports.api}`
    await release('api')
    const api = await startPlatformApi({
      store,
      walletOrigin: wallet.url,
      port: ports.api,
      host,
      publicUrl: apiUrl,
      chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
      ...(options.knobs ? { knobs: options.knobs } : {}),
      ...options.api,
    })
    opened.push(api)
    // The demo wallet pins the platform's manifest keys (given here, by this process's own API),
    // instead of trusting keys fetched in the browser from the API it verifies.
    const manifestKeys = api.jwks
    // `forwarder` ({ address, name, version }): what the wallet signs a sponsored ForwardRequest against
    // (EIP-712 domain); the same object is `Sandbox.forwarder`.
    const forwarder: ForwarderInfo = {
      address: chain.forwarder.address,
      name: chain.forwarder.name,
      version: chain.forwarder.version,
    }
    config = demoWalletConfig({ apiUrl, chain, manifestKeys, mnemonic: TEST_MNEMONIC, forwarder })
    // The shop's back end gets its app key here, in process: never through a browser.
    await release('shop')
    const shop = appDirs.has(SHOP_APP_ID)
      ? await startShopBackend({
          publicDir,
          store,
          issuer: apiUrl,
          redirectUri: `${apps.origin(SHOP_APP_ID)}/`,
          port: ports.shop,
          host,
        })
      : undefined
    if (shop) {
      opened.push(shop)
      shopConfig = { backendUrl: shop.url }
    }
    let signerUrl: string | undefined
    if (options.signerPort !== undefined) {
      // Passkeys are bound to the wallet page: its origin, and its host name as the relying party.
      const signer = createSigningService({ origin: wallet.url, rpId: new URL(wallet.url).hostname })
      const running = await signer.listen({ port: options.signerPort, host })
      opened.push(running)
      signerUrl = running.url
    }
    return {
      urls: {
        wallet: wallet.url,
        api: apiUrl,
        apps: apps.url,
        rpc: chain.rpcUrl,
        ...(signerUrl ? { signer: signerUrl } : {}),
        ...(shop ? { shop: shop.url } : {}),
      },
      chain,
      forwarder,
      api,
      store,
      appOrigin: apps.origin,
      createdKeys,
      attachedApps,
      droppedBroadcasts: dropped,
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

async function reservePort(host: string): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer()
  server.listen(0, host)
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  return { port, release: () => new Promise<void>((done) => server.close(() => done())) }
}
