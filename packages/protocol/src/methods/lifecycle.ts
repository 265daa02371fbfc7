/** Lifecycle methods: registry entries and types (no runtime dependency; schemas in `schemas/lifecycle.ts`). */
import type { lifecycleSchemas } from '../schemas/lifecycle.js'
import { INSTANT, type MethodInfo, type MethodTypes } from './registry.js'

/** Params and result of the lifecycle methods, inferred from their schemas. */
export type LifecycleMethods = MethodTypes<typeof lifecycleSchemas>

/** Registry entries of the lifecycle methods. */
export const LIFECYCLE_METHODS = {
  ready: INSTANT,
  close: INSTANT,
  setBackButton: INSTANT,
  getContext: INSTANT,
  ping: INSTANT,
} as const satisfies { readonly [M in keyof LifecycleMethods]: MethodInfo }
