import {
  type AppContext,
  DisconnectedError,
  errorFromPayload,
  type HostEventName,
  InternalError,
  type MethodName,
  PROTOCOL_VERSION,
} from '@chainless/protocol'
import { isInHost } from './is-in-host.js'
import { SDK_VERSION } from './version.js'

/** Options of the handshake. */
export interface ConnectOptions {
  /** How long to wait for the host's `welcome`, in ms. Default 1000. */
  timeout?: number
  /**
   * Stop waiting: this caller rejects with `signal.reason` at once. A handshake that other callers
   * share keeps going (until its own `timeout`).
   */
  signal?: AbortSignal
  /** Accept a host only on one of these origins (pinning). Default: any `window.parent`. */
  hostOrigins?: readonly string[]
}

/** @internal A connected bridge. */
export interface Connection {
  context: AppContext
  /** The origin the `welcome` came from. */
  hostOrigin: string
  capabilities: ReadonlySet<string>
  /** Ends the session on our side: pending calls reject with 4900, the next call says hello again. */
  disconnect(reason: string): void
  call(
    method: MethodName,
    params: unknown,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown>
}

type Listener = (data: never) => void

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

// Module state, created lazily: nothing runs at import (SSR-safe).
let connecting: Promise<Connection> | undefined
let live: { port: MessagePort; pending: Map<string, Pending>; connection?: Connection } | undefined
let counter = 0
/** @internal The live connection, if any: calls skip the handshake promise (one tick less per call). */
export function current(): Connection | undefined {
  return live?.connection
}
/** @internal */
export const listeners = new Map<HostEventName, Set<Listener>>()

/**
 * @internal Handshake once; later calls share the same connection. The handshake is shared, so a
 * caller's `signal` only stops that caller from waiting: it must not reject the others.
 */
export function connect({ signal, ...options }: ConnectOptions = {}): Promise<Connection> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  connecting ??= handshake(options).catch((error: unknown) => {
    connecting = undefined
    throw error
  })
  if (!signal) return connecting
  const shared = connecting
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    const done = () => signal.removeEventListener('abort', onAbort)
    shared.then(
      (connection) => {
        done()
        resolve(connection)
      },
      (error: unknown) => {
        done()
        reject(error)
      },
    )
  })
}

function handshake({ timeout = 1000, hostOrigins }: Omit<ConnectOptions, 'signal'>): Promise<Connection> {
  return new Promise((resolve, reject) => {
    if (!isInHost()) {
      reject(new DisconnectedError('Not running inside a Chainless host'))
      return
    }
    const parent = window.parent
    const finish = (error?: Error, connection?: Connection) => {
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      if (error) reject(error)
      else resolve(connection!)
    }
    const onMessage = (event: MessageEvent) => {
      // Only the frame that embeds us, on a pinned origin when asked.
      if (event.source !== parent) return
      if (hostOrigins && !hostOrigins.includes(event.origin)) return
      const data = event.data as { type?: unknown; error?: unknown } | null
      if (data?.type === 'chainless:refuse') return finish(errorFromPayload(data.error))
      if (data?.type !== 'chainless:welcome' || !event.ports[0]) return
      const { context, capabilities } = event.data as { context?: AppContext; capabilities?: unknown }
      if (typeof context !== 'object' || context === null || !Array.isArray(capabilities)) return
      finish(undefined, open(event.ports[0], context, capabilities, event.origin))
    }
    const timer = setTimeout(
      () => finish(new DisconnectedError('No host answered', { timeoutMs: timeout })),
      timeout,
    )
    window.addEventListener('message', onMessage)
    // `hello` carries no secret; the host answers only to our exact origin.
    const target = location.ancestorOrigins?.[0] ?? '*'
    parent.postMessage(
      { type: 'chainless:hello', protocol: PROTOCOL_VERSION, sdkVersion: SDK_VERSION },
      target,
    )
  })
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
  const disconnect = (reason: string) => {
    if (live !== state) return
    live = undefined
    connecting = undefined
    port.onmessage = null
    port.close()
    for (const { reject } of pending.values()) reject(new DisconnectedError('Host disconnected', { reason }))
    pending.clear()
  }
  port.onmessage = (event) => {
    // Messages already queued when the session ended are dropped, not dispatched.
    if (live !== state) return
    const data = event.data as Record<string, unknown> | null
    if (typeof data !== 'object' || data === null) return
    if (data.type === 'chainless:event') return dispatchEvent(data.event, data.data)
    if (data.type === 'chainless:probe') return port.postMessage({ type: 'chainless:probe-ack', id: data.id })
    if (data.type === 'chainless:disconnect') return disconnect(String(data.reason))
    const entry = typeof data.id === 'string' ? pending.get(data.id) : undefined
    if (!entry) return
    // comlink wire format: RAW for a value, HANDLER "throw" for an error.
    if (data.type === 'RAW') entry.resolve(data.value)
    else if (data.type === 'HANDLER' && data.name === 'throw') {
      entry.reject(errorFromPayload((data.value as { value?: unknown } | undefined)?.value))
    } else entry.reject(new InternalError('Malformed reply'))
  }
  state.connection = {
    context,
    hostOrigin,
    disconnect,
    capabilities: new Set(capabilities.filter((c): c is string => typeof c === 'string')),
    call(method, params, timeout, signal) {
      return new Promise((resolve, reject) => {
        if (live !== state) return reject(new DisconnectedError('Host disconnected'))
        if (signal?.aborted) return reject(signal.reason)
        const id = `${++counter}`
        const settle = (fn: () => void) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          pending.delete(id)
          fn()
        }
        const onAbort = () => settle(() => reject(signal?.reason))
        const timer = setTimeout(() => settle(() => reject(timeoutError(method, timeout))), timeout)
        signal?.addEventListener('abort', onAbort)
        pending.set(id, {
          resolve: (value) => settle(() => resolve(value)),
          reject: (error) => settle(() => reject(error)),
        })
        const argumentList = params === undefined ? [] : [{ type: 'RAW', value: params }]
        try {
          port.postMessage({ id, type: 'APPLY', path: [method], argumentList })
        } catch {
          settle(() => reject(errorFromPayload({ code: -32602, message: 'Params are not cloneable' })))
        }
      })
    },
  }
  return state.connection
}

function timeoutError(method: string, timeoutMs: number): Error {
  return errorFromPayload({ code: 4080, message: 'Timed out', data: { method, timeoutMs } })
}

function dispatchEvent(event: unknown, data: unknown): void {
  const set = listeners.get(event as HostEventName)
  if (!set) return
  for (const listener of [...set]) {
    try {
      ;(listener as (data: unknown) => void)(data)
    } catch (error) {
      queueMicrotask(() => {
        throw error
      })
    }
  }
}
