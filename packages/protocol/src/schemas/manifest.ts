/** Schema of the manifest; the `Manifest` type of the main entry is inferred from it. */
import * as v from 'valibot'
import { APP_ID_PATTERN, BROWSER_PERMISSIONS } from '../manifest.js'
import { SCOPES } from '../scopes.js'
import { looseRecord, readonlyArray, shortText } from './shared.js'

/** An http(s) origin without path, e.g. `https://app.example`. */
const httpOrigin = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  v.regex(/^https?:\/\/[^/?#]+$/, 'must be an http(s) origin without path, e.g. https://app.example'),
  v.check((s) => {
    try {
      const url = new URL(s)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === s
    } catch {
      return false
    }
  }, 'must be an http(s) origin without path, e.g. https://app.example'),
)

/** An http(s) URL: `javascript:` and `data:` never reach a UI, whichever UI the wallet uses. */
const httpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  // Case spelled out (no /i flag) so the OpenAPI document carries the very same pattern.
  v.regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\//, 'must be an http(s) URL'),
)

/** Schema of a `ManifestContract`. */
export const manifestContractSchema = looseRecord({
  chainId: v.pipe(v.number(), v.integer(), v.minValue(1)),
  address: v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{40}$/)),
  name: shortText(200),
  // ABI as JSON (human-readable ABI strings are accepted too).
  abi: v.optional(readonlyArray(v.unknown())),
})

/**
 * Schema of a `Manifest`. Names may be long or hostile: the UI renders them as inert text.
 * Unknown keys are dropped (the platform may add fields before this package knows them).
 */
export const manifestSchema = v.pipe(
  looseRecord({
    appId: v.pipe(v.string(), v.regex(APP_ID_PATTERN, 'appId: lowercase letters, digits, dashes')),
    name: shortText(10_000),
    description: v.optional(shortText(10_000)),
    icon: v.optional(httpUrl),
    version: shortText(64),
    // The app's own origin, e.g. `http://hello.localhost:8090`. Never the host's.
    origin: httpOrigin,
    // The URL the iframe loads; must be on `origin`.
    entryUrl: httpUrl,
    // Where the authorization code is bound (OAuth `redirect_uri`); the token request must send the
    // same value. Default `entryUrl`. Must be on `origin`.
    redirectUri: v.optional(httpUrl),
    scopes: readonlyArray(v.picklist(SCOPES)),
    permissions: v.optional(readonlyArray(v.picklist(BROWSER_PERMISSIONS))),
    contracts: v.optional(readonlyArray(manifestContractSchema)),
    developer: v.optional(
      looseRecord({ name: shortText(500), url: v.optional(httpUrl), email: v.optional(shortText(320)) }),
    ),
    sourceUrl: v.optional(httpUrl),
    audit: v.optional(
      looseRecord({ auditor: shortText(500), url: httpUrl, date: v.optional(shortText(64)) }),
    ),
    securityRating: v.optional(v.picklist(['A', 'B', 'C', 'D', 'unrated'])),
    // RFC 3339 / ISO 8601 timestamp, e.g. `2026-01-01T00:00:00.000Z`.
    updatedAt: v.optional(v.pipe(v.string(), v.maxLength(64), v.isoTimestamp())),
    status: v.optional(v.picklist(['listed', 'delisted'])),
    // Fee sponsorship: the platform pays network fees for this app's transactions.
    sponsored: v.optional(v.boolean()),
  }),
  v.check((m) => {
    try {
      return new URL(m.entryUrl).origin === m.origin
    } catch {
      return false
    }
  }, 'entryUrl must be on origin'),
  v.check((m) => {
    try {
      return m.redirectUri === undefined || new URL(m.redirectUri).origin === m.origin
    } catch {
      return false
    }
  }, 'redirectUri must be on origin'),
)
