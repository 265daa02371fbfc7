import {
  type AppContext,
  BridgeError,
  DisconnectedError,
  ErrorCode,
  errorFromPayload,
  type HostEventName,
  InternalError,
  type MethodName,
  PROTOCOL_VERSION,
} from '@chainless/protocol'
import { isInHost } from './is-in-host.js'
import { answerProbes } from './probe.js'
import { checkTimeout, startTimer } from './timer.js'
import { SDK_VERSION } from './version.js'

/** Options of the handshake. */
export interface ConnectOptions {
  /**
   * How long to wait for the host's `welcome`, in ms. Default 1000. `Infinity` waits for ever; a
   * longer delay than 2³¹−1 ms waits that long; NaN or a negative number rejects with -32602.
   */
  timeout?: number
  /**
   * Stop waiting: this caller rejects with `signal.reason` at once. A handshake that other callers
   * share keeps going (until its own `timeout`).
   */
  signal?: AbortSignal
  /**
   * Accept a host only on one of these origins (pinning). Default: any `window.parent`. Once given,
   * it applies to every later handshake too, reconnections included.
   */
  hostOrigins?: readonly string[]
}

/** @internal A connected bridge. */
export interface Connection {
  context: AppContext
  /** The origin the `welcome` came from. */
  hostOrigin: string
  capabilities: ReadonlySet<string>
  /** Ends the session on our side (we refused the host): pending calls reject with 4900, no reconnect. */
  disconnect(reason: string): void
  /** Posts a call; `signal` (the caller's timeout and abort in one) drops it. */
  call(method: MethodName, params: unknown, signal?: AbortSignal): Promise<unknown>
}

type Listener = (data: never) => void

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

// Host reasons after which the app is not wanted back: no reconnect.
const FINAL_REASONS = ['closed', 'destroyed', 'host', 'app']

// Module state, created lazily: nothing runs at import (SSR-safe).
let connecting: Promise<Connection> | undefined
let live: { port: MessagePort; pending: Map<string, Pending>; connection?: Connection } | undefined
let counter = 0
let pinned: readonly string[] | undefined
let readySent = false
/** @internal The live connection, if any: calls skip the handshake promise (one tick less per call). */
export function current(): Connection | undefined {
  return live?.connection
}
/** @internal */
export const listeners = new Map<HostEventName, Set<Listener>>()
/** @internal How many times the app closed: emitters made earlier drop their listeners (events/). */
export let closes = 0
/** @internal On `close()`: no listener of host events, nor of an emitter, survives it. */
export function dropListeners(): void {
  listeners.clear()
  closes++
}
// One watcher (the wallet's provider): a plain variable costs the ready-only bundle a few bytes only.
let sessionWatcher: ((connection?: Connection) => void) | undefined
/** @internal Told when a session starts (with its connection) and when it ends (no argument). */
export function watchSessions(watcher: (connection?: Connection) => void): void {
  sessionWatcher = watcher
}

/**
 * @internal Handshake once; later calls share the same connection. The handshake is shared, so a
 * caller's `signal` only stops that caller from waiting: it must not reject the others.
 */
export function connect({ signal, timeout = 1000, hostOrigins }: ConnectOptions = {}): Promise<Connection> {
  const invalid = checkTimeout(timeout)
  if (invalid) return Promise.reject(invalid)
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (hostOrigins) pinned = hostOrigins
  connecting ??= handshake(timeout).catch((error: unknown) => {
    connecting = undefined
    throw error
  })
  if (!signal) return connecting
  const shared = connecting
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** @internal Tells the host the app rendered; sent again after each reconnection. */
export function sendReady(connection: Connection): void {
  readySent = true
  connection.call('ready', undefined).catch(() => {})
}

function handshake(timeout: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    if (!isInHost()) {
      reject(new DisconnectedError('Not running inside a Chainless host'))
      return
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    // A host that answered on an origin the app did not pin: named in the timeout error, so a pin
    // copied from an example ("No host answered" while the wallet shows the app) explains itself.
    let unpinnedOrigin: string | undefined
    const finish = (error?: Error, connection?: Connection) => {
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      if (error) reject(error)
      else resolve(connection!)
    }
    const onMessage = ({ source, origin, data, ports }: MessageEvent) => {
      // Only the frame that embeds us, on a pinned origin when asked.
      if (source !== window.parent) return
      const { type, error, context, capabilities } = (typeof data === 'object' && data) || {}
      if (pinned && !pinned.includes(origin)) {
        if (type === 'chainless:welcome' || type === 'chainless:refuse')
          unpinnedOrigin = String(origin).slice(0, 200)
        return
      }
      if (type === 'chainless:refuse') return finish(errorFromPayload(error))
      if (type !== 'chainless:welcome' || !ports[0]) return
      if (typeof context !== 'object' || context === null || !Array.isArray(capabilities)) return
      finish(undefined, open(ports[0], context, capabilities, origin))
    }
    try {
      timer = startTimer(
        () =>
          finish(
            unpinnedOrigin === undefined
              ? new DisconnectedError('No host answered', { timeoutMs: timeout })
              : new DisconnectedError(
                  `No host answered on a pinned origin: ${unpinnedOrigin} answered, add it to hostOrigins`,
                  { timeoutMs: timeout, answeredFrom: unpinnedOrigin },
                ),
          ),
        timeout,
      )
      window.addEventListener('message', onMessage)
      window.parent.postMessage(
        { type: 'chainless:hello', protocol: PROTOCOL_VERSION, sdkVersion: SDK_VERSION },
        helloTarget(),
      )
    } catch (cause) {
      // Whatever the browser throws, the app gets a typed error.
      finish(new BridgeError(ErrorCode.Disconnected, 'Handshake failed', undefined, { cause }))
    }
  })
}

/**
 * `hello` carries no secret, and the host answers only to our exact origin: address it to the
 * embedding origin when the browser tells it as a valid http(s) origin, else `'*'`. The browser may
 * report `"null"` (an opaque origin, or the host's own `no-referrer`: whatwg/html#11560), which is no
 * valid target.
 */
function helloTarget(): string {
  try {
    const origin = location.ancestorOrigins[0]!
    const url = new URL(origin)
    if (url.origin === origin && /^https?:$/.test(url.protocol)) return origin
  } catch {}
  return '*'
}

function open(
  port: MessagePort,
  context: AppContext,
  capabilities: unknown[],
  hostOrigin: string,
): Connection {
  const pending = new Map<string, Pending>()
  const state: NonNullable<typeof live> = { port, pending }
  live = state
  answerProbes(hostOrigin)
  const end = (reason: string, byHost?: boolean) => {
    if (live !== state) return
    live = undefined
    connecting = undefined
    port.onmessage = null
    port.close()
    for (const { reject } of pending.values()) reject(new DisconnectedError('Host disconnected', { reason }))
    pending.clear()
    sessionWatcher?.()
    if (!byHost) answerProbes(undefined)
    else if (!FINAL_REASONS.includes(reason)) reconnect(0)
  }
  port.onmessage = ({ data }) => {
    // Messages already queued when the session ended are dropped, not dispatched.
    if (live !== state || typeof data !== 'object' || data === null) return
    const { type, id, value, name } = data
    if (type === 'chainless:event') return dispatchEvent(data.event, data.data)
    // The reason is the host's text: only a string is kept, and a short one.
    if (type === 'chainless:disconnect') {
      return end(typeof data.reason === 'string' ? data.reason.slice(0, 100) : 'unknown', true)
    }
    const entry = typeof id === 'string' ? pending.get(id) : undefined
    if (!entry) return
    // comlink wire format: RAW for a value, HANDLER "throw" for an error.
    if (type === 'RAW') entry.resolve(value)
    else if (type === 'HANDLER' && name === 'throw') {
      entry.reject(errorFromPayload(typeof value === 'object' && value !== null ? value.value : undefined))
    } else entry.reject(new InternalError('Malformed reply'))
  }
  state.connection = {
    context,
    hostOrigin,
    disconnect: end,
    capabilities: new Set(capabilities.filter((c): c is string => typeof c === 'string')),
    call(method, params, signal) {
      return new Promise((resolve, reject) => {
        if (live !== state) return reject(new DisconnectedError('Host disconnected'))
        if (signal?.aborted) return reject(signal.reason)
        const id = `${++counter}`
        const settle = (fn: (value: never) => void, value: unknown) => {
          signal?.removeEventListener('abort', onAbort)
          pending.delete(id)
          fn(value as never)
        }
        const onAbort = () => settle(reject, signal?.reason)
        signal?.addEventListener('abort', onAbort)
        pending.set(id, {
          resolve: (value) => settle(resolve, value),
          reject: (error) => settle(reject, error),
        })
        const argumentList = params === undefined ? [] : [{ type: 'RAW', value: params }]
        try {
          port.postMessage({ id, type: 'APPLY', path: [method], argumentList })
        } catch {
          settle(reject, errorFromPayload({ code: -32602, message: 'Params are not cloneable' }))
        }
      })
    },
  }
  // A new session after the app said `ready`: tell this host too, so it shows the app as ready.
  if (readySent) sendReady(state.connection)
  sessionWatcher?.(state.connection)
  return state.connection
}

/**
 * After the host ended the session, say hello again while this document lives (the host may have
 * missed our probes, or reloaded): 250 ms, 1 s, 4 s, then stop. A call made meanwhile shares it.
 */
function reconnect(attempt: number): void {
  if (attempt > 2) return
  setTimeout(
    () => {
      if (!live) connect().catch(() => reconnect(attempt + 1))
    },
    250 * 4 ** attempt,
  )
}

function dispatchEvent(event: unknown, data: unknown): void {
  // A Map: a name like `__proto__` or `constructor` finds nothing.
  emit(listeners.get(event as HostEventName), data)
}

/**
 * @internal Calls each listener of `set` (a copy: one may remove another) with `data`. A throwing
 * listener stops no other; its error is rethrown in a microtask, so it reaches `window.onerror`.
 */
export function emit(set: Set<Listener> | undefined, data: unknown): void {
  for (const listener of [...(set ?? [])]) {
    try {
      ;(listener as (data: unknown) => void)(data)
    } catch (error) {
      queueMicrotask(() => {
        throw error
      })
    }
  }
}
