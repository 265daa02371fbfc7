import type * as v from 'valibot'
import type { manifestContractSchema, manifestSchema } from './schemas/manifest.js'

/** Browser permissions a manifest may declare; the host builds the iframe's `allow` from them. */
export const BROWSER_PERMISSIONS = [
  'camera',
  'microphone',
  'geolocation',
  'clipboard-read',
  'clipboard-write',
  'web-share',
  'fullscreen',
] as const

/** One of {@link BROWSER_PERMISSIONS}. */
export type BrowserPermission = (typeof BROWSER_PERMISSIONS)[number]

/**
 * The appId pattern: lowercase letters, digits and dashes, starting with a letter or a digit, at most
 * 63 characters (one DNS label, so `http://<appId>.localhost` is a valid origin).
 */
export const APP_ID_PATTERN: RegExp = /^[a-z0-9][a-z0-9-]{0,62}$/

/**
 * A contract the app deploys or calls, so the host can name it and decode calldata:
 * `{ chainId, address, name, abi? }` (ABI as JSON; human-readable ABI strings are accepted too).
 * Inferred from `manifestContractSchema` of `@chainless/protocol/schemas`.
 */
export type ManifestContract = v.InferOutput<typeof manifestContractSchema>

/**
 * What the platform says about a mini-program (`GET /api/v1/apps/{appId}`). Inferred from
 * `manifestSchema` of `@chainless/protocol/schemas`, the one definition of its shape; the OpenAPI
 * document's `Manifest` is tested against the same schema.
 *
 * - `origin`: the app's own origin, e.g. `http://hello.localhost:8090`; never the host's.
 * - `entryUrl`: the URL the iframe loads; on `origin`.
 * - `redirectUri`: where the authorization code is bound (OAuth `redirect_uri`); the token request
 *   must send the same value. Default `entryUrl`; on `origin`.
 * - `contracts[].abi`: ABI as JSON (human-readable ABI strings are accepted too).
 * - `updatedAt`: RFC 3339 / ISO 8601 timestamp, e.g. `2026-01-01T00:00:00.000Z`.
 * - `sponsored`: fee sponsorship: the platform pays network fees for this app's transactions.
 */
export type Manifest = v.InferOutput<typeof manifestSchema>
