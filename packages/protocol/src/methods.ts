import type { AppContext } from './context.js'
import type { Scope } from './scopes.js'

/**
 * Params and result of every bridge method. The single source for the types on both sides;
 * runtime schemas for the same shapes live in `@chainless/protocol/schemas` (host only).
 */
export interface Methods {
  /** The app has rendered its first screen: the host drops its splash. */
  ready: { params: undefined; result: null }
  /** The app asks to be closed. */
  close: { params: { reason?: string } | undefined; result: null }
  /** Show or hide the host's back button; presses arrive as the `backButton` event. */
  setBackButton: { params: { visible: boolean }; result: null }
  /** The current context (theme and insets may have changed since the handshake). */
  getContext: { params: undefined; result: AppContext }
  /** Liveness check; resolves with the host's clock (ms since epoch). */
  ping: { params: undefined; result: { time: number } }
}

/** A method the bridge knows. */
export type MethodName = keyof Methods
/** Params of method `M`. */
export type MethodParams<M extends MethodName> = Methods[M]['params']
/** Result of method `M`. */
export type MethodResult<M extends MethodName> = Methods[M]['result']

/** What the registry says about a method besides its shapes. */
export interface MethodInfo {
  /** Scope the user must have granted (and the manifest declared), or `null` for none. */
  scope: Scope | null
  /** Whether the call waits for the user (consent, signing): it gets the longer timeout. */
  waitsForUser: boolean
  /** Default timeout of a call, in ms. */
  timeoutMs: number
}

/** Default timeout of a call that does not wait for the user. */
export const DEFAULT_TIMEOUT_MS = 10_000
/** Default timeout of a call that waits for the user. */
export const USER_TIMEOUT_MS = 5 * 60_000

const instant = { scope: null, waitsForUser: false, timeoutMs: DEFAULT_TIMEOUT_MS } as const

/** The method registry: every method the protocol defines, with scope, user-wait and timeout. */
export const METHODS: { readonly [M in MethodName]: MethodInfo } = {
  ready: instant,
  close: instant,
  setBackButton: instant,
  getContext: instant,
  ping: instant,
}

/** Whether `name` is a method of the registry (own property only: `__proto__` is not a method). */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name)
}
