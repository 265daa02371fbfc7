/** Storage methods: registry entries and types (no runtime dependency; schemas in `schemas/storage.ts`). */
import type { storageSchemas } from '../schemas/storage.js'
import { INSTANT, type MethodInfo, type MethodTypes } from './registry.js'

/** Params and result of the storage bridge methods, inferred from their schemas. */
export type StorageMethods = MethodTypes<typeof storageSchemas>

/**
 * Registry entries of the storage methods. No scope: the data is the app's own, kept by the host per
 * app (the wallet can list and clear it, and does when the app is removed).
 */
export const STORAGE_METHODS = {
  storageGet: INSTANT,
  storageSet: INSTANT,
  storageRemove: INSTANT,
  storageKeys: INSTANT,
  storageClear: INSTANT,
} as const satisfies { readonly [M in keyof StorageMethods]: MethodInfo }
