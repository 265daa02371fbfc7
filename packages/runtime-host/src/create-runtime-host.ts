import {
  type AppContext,
  type BrowserPermission,
  isMethodName,
  type Manifest,
  type MethodName,
  type SafeAreaInsets,
  type Theme,
  type UiAdapter,
} from '@chainless/protocol'
import { appContextSchema, manifestSchema } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { AppHandle, type MethodHandler } from './app-handle.js'
import { MountError } from './errors.js'
import { defaultSeenApps, type GrantStore, MemoryGrantStore, type SeenAppsStore } from './grants.js'
import { lifecycleHandlers } from './handlers.js'
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit.js'
import { lazyUi, type UiOption } from './ui.js'
import { RUNTIME_HOST_VERSION } from './version.js'

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
  /** What the user granted each app. Default: in memory. */
  grants?: GrantStore
  /** Whether the user granted `scope` to `appId`. Default: asks {@link RuntimeHostOptions.grants}. */
  isGranted?: (appId: string, scope: string) => boolean
  /** Apps whose security notice the user has seen. Default: `localStorage` (`chainless:seen-apps`). */
  seenApps?: SeenAppsStore
  /** Where users report an app, shown in the security notice. */
  reportUrl?: string
  /** Browser permissions the user granted the app (intersected with the manifest's). Default none. */
  grantedPermissions?: (manifest: Manifest) => readonly BrowserPermission[]
  /** How long a navigated app may take to say hello again before it is closed. Default 5000 ms. */
  reconnectTimeoutMs?: number
  /** How long the previous document has to answer a probe after an iframe load. Default 500 ms. */
  probeTimeoutMs?: number
  /** The host page's origin; default `location.origin`. Apps on it are refused. */
  origin?: string
}

/** Options of one {@link RuntimeHost.mount}. */
export interface MountOptions {
  /** Parameters for the app (deep link, referral); strings only. */
  launchParams?: Record<string, string>
}

/** The wallet's side of the bridge: mounts mini-programs and serves them. */
export interface RuntimeHost {
  /**
   * Mounts `manifest` in a sandboxed iframe appended to `container`.
   * @throws {MountError} `SAME_ORIGIN`, `INVALID_MANIFEST`, `DELISTED` or `HOST_DESTROYED`
   */
  mount(manifest: Manifest, container: HTMLElement, options?: MountOptions): AppHandle
  /**
   * The user-facing way to open an app: on its first use shows the security notice (audit, source,
   * rating, the platform's disclaimer, where to report) and mounts only once the user continues.
   * @throws {UserRejectedError} when the user declines the notice (4001); {@link MountError} as `mount`.
   */
  open(
    manifest: Manifest,
    container: HTMLElement,
    options?: MountOptions & { signal?: AbortSignal },
  ): Promise<AppHandle>
  /** The UI adapter (loaded on first use). */
  ui(): Promise<UiAdapter>
  /** What the user granted each app. */
  readonly grants: GrantStore
  /** Apps currently mounted. */
  readonly apps: readonly AppHandle[]
  /** Changes the theme for every app (`themeChanged`). */
  setTheme(theme: Theme): void
  /** Closes every app and stops listening. */
  destroy(): void
}

/**
 * Creates the runtime host: the wallet-side of the Chainless bridge.
 *
 * @example
 * ```ts
 * import { createRuntimeHost } from '@chainless/runtime-host'
 * const host = createRuntimeHost({ host: { name: 'My Wallet', version: '1.0.0', platform: 'web' } })
 * const app = host.mount(manifest, document.getElementById('app')!)
 * app.on('close', () => console.log('closed'))
 * ```
 */
export function createRuntimeHost(options: RuntimeHostOptions = {}): RuntimeHost {
  const apps = new Set<AppHandle>()
  let destroyed = false
  let theme: Theme =
    options.theme ?? (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
  const hostOrigin = options.origin ?? globalThis.location.origin
  const grants = options.grants ?? new MemoryGrantStore()
  const seenApps = options.seenApps ?? defaultSeenApps()
  const locale = options.locale ?? globalThis.navigator?.language ?? 'en'
  const lazy = lazyUi(options.ui, () => theme, locale)
  const ui = () => lazy.get()
  const handlers = new Map<MethodName, MethodHandler>(lifecycleHandlers)
  for (const [name, handler] of Object.entries(options.handlers ?? {})) {
    // A name outside the registry would be advertised but always refused by the guard.
    if (!isMethodName(name)) throw new TypeError(`handlers: "${name}" is not a method of the registry`)
    if (handler) handlers.set(name, handler)
  }
  const served: ReadonlySet<MethodName> = new Set(handlers.keys())

  /** The checks every mount passes, before any UI is shown; returns the validated, frozen manifest. */
  const admit = (manifest: Manifest): Manifest => {
    if (destroyed) throw new MountError('HOST_DESTROYED', 'The runtime host was destroyed')
    const parsed = v.safeParse(manifestSchema, manifest)
    if (!parsed.success) {
      const issues = describeIssues(parsed.issues)
      throw new MountError('INVALID_MANIFEST', `Invalid manifest: ${issues[0]}`, { issues })
    }
    const checked = Object.freeze(parsed.output as Manifest)
    if (checked.origin === hostOrigin) {
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
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
        permissions: options.grantedPermissions?.(manifest) ?? [],
        reconnectTimeoutMs: options.reconnectTimeoutMs ?? 5000,
        probeTimeoutMs: options.probeTimeoutMs ?? 500,
        isGranted: options.isGranted ?? ((appId, scope) => grants.list(appId).some((s) => s === scope)),
        grants,
        ui,
        onClosed: (closed) => apps.delete(closed),
      },
      container,
    )
    apps.add(app)
    return app
  }

  const host: RuntimeHost = {
    get apps() {
      return [...apps]
    },
    grants,
    ui,
    async open(manifest, container, openOptions = {}) {
      const { signal, ...mountOptions } = openOptions
      const checked = admit(manifest)
      if (!seenApps.has(checked.appId)) {
        const adapter = await ui()
        await adapter.securityNotice({
          manifest: checked,
          reportUrl: options.reportUrl ?? 'https://chainless.example/report',
          ...(signal ? { signal } : {}),
        })
        seenApps.add(checked.appId)
      }
      return mountChecked(checked, container, mountOptions)
    },
    mount(manifest, container, mountOptions = {}) {
      return mountChecked(admit(manifest), container, mountOptions)
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
    },
  }
  return host
}

/** Up to 10 schema issues as `path: message` lines. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 10).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`)
}
