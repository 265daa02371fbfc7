import {
  type AppContext,
  type BrowserPermission,
  type HostEventName,
  type HostEvents,
  isCompatibleProtocol,
  type Manifest,
  MESSAGE_PREFIX,
  METHODS,
  type MethodName,
  PROTOCOL_VERSION,
  type RefuseMessage,
  type Scope,
  type UiAdapter,
  UnauthorizedError,
  UnsupportedMethodError,
  type WelcomeMessage,
} from '@chainless/protocol'
import { helloSchema } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { Emitter } from './emitter.js'
import type { GrantStore } from './grants.js'
import { createAppIframe } from './iframe.js'
import { type RateLimitOptions, TokenBucket } from './rate-limit.js'
import { BridgeSession } from './session.js'

/** Lifecycle of a mounted app. */
export type AppState = 'loading' | 'connected' | 'ready' | 'closed'

/** Why an app was closed. */
export type CloseReason = 'host' | 'app' | 'navigated' | 'no-handshake' | 'destroyed'

/** Events of an {@link AppHandle}. */
export interface AppHandleEvents {
  /** The state changed. */
  state: AppState
  /** The app called `ready()`: drop the splash. */
  ready: undefined
  /** The app is gone (iframe removed). */
  close: { reason: CloseReason }
  /** The app showed or hid the back button. */
  backButton: { visible: boolean }
  /** Something the wallet should know about (refused handshake, foreign document). */
  error: { code: number; message: string; data?: unknown }
}

/** A bridge method implementation. `signal` aborts on timeout or teardown. */
export type MethodHandler<M extends MethodName = MethodName> = (
  params: unknown,
  context: { app: AppHandle; signal: AbortSignal; method: M },
) => Promise<unknown> | unknown

/** @internal What an AppHandle needs from its host. */
export interface AppHandleDeps {
  manifest: Manifest
  context: AppContext
  handlers: ReadonlyMap<MethodName, MethodHandler>
  /** The names of `handlers`: the capabilities, computed once per host. */
  served: ReadonlySet<MethodName>
  rateLimit: RateLimitOptions
  permissions: readonly BrowserPermission[]
  reconnectTimeoutMs: number
  probeTimeoutMs: number
  isGranted: (appId: string, scope: string) => boolean
  grants: GrantStore
  ui: () => Promise<UiAdapter>
  onClosed: (app: AppHandle) => void
}

/**
 * A mini-program mounted by the runtime host. Created by `host.mount()`.
 *
 * @example
 * ```ts
 * const app = host.mount(manifest, document.querySelector('#app')!)
 * app.on('ready', () => hideSplash())
 * app.on('close', ({ reason }) => showLauncher())
 * ```
 */
export class AppHandle extends Emitter<AppHandleEvents> {
  /** The manifest this app was mounted with. */
  readonly manifest: Manifest
  /** The sandboxed iframe. */
  readonly iframe: HTMLIFrameElement
  #state: AppState = 'loading'
  #context: AppContext
  #session: BridgeSession | undefined
  #backButtonVisible = false
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  readonly #deps: AppHandleDeps
  readonly #bucket: TokenBucket
  readonly #served: ReadonlySet<MethodName>

  /** @internal use `host.mount()` */
  constructor(deps: AppHandleDeps, container: HTMLElement) {
    super()
    this.#deps = deps
    this.manifest = deps.manifest
    this.#context = deps.context
    this.#bucket = new TokenBucket(deps.rateLimit)
    this.#served = deps.served
    this.iframe = createAppIframe(deps.manifest, deps.permissions)
    // Shown once the manifest's origin said hello: a document that never does (a redirect to
    // another site, a broken entry) is never visible inside the wallet.
    this.iframe.style.visibility = 'hidden'
    this.iframe.addEventListener('load', () => this.#onLoad())
    container.append(this.iframe)
  }

  /** Current lifecycle state. */
  get state(): AppState {
    return this.#state
  }

  /** The context sent to the app (and kept current: theme, visibility). */
  get context(): AppContext {
    return this.#context
  }

  /** Whether the app asked for the host's back button. */
  get backButtonVisible(): boolean {
    return this.#backButtonVisible
  }

  /** Method names this host serves the app (the `capabilities` of `welcome`). */
  get capabilities(): readonly MethodName[] {
    return [...this.#served]
  }

  /** Calls in flight on the host side. */
  get pendingCalls(): number {
    return this.#session?.inFlight ?? 0
  }

  /** Sends a host event to the app. Fire and forget: false when no session is connected. */
  send<E extends HostEventName>(event: E, data: HostEvents[E]): boolean {
    return this.#session?.send(event, data) ?? false
  }

  /** Tells the app whether it is visible (e.g. the wallet switched tabs). */
  setVisible(visible: boolean): void {
    this.send('visibilityChanged', { visible })
  }

  /** @internal The host changed theme. */
  setTheme(theme: AppContext['theme']): void {
    if (this.#context.theme === theme) return
    this.#context = { ...this.#context, theme }
    this.send('themeChanged', theme)
  }

  /**
   * The user pressed the host's back button. Returns true when the app handles it (it showed the
   * back button and gets a `backButton` event), false when the host should act (e.g. close).
   */
  pressBackButton(): boolean {
    if (!this.#backButtonVisible || !this.#session) return false
    return this.send('backButton', {})
  }

  /**
   * Shows the app info page (developer, version, audit, contracts, rating, grants). Scopes the user
   * revokes there are removed from the grant store and the app gets `authRevoked`. Resolves with
   * the revoked scopes; closing the page resolves with none.
   */
  async showInfo(options: { signal?: AbortSignal } = {}): Promise<readonly Scope[]> {
    const ui = await this.#deps.ui()
    const grants = this.#deps.grants.list(this.manifest.appId)
    let revoke: readonly Scope[]
    try {
      ;({ revoke } = await ui.appInfo({ manifest: this.manifest, grants, ...options }))
    } catch (error) {
      if ((error as { code?: number }).code === 4001) return []
      throw error
    }
    const revoked = revoke.filter((scope) => grants.includes(scope))
    if (revoked.length > 0) {
      this.#deps.grants.revoke(this.manifest.appId, revoked)
      this.send('authRevoked', { scopes: revoked })
    }
    return revoked
  }

  /** Closes the app: the session ends (pending calls settle with 4900) and the iframe is removed. */
  close(reason: CloseReason = 'host'): void {
    if (this.#state === 'closed') return
    clearTimeout(this.#reconnectTimer)
    this.#session?.close(reason)
    this.#session = undefined
    this.iframe.remove()
    this.#setState('closed')
    this.fire('close', { reason })
    this.#deps.onClosed(this)
  }

  /** @internal A window message whose source is this app's iframe. */
  handleWindowMessage(event: MessageEvent): void {
    if (this.#state === 'closed') return
    const data: unknown = event.data
    if (typeof data !== 'object' || data === null) return
    const type = (data as { type?: unknown }).type
    if (typeof type !== 'string' || !type.startsWith(MESSAGE_PREFIX)) return
    if (event.origin !== this.manifest.origin) {
      // A document of another origin is in our iframe and talks to us: the app navigated away
      // (or its entry redirected). Never show it inside the wallet.
      this.fire(
        'error',
        new UnauthorizedError('Message from an unexpected origin', { origin: event.origin }).toJSON(),
      )
      this.close('navigated')
      return
    }
    if (type !== 'chainless:hello') return
    const hello = v.safeParse(helloSchema, data)
    if (!hello.success) return
    if (!isCompatibleProtocol(PROTOCOL_VERSION, hello.output.protocol)) {
      const error = new UnsupportedMethodError('Unsupported protocol version', {
        host: PROTOCOL_VERSION,
        app: hello.output.protocol,
      }).toJSON()
      ;(event.source as Window | null)?.postMessage(
        { type: 'chainless:refuse', error } satisfies RefuseMessage,
        this.manifest.origin,
      )
      this.fire('error', error)
      return
    }
    this.#connect(event.source as Window)
  }

  #connect(target: Window): void {
    // One hello per document: a new one means a new document (reload or same-origin navigation).
    this.#session?.close('reloaded')
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = undefined
    const channel = new MessageChannel()
    const session = new BridgeSession({
      port: channel.port1,
      served: this.#served,
      bucket: this.#bucket,
      dispatch: (method, params, signal) => this.#dispatch(method, params, signal),
      onClose: (reason) => {
        if (this.#session === session && reason === 'peer-closed') this.#lost()
      },
    })
    this.#session = session
    const welcome = {
      type: 'chainless:welcome',
      protocol: PROTOCOL_VERSION,
      capabilities: [...this.#served],
      context: this.#context,
    } satisfies WelcomeMessage
    target.postMessage(welcome, this.manifest.origin, [channel.port2])
    this.iframe.style.visibility = ''
    this.#setState('connected')
  }

  #dispatch(method: MethodName, params: unknown, signal: AbortSignal): unknown {
    const scope = METHODS[method].scope
    if (scope !== null) {
      if (!this.manifest.scopes.includes(scope)) {
        throw new UnauthorizedError('Scope not declared in the manifest', { scope })
      }
      if (!this.#deps.isGranted(this.manifest.appId, scope)) {
        throw new UnauthorizedError('Scope not granted', { scope })
      }
    }
    // The guard only lets served names through, and served names are the handlers' keys.
    const handler = this.#deps.handlers.get(method)!
    return handler(params, { app: this, signal, method })
  }

  /** @internal built-in `ready` */
  markReady(): void {
    if (this.#state !== 'connected') return
    this.#setState('ready')
    this.fire('ready', undefined)
  }

  /** @internal built-in `setBackButton` */
  setBackButtonVisible(visible: boolean): void {
    if (this.#backButtonVisible === visible) return
    this.#backButtonVisible = visible
    this.fire('backButton', { visible })
  }

  #onLoad(): void {
    const session = this.#session
    if (!session) {
      // A document finished loading without a handshake: give it the reconnect time, then close.
      this.#reconnectTimer ??= setTimeout(() => this.close('no-handshake'), this.#deps.reconnectTimeoutMs)
      return
    }
    // A load after the handshake may be a new document; ask the old one whether it is still there.
    void session.probe(this.#deps.probeTimeoutMs).then((alive) => {
      if (!alive && this.#session === session) this.#lost()
    })
  }

  /** The connected document is gone: hide the iframe until the app's origin says hello again. */
  #lost(): void {
    if (this.#state === 'closed') return
    this.#session?.close('navigated')
    this.#session = undefined
    this.#backButtonVisible = false
    this.iframe.style.visibility = 'hidden'
    this.#setState('loading')
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = setTimeout(() => this.close('navigated'), this.#deps.reconnectTimeoutMs)
  }

  #setState(state: AppState): void {
    if (this.#state === state) return
    this.#state = state
    this.fire('state', state)
  }
}
