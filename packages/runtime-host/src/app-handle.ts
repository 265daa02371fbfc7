import type {
  AppContext,
  BrowserPermission,
  HostEventName,
  HostEvents,
  Manifest,
  MethodName,
  RefuseMessage,
  Scope,
  UiAdapter,
} from '@chainless/protocol'
import {
  DisconnectedError,
  ErrorCode,
  errorFromPayload,
  InternalError,
  InvalidParamsError,
  isMethodName,
  METHODS,
  RateLimitedError,
  TimeoutError,
  toErrorPayload,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
import { methodSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { showAppInfo } from './app-info.js'
import { applyInterception, type CallTracer, isMockedError, type TracedCall } from './call-tracer.js'
import { Emitter } from './emitter.js'
import type { GrantStore } from './grants.js'
import { HELLO_FLOOD_CLOSE, helloBucket, readWindowMessage, welcomeMessage } from './handshake.js'
import { createAppIframe } from './iframe.js'
import { Liveness } from './liveness.js'
import { measureJsonLike } from './measure.js'
import { type RateLimitOptions, TokenBucket } from './rate-limit.js'
import { assertMayCall, type IsGranted, mayReceive } from './scope-policy.js'
import { BridgeSession, MAX_RESULT_BYTES } from './session.js'

/** Lifecycle of a mounted app. */
export type AppState = 'loading' | 'connected' | 'ready' | 'closed'

/** Why an app was closed. */
export type CloseReason = 'host' | 'app' | 'navigated' | 'no-handshake' | 'destroyed' | 'rate-limited'

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
  probeIntervalMs: number
  isGranted: IsGranted
  grants: GrantStore
  /** The wallet's current account (checksummed), `''` for a host without a wallet: grants are per account. */
  account: () => string
  ui: () => Promise<UiAdapter>
  onError: ((error: unknown) => void) | undefined
  onClosed: (app: AppHandle) => void
  /** The host's inspector, when it has one. */
  tracer?: CallTracer | undefined
}

/** Consecutive unanswered window probes before a shown app is hidden (probe.md). */
const PROBE_MISSES = 3

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
  readonly #hellos = helloBucket()
  #droppedHellos = 0
  readonly #liveness: Liveness

  /** @internal use `host.mount()` */
  constructor(deps: AppHandleDeps, container: HTMLElement) {
    super()
    this.#deps = deps
    this.manifest = deps.manifest
    this.#context = deps.context
    this.#bucket = new TokenBucket(deps.rateLimit)
    this.iframe = createAppIframe(deps.manifest, deps.permissions)
    this.#liveness = new Liveness({
      iframe: this.iframe,
      origin: deps.manifest.origin,
      intervalMs: deps.probeIntervalMs,
      timeoutMs: deps.probeTimeoutMs,
      misses: PROBE_MISSES,
      onLost: () => this.#lost(),
    })
    // Shown once the manifest's origin said hello: a document that never does (a redirect to
    // another site, a broken entry) is never visible inside the wallet.
    this.iframe.style.visibility = 'hidden'
    this.iframe.addEventListener('load', () => this.#onLoad())
    deps.tracer?.mounted(this, (method, params, signal) => this.#callAs(method, params, signal))
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
    return [...this.#deps.served]
  }

  /** Calls in flight on the host side. */
  get pendingCalls(): number {
    return this.#session?.inFlight ?? 0
  }

  /**
   * Sends a host event to the app. Fire and forget: false when no session is connected, or when the
   * event carries user data the app may not have — `accountsChanged` only reaches an app that declared
   * and was granted `user:basic` for the wallet's current account.
   */
  send<E extends HostEventName>(event: E, data: HostEvents[E]): boolean {
    const delivered =
      this.#session !== undefined &&
      mayReceive(this.manifest, event, this.#deps.isGranted, this.#deps.account()) &&
      this.#session.send(event, data)
    this.#deps.tracer?.event(this.manifest.appId, event, data, delivered)
    return delivered
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
    const account = this.#deps.account()
    const revoked = await showAppInfo(
      this.manifest,
      this.#deps.grants,
      account,
      this.#deps.ui,
      options.signal,
    )
    if (revoked.includes('user:basic')) this.notifyDisconnected()
    if (revoked.length > 0) this.send('authRevoked', { scopes: revoked })
    return revoked
  }

  /**
   * @internal EIP-1193 `accountsChanged` with `[]`: the app may no longer see the account it had
   * (disconnected, revoked, or the wallet switched to an account it is not connected for). Sent
   * without the grant check, which no longer passes by then; `[]` carries no user data.
   */
  notifyDisconnected(): boolean {
    const delivered = this.#session?.send('accountsChanged', []) ?? false
    this.#deps.tracer?.event(this.manifest.appId, 'accountsChanged', [], delivered)
    return delivered
  }

  /** Closes the app: the session ends (pending calls settle with 4900) and the iframe is removed. */
  close(reason: CloseReason = 'host'): void {
    if (this.#state === 'closed') return
    clearTimeout(this.#reconnectTimer)
    this.#liveness.stop()
    this.#endSession(reason)
    this.iframe.remove()
    this.#setState('closed')
    this.fire('close', { reason })
    this.#deps.onClosed(this)
  }

  /** @internal A window message whose source is this app's iframe. */
  handleWindowMessage(event: MessageEvent): void {
    if (this.#state === 'closed') return
    const message = readWindowMessage(event.data, event.origin, this.manifest.origin)
    switch (message.kind) {
      case 'ignore':
        return
      case 'probe-ack':
        this.#liveness.ack(message.id)
        return
      case 'foreign':
        // A document of another origin is in our iframe and talks to us: the app navigated away
        // (or its entry redirected). Never show it inside the wallet.
        this.fire('error', message.error)
        this.close('navigated')
        return
    }
    // A hello (or a refused one) builds state: a flood of them is dropped here, without a channel.
    if (this.#hellos.take() > 0) {
      // Dropping is cheap, but each message still costs this page a task: an app that keeps saying
      // hello past the limit is closed, and the browser stops delivering its queued messages.
      if (++this.#droppedHellos > HELLO_FLOOD_CLOSE) {
        this.fire('error', toErrorPayload(new RateLimitedError('Handshake flood: app closed')))
        this.close('rate-limited')
      }
      return
    }
    const source = event.source as Window
    if (message.kind === 'refuse') {
      source.postMessage(
        { type: 'chainless:refuse', error: message.error } satisfies RefuseMessage,
        this.manifest.origin,
      )
      this.fire('error', message.error)
      return
    }
    this.#connect(source)
  }

  #connect(target: Window): void {
    // One hello per document: a new one means a new document (reload or same-origin navigation).
    this.#endSession('reloaded')
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = undefined
    const channel = new MessageChannel()
    const session = new BridgeSession({
      port: channel.port1,
      served: this.#deps.served,
      bucket: this.#bucket,
      dispatch: (method, params, signal, trace) => this.#dispatch(method, params, signal, trace),
      ...(this.#deps.onError ? { onError: this.#deps.onError } : {}),
      ...(this.#deps.tracer ? { inspect: { tracer: this.#deps.tracer, appId: this.manifest.appId } } : {}),
      // The session ended by itself (peer gone, flood): hide until the app's origin says hello again.
      onClose: () => {
        if (this.#session === session) this.#lost()
      },
    })
    this.#session = session
    target.postMessage(welcomeMessage(this.#deps.served, this.#context), this.manifest.origin, [
      channel.port2,
    ])
    this.iframe.style.visibility = ''
    this.#liveness.stop()
    this.#liveness.start()
    this.#setState('connected')
  }

  #dispatch(method: MethodName, params: unknown, signal: AbortSignal, trace?: TracedCall): unknown {
    assertMayCall(this.manifest, method, this.#deps.isGranted, this.#deps.account())
    // The guard only lets served names through, and served names are the handlers' keys.
    const handler = this.#deps.handlers.get(method)!
    if (trace === undefined) return handler(params, { app: this, signal, method })
    const interception = this.#deps.tracer?.intercept(trace)
    if (interception === undefined) return handler(params, { app: this, signal, method })
    trace.mocked = true
    return applyInterception(interception, signal, () => handler(params, { app: this, signal, method }))
  }

  /**
   * The inspector's `callAs`: a call as this app would make it, minus the window guard and the rate
   * limit (the workbench is the wallet's own code), with the same params validation, scope check,
   * interception, timeout and plain-result rule. Rejects with the error the app would get.
   */
  async #callAs(method: MethodName, params: unknown, signal?: AbortSignal): Promise<unknown> {
    const appId = this.manifest.appId
    if (this.#state === 'closed') throw new DisconnectedError('App not mounted', { appId })
    if (typeof method !== 'string' || !isMethodName(method) || !this.#deps.served.has(method)) {
      throw new UnsupportedMethodError('Unsupported method', {
        method: typeof method === 'string' ? method.slice(0, 64) : typeof method,
      })
    }
    const parsed = v.safeParse(methodSchemas[method].params, params)
    if (!parsed.success) {
      const issues = parsed.issues.slice(0, 5).map((issue) => ({
        path: v.getDotPath(issue) ?? '',
        message: issue.message.slice(0, 200),
      }))
      throw new InvalidParamsError('Invalid params', { method, issues })
    }
    const tracer = this.#deps.tracer!
    const trace = tracer.begin(appId, method, parsed.output, 'devtools')
    const controller = new AbortController()
    const { timeoutMs } = METHODS[method]
    const timer = setTimeout(
      () => controller.abort(new TimeoutError('Timed out', { method, timeoutMs })),
      timeoutMs,
    )
    const onAbort = () => controller.abort(new UserRejectedError('Call aborted'))
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()
    const offClose = this.on('close', () => controller.abort(new DisconnectedError('App closed', { appId })))
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => {
          controller.signal.throwIfAborted()
          return this.#dispatch(method, parsed.output, controller.signal, trace)
        }),
        new Promise<never>((_, reject) => {
          if (controller.signal.aborted) reject(controller.signal.reason)
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
        }),
      ])
      if (measureJsonLike(result, MAX_RESULT_BYTES) === Number.POSITIVE_INFINITY) {
        throw new InternalError('Handler result is not plain data')
      }
      tracer.settle(trace, { ok: true, result })
      return result
    } catch (error) {
      const payload = toErrorPayload(error)
      if (payload.code === ErrorCode.Internal && !isMockedError(error)) this.#report(error)
      tracer.settle(trace, { ok: false, error: payload })
      throw errorFromPayload(payload)
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      offClose()
    }
  }

  #report(error: unknown): void {
    try {
      this.#deps.onError?.(error)
    } catch (hookError) {
      queueMicrotask(() => {
        throw hookError
      })
    }
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
    if (this.#state === 'closed') return
    if (!this.#session) {
      // A document finished loading without a handshake: give it the reconnect time, then close.
      this.#reconnectTimer ??= setTimeout(() => this.close('no-handshake'), this.#deps.reconnectTimeoutMs)
      return
    }
    // A load after the handshake may be a new document: ask the app's document whether it is there.
    this.#liveness.check()
  }

  /** The connected document is gone: hide the iframe until the app's origin says hello again. */
  #lost(): void {
    if (this.#state === 'closed') return
    this.#liveness.stop()
    this.#endSession('navigated')
    this.#backButtonVisible = false
    this.iframe.style.visibility = 'hidden'
    this.#setState('loading')
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = setTimeout(() => this.close('navigated'), this.#deps.reconnectTimeoutMs)
  }

  /** Ends the current session; its own `onClose` then sees it is no longer current. */
  #endSession(reason: string): void {
    const session = this.#session
    this.#session = undefined
    session?.close(reason)
  }

  #setState(state: AppState): void {
    if (this.#state === state) return
    this.#state = state
    this.fire('state', state)
  }
}
