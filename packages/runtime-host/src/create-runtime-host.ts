import {
  type AppContext,
  type BrowserPermission,
  isMethodName,
  type Manifest,
  type MethodName,
  type SafeAreaInsets,
  type Scope,
  type Theme,
  type UiAdapter,
} from '@chainless/protocol'
import { appContextSchema, manifestSchema } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { AppHandle, type MethodHandler } from './app-handle.js'
import type { AuthorizeParams } from './auth/authorize.js'
import { createHostAuth, type HostAuth } from './auth/host-auth.js'
import { CallTracer } from './call-tracer.js'
import { MountError } from './errors.js'
import {
  defaultSeenApps,
  type GrantStore,
  MemoryGrantStore,
  noticeFingerprint,
  type SeenAppsStore,
} from './grants.js'
import { lifecycleHandlers } from './handlers.js'
import { type HostInspector, inspectorOption } from './inspector.js'
import { InvalidOptionError } from './invalid-option-error.js'
import { loadManifest, type ManifestKeys } from './load-manifest.js'
import { MAX_TIMER_MS, numberOption, originOf, originOption } from './options.js'
import { assertRateLimitOptions, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit.js'
import type { HostStorage } from './storage/app-storage.js'
import { storageHandlers } from './storage/handlers.js'
import { resolveStorage, type StorageOptions } from './storage/options.js'
import { lazyUi, type UiOption } from './ui.js'
import { createUiActions, type UiActionsOptions } from './ui-actions/index.js'
import { isVerifiedManifest, type VerifiedManifest } from './verified-manifest.js'
import { RUNTIME_HOST_VERSION } from './version.js'
import { WalletController } from './wallet/controller.js'
import { type PayParams, WalletDispatcher } from './wallet/dispatch.js'
import type { WalletOptions } from './wallet/options.js'
import { walletHandlers, walletPayHandler } from './wallet/routes.js'

/** Options of {@link createRuntimeHost}. */
export interface RuntimeHostOptions {
  /** Who the host is, as the app sees it in its context. */
  host?: AppContext['host']
  /** BCP 47 locale for apps; default `navigator.language`. */
  locale?: string
  /** Initial theme; default from `prefers-color-scheme`. */
  theme?: Theme
  safeAreaInsets?: SafeAreaInsets
  /** Extra or replacing method handlers; their names are added to the capabilities. */
  handlers?: Partial<Record<MethodName, MethodHandler>>
  /** Per-app call limit (token bucket). Default: burst 200, 100/s. */
  rateLimit?: RateLimitOptions
  /**
   * How the host asks the user: a {@link UiAdapter} (e.g. the wallet's native UI) or a loader of one.
   * Default: the sheets of `@chainless/ui-kit`, rendered in the host page, loaded on first use.
   */
  ui?: UiOption
  /** What the user granted each app, per account. Default: in memory. */
  grants?: GrantStore
  /**
   * Whether the user granted `scope` to `appId` for `account` (the wallet's current account; `''`
   * without a wallet). Default: asks {@link RuntimeHostOptions.grants}.
   */
  isGranted?: (appId: string, scope: string, account: string) => boolean
  /** What the user was shown in each app's security notice. Default: `localStorage` (`chainless:seen-apps`). */
  seenApps?: SeenAppsStore
  /**
   * Where users report an app, shown in the security notice: a URL, or a function of the app's
   * manifest (e.g. `(m) => \`${apiUrl}/report?appId=${m.appId}\``). Default: a placeholder.
   */
  reportUrl?: string | ((manifest: Manifest) => string)
  /** Browser permissions the user granted the app (intersected with the manifest's). Default none. */
  grantedPermissions?: (manifest: Manifest) => readonly BrowserPermission[]
  /** How long a hidden (navigated) app may take to say hello again before it is closed. Default 5000 ms. */
  reconnectTimeoutMs?: number
  /** How long the app's document has to answer one window probe. Default 500 ms. */
  probeTimeoutMs?: number
  /** Time between liveness probes while an app is shown. Default 2000 ms. */
  probeIntervalMs?: number
  /** The host page's origin; default `location.origin`. Normalised; apps on it are refused. */
  origin?: string
  /**
   * The platform's pinned manifest-signing keys (a JWKS or a jose key getter), used by
   * {@link RuntimeHost.loadManifest}. Production wallets ship them with the app.
   */
  manifestKeys?: ManifestKeys
  /**
   * Development only: `mount`/`open` accept any well-formed `Manifest` (not only a
   * {@link VerifiedManifest}), and `host.loadManifest` without `manifestKeys` fetches the keys from
   * the API it verifies (`/.well-known/jwks.json`). Default false.
   */
  allowUnverifiedManifests?: boolean
  /**
   * The wallet's error hook: an unexpected exception while handling an app's message reaches it once
   * (the app's call is answered -32603 without data). Default: `console.error`.
   */
  onError?: (error: unknown) => void
  /**
   * The wallet: signer, platform API, chains (see {@link WalletOptions}). With it the host serves
   * `walletRequest` (EIP-1193) and `walletPay`, the auth methods (`authAuthorize`,
   * `authGetAccessToken`, `authLogout`: README "Auth"), and `host.wallet` is its
   * {@link WalletController}. Without it those methods are not served (4200).
   */
  wallet?: WalletOptions
  /**
   * The apps' key-value storage (`storageGet`/`Set`/`Remove`/`Keys`/`Clear`, README "Storage"): a
   * namespace per app, a per-app quota (default 5 MiB), in the host page's IndexedDB unless a `store`
   * is given. `false` does not serve it (4200); neither does a page without IndexedDB and no `store`.
   */
  storage?: StorageOptions | false
  /**
   * The host UI actions (`uiOpenLink`, `uiShowPopup`, `uiShare`, `uiWriteClipboard`, `uiSetMainButton`,
   * `uiHaptic`, `uiExpand`, `uiScanQr`, README "UI actions"): limits, device and sheets. `false` does
   * not serve them (4200).
   */
  uiActions?: UiActionsOptions | false
  /**
   * Development only: observes (and may mock) every bridge call, refusal and event (see
   * {@link HostInspector}; `@chainless/runtime-host/devtools` builds one). Without it the bridge
   * pays one `undefined` check per call.
   */
  inspector?: HostInspector
}

/** Options of one {@link RuntimeHost.mount}. */
export interface MountOptions {
  /** Parameters for the app (deep link, referral); strings only. Never user data such as the address. */
  launchParams?: Record<string, string>
}

/** Options of {@link RuntimeHost.loadManifest}. */
export interface HostLoadManifestOptions {
  /** Platform API base URL; its origin is the expected issuer. */
  apiUrl: string
  appId: string
  fetch?: typeof fetch
  signal?: AbortSignal
}

/**
 * The wallet's side of the bridge: mounts mini-programs and serves them. `M` is what `mount`/`open`
 * accept: a {@link VerifiedManifest}, or any `Manifest` for a host created with
 * `allowUnverifiedManifests: true`.
 */
export interface RuntimeHost<M extends Manifest = VerifiedManifest> {
  /**
   * Mounts `manifest` in a sandboxed iframe appended to `container`.
   * @throws {MountError} `UNVERIFIED_MANIFEST`, `SAME_ORIGIN`, `INVALID_MANIFEST`, `INVALID_CONTEXT`,
   * `DELISTED` or `HOST_DESTROYED`
   */
  mount(manifest: M, container: HTMLElement, options?: MountOptions): AppHandle
  /**
   * The user-facing way to open an app: shows the security notice (audit, source, rating, the
   * platform's disclaimer, where to report) on first use and again whenever the app's origin, rating,
   * declared scopes or browser permissions changed, and mounts only once the user continues.
   * @throws {UserRejectedError} when the user declines the notice (4001); {@link MountError} as `mount`
   * (also `HOST_DESTROYED` when the host was destroyed while the notice was open).
   */
  open(
    manifest: M,
    container: HTMLElement,
    options?: MountOptions & { signal?: AbortSignal },
  ): Promise<AppHandle>
  /**
   * `loadManifest` with the host's pinned {@link RuntimeHostOptions.manifestKeys}.
   * @throws {MountError} as `loadManifest`; {@link InvalidOptionError} when the host has no keys
   * (and `allowUnverifiedManifests` is not set).
   */
  loadManifest(options: HostLoadManifestOptions): Promise<M>
  /** The UI adapter (loaded on first use). */
  ui(): Promise<UiAdapter>
  /** What the user granted each app, per account. */
  readonly grants: GrantStore
  /** The wallet (current account and chain, connections, transactions, audit log), when configured. */
  readonly wallet: WalletController | undefined
  /** Apps currently mounted. */
  readonly apps: readonly AppHandle[]
  /** The apps' storage (list, remove, clear an app's data), when served. */
  readonly storage: HostStorage | undefined
  /** Changes the theme for every app (`themeChanged`). */
  setTheme(theme: Theme): void
  /** Closes every app and stops listening. */
  destroy(): void
}

/**
 * Creates the runtime host: the wallet-side of the Chainless bridge.
 *
 * @throws {InvalidOptionError} when an option is out of range (a negative or non-finite duration, a
 * rate limit below one call, an origin that is not a URL, a handler name outside the registry).
 * @example
 * ```ts
 * import { createRuntimeHost } from '@chainless/runtime-host'
 * const host = createRuntimeHost({ host: { name: 'My Wallet', version: '1.0.0', platform: 'web' }, manifestKeys })
 * const app = host.mount(await host.loadManifest({ apiUrl, appId: 'hello' }), document.getElementById('app')!)
 * app.on('close', () => console.log('closed'))
 * ```
 */
export function createRuntimeHost(
  options: RuntimeHostOptions & { allowUnverifiedManifests: true },
): RuntimeHost<Manifest>
export function createRuntimeHost(options?: RuntimeHostOptions): RuntimeHost
export function createRuntimeHost(options: RuntimeHostOptions = {}): RuntimeHost<Manifest> {
  const apps = new Set<AppHandle>()
  let destroyed = false
  let theme: Theme =
    options.theme ?? (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
  // Normalised: `https://wallet.example/` and `https://wallet.example` are one origin.
  const hostOrigin = originOption('origin', options.origin ?? globalThis.location.origin)
  const durations = { min: 1, max: MAX_TIMER_MS }
  const reconnectTimeoutMs = numberOption('reconnectTimeoutMs', options.reconnectTimeoutMs, 5000, durations)
  const probeTimeoutMs = numberOption('probeTimeoutMs', options.probeTimeoutMs, 500, durations)
  const probeIntervalMs = numberOption('probeIntervalMs', options.probeIntervalMs, 2000, {
    min: 50,
    max: MAX_TIMER_MS,
  })
  const rateLimit: RateLimitOptions = options.rateLimit ?? DEFAULT_RATE_LIMIT
  assertRateLimitOptions(rateLimit)
  const allowUnverified = options.allowUnverifiedManifests === true
  const onError = options.onError ?? ((error: unknown) => console.error('runtime-host:', error))
  const inspector = inspectorOption(options.inspector)
  const reportUrl = reportUrlOption(options.reportUrl, onError)
  const grants = options.grants ?? new MemoryGrantStore()
  const seenApps = options.seenApps ?? defaultSeenApps()
  const locale = options.locale ?? globalThis.navigator?.language ?? 'en'
  const lazy = lazyUi(options.ui, () => theme, locale)
  const ui = () => lazy.get()
  const handlers = new Map<MethodName, MethodHandler>(lifecycleHandlers)
  for (const [name, handler] of Object.entries(options.handlers ?? {})) {
    // A name outside the registry would be advertised but always refused by the guard.
    if (!isMethodName(name)) {
      throw new InvalidOptionError(`handlers.${name.slice(0, 64)}`, 'a method name of the registry')
    }
    if (handler) handlers.set(name, handler)
  }
  const isGranted =
    options.isGranted ??
    ((appId: string, scope: string, account: string) => grants.list(appId, account).some((s) => s === scope))
  // Late-bound: the auth needs the controller, the controller's tracker and disconnect need the auth.
  let auth: HostAuth | undefined
  const wallet =
    options.wallet === undefined
      ? undefined
      : new WalletController(
          {
            ...options.wallet,
            // The wallet session signs broadcast and relay calls unless the wallet brings its own.
            getSessionToken: options.wallet.getSessionToken ?? (async () => auth?.sessionToken()),
          },
          {
            grants,
            isGranted,
            apps: () => [...apps],
            onDisconnect: async (appId, account) => auth?.disconnected(appId, account),
            sessionToken: async () =>
              options.wallet?.getSessionToken ? options.wallet.getSessionToken() : auth?.sessionToken(),
          },
        )
  if (wallet && options.wallet) {
    auth = createHostAuth({
      controller: wallet,
      grants,
      ui,
      origin: hostOrigin,
      apiUrl: options.wallet.apiUrl,
      fetch: options.wallet.fetch,
    })
    const hostAuth = auth
    const authHandlers: Partial<Record<MethodName, MethodHandler>> = {
      authAuthorize: (params, { app, signal }) => hostAuth.authorize(params as AuthorizeParams, app, signal),
      authGetAccessToken: (params, { app, signal }) =>
        hostAuth.getAccessToken(params as { scope?: readonly Scope[] } | undefined, app, signal),
      authLogout: (_params, { app }) => hostAuth.logout(app),
    }
    for (const [name, handler] of Object.entries(authHandlers) as [MethodName, MethodHandler][]) {
      if (!handlers.has(name)) handlers.set(name, handler)
    }
    const dispatcher = new WalletDispatcher({
      controller: wallet,
      grants,
      ui,
      handlers: walletHandlers,
      pay: walletPayHandler,
    })
    // Wallet methods unless the wallet replaced them in `handlers`.
    if (!handlers.has('walletRequest')) {
      handlers.set('walletRequest', (params, { app, signal }) => dispatcher.request(params, app, signal))
    }
    if (!handlers.has('walletPay')) {
      handlers.set('walletPay', (params, { app, signal }) => dispatcher.pay(params as PayParams, app, signal))
    }
  }
  const storage = resolveStorage(options.storage)
  if (storage) {
    // Storage methods unless the wallet replaced them in `handlers`.
    for (const [name, handler] of storageHandlers(storage))
      if (!handlers.has(name)) handlers.set(name, handler)
  }
  const uiActions =
    options.uiActions === false
      ? undefined
      : createUiActions(options.uiActions ?? {}, { ui, theme: () => theme, locale })
  // UI actions unless the wallet replaced them in `handlers`.
  for (const [name, handler] of uiActions?.handlers ?? [])
    if (!handlers.has(name)) handlers.set(name, handler)
  const served: ReadonlySet<MethodName> = new Set(handlers.keys())
  // The account grants are checked for: the wallet's current one, '' for a host without a wallet
  // (and while the signer has not listed its accounts: a wallet never grants anything for '').
  const currentAccount = (): string => wallet?.account ?? ''
  const tracer = inspector ? new CallTracer(inspector, currentAccount, onError) : undefined

  const assertAlive = () => {
    if (destroyed) throw new MountError('HOST_DESTROYED', 'The runtime host was destroyed')
  }

  /** The checks every mount passes, before any UI is shown; returns the validated, frozen manifest. */
  const admit = (manifest: Manifest): Manifest => {
    assertAlive()
    if (!allowUnverified && !isVerifiedManifest(manifest)) {
      throw new MountError(
        'UNVERIFIED_MANIFEST',
        'Refusing to mount a manifest that loadManifest did not verify (allowUnverifiedManifests is off)',
      )
    }
    const parsed = v.safeParse(manifestSchema, manifest)
    if (!parsed.success) {
      const issues = describeIssues(parsed.issues)
      throw new MountError('INVALID_MANIFEST', `Invalid manifest: ${issues[0]}`, { issues })
    }
    const checked = Object.freeze(parsed.output as Manifest)
    if (originOf(checked.origin) === hostOrigin || originOf(checked.entryUrl) === hostOrigin) {
      throw new MountError(
        'SAME_ORIGIN',
        `Refusing to mount ${checked.appId}: its origin ${checked.origin} is the host's own origin`,
      )
    }
    if (checked.status === 'delisted') {
      throw new MountError('DELISTED', `Refusing to mount ${checked.appId}: the app is delisted`)
    }
    return checked
  }

  const onMessage = (event: MessageEvent) => {
    if (event.source === null) return
    for (const app of apps) {
      if (app.iframe.contentWindow === event.source) {
        app.handleWindowMessage(event)
        return
      }
    }
  }
  globalThis.addEventListener('message', onMessage)

  function mountChecked(manifest: Manifest, container: HTMLElement, mountOptions: MountOptions): AppHandle {
    assertAlive()
    const context: AppContext = {
      app: {
        appId: manifest.appId,
        name: manifest.name,
        version: manifest.version,
        origin: manifest.origin,
      },
      host: options.host ?? { name: 'Chainless', version: RUNTIME_HOST_VERSION, platform: 'web' },
      locale,
      theme,
      safeAreaInsets: options.safeAreaInsets ?? { top: 0, right: 0, bottom: 0, left: 0 },
      launchParams: { ...mountOptions.launchParams },
    }
    // Wallet-supplied parts of the context must survive postMessage and keep the protocol's shapes.
    const contextCheck = v.safeParse(appContextSchema, context)
    if (!contextCheck.success) {
      const issues = describeIssues(contextCheck.issues)
      throw new MountError('INVALID_CONTEXT', `Invalid context: ${issues[0]}`, { issues })
    }
    const app = new AppHandle(
      {
        manifest,
        context,
        handlers,
        served,
        rateLimit,
        permissions: options.grantedPermissions?.(manifest) ?? [],
        reconnectTimeoutMs,
        probeTimeoutMs,
        probeIntervalMs,
        isGranted,
        grants,
        account: currentAccount,
        ui,
        onError,
        onClosed: (closed) => apps.delete(closed),
        tracer,
      },
      container,
    )
    if (wallet) app.on('ready', () => void wallet.appReady(app))
    uiActions?.attach(app)
    apps.add(app)
    return app
  }

  const host: RuntimeHost<Manifest> = {
    get apps() {
      return [...apps]
    },
    grants,
    wallet,
    storage,
    ui,
    async open(manifest, container, openOptions = {}) {
      const { signal, ...mountOptions } = openOptions
      const checked = admit(manifest)
      const fingerprint = noticeFingerprint(checked)
      if (seenApps.get(checked.appId) !== fingerprint) {
        const adapter = await ui()
        assertAlive()
        await adapter.securityNotice({
          manifest: checked,
          reportUrl: reportUrl(checked),
          ...(signal ? { signal } : {}),
        })
        seenApps.set(checked.appId, fingerprint)
      }
      // The host may have been destroyed while the user read the notice.
      return mountChecked(checked, container, mountOptions)
    },
    mount(manifest, container, mountOptions = {}) {
      return mountChecked(admit(manifest), container, mountOptions)
    },
    loadManifest(loadOptions) {
      const keys = options.manifestKeys ?? (allowUnverified ? 'unpinned' : undefined)
      if (keys === undefined) {
        return Promise.reject(
          new InvalidOptionError(
            'manifestKeys',
            "the platform's pinned manifest keys (or allowUnverifiedManifests in development)",
          ),
        )
      }
      return loadManifest({ ...loadOptions, keys })
    },
    setTheme(next) {
      theme = next
      for (const app of apps) app.setTheme(next)
      lazy.loaded()?.setTheme?.(next)
    },
    destroy() {
      destroyed = true
      globalThis.removeEventListener('message', onMessage)
      for (const app of [...apps]) app.close('destroyed')
      wallet?.destroy()
    },
  }
  return host
}

const DEFAULT_REPORT_URL = 'https://chainless.example/report'

/** The `reportUrl` option as a function of the manifest; a function that fails falls back to the default. */
function reportUrlOption(value: unknown, onError: (error: unknown) => void): (manifest: Manifest) => string {
  if (value === undefined) return () => DEFAULT_REPORT_URL
  if (typeof value === 'string') return () => value
  if (typeof value !== 'function') {
    throw new InvalidOptionError('reportUrl', 'a URL string or a function of the manifest')
  }
  return (manifest) => {
    try {
      const url: unknown = value(manifest)
      if (typeof url === 'string') return url
      onError(new InvalidOptionError('reportUrl', 'a function that returns a string'))
    } catch (error) {
      onError(error)
    }
    return DEFAULT_REPORT_URL
  }
}

/** Up to 10 schema issues as `path: message` lines. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 10).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`)
}
