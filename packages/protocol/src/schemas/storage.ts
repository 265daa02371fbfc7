/**
 * Schemas of the storage bridge methods: a key-value store per app that the host keeps in its own
 * IndexedDB (inside the wallet an app is a third-party frame whose own storage the browser may refuse).
 * Values are JSON data, like everything on the bridge. Host side only (valibot).
 */
import * as v from 'valibot'
import { isJsonData, noParams, optionalParams, readonlyArray, strictRecord } from './shared.js'

/** Longest key, in UTF-16 code units. */
export const MAX_STORAGE_KEY_LENGTH = 512
/** Most keys `storageKeys` answers with (an app holding more pages with `prefix`). */
export const MAX_STORAGE_KEYS = 10_000

/** A storage key: 1 to 512 characters of any kind (odd characters are fine; a key is data, never a path). */
export const storageKeySchema = v.pipe(
  v.string(),
  v.minLength(1, 'A key is at least one character'),
  v.maxLength(MAX_STORAGE_KEY_LENGTH, `A key is at most ${MAX_STORAGE_KEY_LENGTH} characters`),
)

/** A stored value: JSON data (null, boolean, finite number, string, arrays and plain objects), ≤ 32 deep. */
export const storageValueSchema = v.custom<StorageValue>((value) => isJsonData(value), 'Expected JSON data')

/** What a storage value may be. */
export type StorageValue =
  | null
  | boolean
  | number
  | string
  | readonly StorageValue[]
  | { readonly [key: string]: StorageValue }

/** Schemas of the storage bridge methods; their TypeScript types are inferred from these. */
export const storageSchemas = {
  /** The value under `key`, as `{ value }`, or `{}` when there is none. */
  storageGet: {
    params: strictRecord({ key: storageKeySchema }),
    result: strictRecord({ value: v.optional(storageValueSchema) }),
  },
  /**
   * Stores `value` under `key`. Over the app's quota (the bytes of keys and values as JSON, default
   * 5 MiB, set by the wallet) it fails with -32005 and `data: { quotaBytes, usedBytes, neededBytes }`,
   * and nothing is written.
   */
  storageSet: {
    params: strictRecord({ key: storageKeySchema, value: storageValueSchema }),
    result: noParams,
  },
  /** Removes `key` (nothing happens when it is absent). */
  storageRemove: {
    params: strictRecord({ key: storageKeySchema }),
    result: noParams,
  },
  /** The app's keys, sorted by UTF-16 code units, optionally only those starting with `prefix`. */
  storageKeys: {
    params: optionalParams(
      strictRecord({ prefix: v.optional(v.pipe(v.string(), v.maxLength(MAX_STORAGE_KEY_LENGTH))) }),
    ),
    result: v.pipe(readonlyArray(v.string()), v.maxLength(MAX_STORAGE_KEYS)),
  },
  /** Removes every key of the app. */
  storageClear: {
    params: noParams,
    result: noParams,
  },
} as const
