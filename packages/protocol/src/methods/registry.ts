import type * as v from 'valibot'
import type { Scope } from '../scopes.js'

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

/** Registry entry of a method that answers at once and needs no scope. */
export const INSTANT: MethodInfo = /* @__PURE__ */ Object.freeze({
  scope: null,
  waitsForUser: false,
  timeoutMs: DEFAULT_TIMEOUT_MS,
})

/**
 * The params and result types of a capability's methods, inferred from its schemas: params as the
 * handler receives them after validation (the output; "no params" is `undefined`), result as sent.
 */
export type MethodTypes<S extends { [name: string]: { params: v.GenericSchema; result: v.GenericSchema } }> =
  {
    -readonly [M in keyof S]: { params: v.InferOutput<S[M]['params']>; result: v.InferOutput<S[M]['result']> }
  }
