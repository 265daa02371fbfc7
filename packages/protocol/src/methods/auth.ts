/** Auth methods: registry entries and types (no runtime dependency; schemas in `schemas/auth.ts`). */
import type { authSchemas } from '../schemas/auth.js'
import { DEFAULT_TIMEOUT_MS, type MethodInfo, type MethodTypes, USER_TIMEOUT_MS } from './registry.js'

/** Params and result of the auth bridge methods, inferred from their schemas. */
export type AuthMethods = MethodTypes<typeof authSchemas>

/**
 * Registry entries of the auth bridge methods. Their scopes are the ones asked for in the params:
 * the host checks them against the manifest (undeclared → 4100) and the user's grants.
 */
export const AUTH_METHODS = {
  authAuthorize: { scope: null, waitsForUser: true, timeoutMs: USER_TIMEOUT_MS },
  authGetAccessToken: { scope: null, waitsForUser: true, timeoutMs: USER_TIMEOUT_MS },
  authLogout: { scope: null, waitsForUser: false, timeoutMs: DEFAULT_TIMEOUT_MS },
} as const satisfies { readonly [M in keyof AuthMethods]: MethodInfo }
