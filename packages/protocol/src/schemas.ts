/**
 * Runtime schemas for everything that crosses a trust boundary into the host: bridge params,
 * handshake messages, manifests. Import from `@chainless/protocol/schemas` — host side only, so the
 * js-sdk never pays for a validator.
 */
import * as v from 'valibot'
import { BROWSER_PERMISSIONS } from './manifest.js'
import type { MethodName } from './methods.js'
import { SCOPES } from './scopes.js'

const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max))
const noParams = v.optional(v.union([v.undefined(), v.null(), v.strictObject({})]))

const theme = v.picklist(['light', 'dark'])
const insets = v.strictObject({ top: v.number(), right: v.number(), bottom: v.number(), left: v.number() })

/** Schema of {@link AppContext}. */
export const appContextSchema = v.strictObject({
  app: v.strictObject({ appId: v.string(), name: v.string(), version: v.string(), origin: v.string() }),
  host: v.strictObject({
    name: v.string(),
    version: v.string(),
    platform: v.picklist(['web', 'ios', 'android', 'desktop']),
  }),
  locale: v.string(),
  theme,
  safeAreaInsets: insets,
  launchParams: v.pipe(
    v.record(shortText(64), shortText(4096)),
    v.check((params) => Object.keys(params).length <= 32, 'at most 32 launch params'),
  ),
})

/** Param and result schemas of every method of the registry. */
export const methodSchemas = {
  ready: { params: noParams, result: v.null() },
  close: { params: v.optional(v.strictObject({ reason: v.optional(shortText(200)) })), result: v.null() },
  setBackButton: { params: v.strictObject({ visible: v.boolean() }), result: v.null() },
  getContext: { params: noParams, result: appContextSchema },
  ping: { params: noParams, result: v.strictObject({ time: v.number() }) },
} satisfies { [M in MethodName]: { params: v.GenericSchema; result: v.GenericSchema } }

/** Schema of the app's `hello` (strict: unknown keys are refused). */
export const helloSchema = v.strictObject({
  type: v.literal('chainless:hello'),
  protocol: shortText(16),
  sdkVersion: shortText(64),
})

const httpOrigin = v.pipe(
  v.string(),
  v.maxLength(2048),
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
const url = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
)

/** Schema of a {@link Manifest}. Names may be long or hostile: the UI renders them as inert text. */
export const manifestSchema = v.pipe(
  v.object({
    appId: v.pipe(
      v.string(),
      v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'appId: lowercase letters, digits, dashes'),
    ),
    name: shortText(10_000),
    description: v.optional(shortText(10_000)),
    icon: v.optional(url),
    version: shortText(64),
    origin: httpOrigin,
    entryUrl: url,
    scopes: v.array(v.picklist(SCOPES)),
    permissions: v.optional(v.array(v.picklist(BROWSER_PERMISSIONS))),
    contracts: v.optional(
      v.array(
        v.object({
          chainId: v.pipe(v.number(), v.integer(), v.minValue(1)),
          address: v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{40}$/)),
          name: shortText(200),
          abi: v.optional(v.array(v.unknown())),
        }),
      ),
    ),
    developer: v.optional(
      v.object({ name: shortText(500), url: v.optional(url), email: v.optional(shortText(320)) }),
    ),
    sourceUrl: v.optional(url),
    audit: v.optional(v.object({ auditor: shortText(500), url, date: v.optional(shortText(64)) })),
    securityRating: v.optional(v.picklist(['A', 'B', 'C', 'D', 'unrated'])),
    updatedAt: v.optional(shortText(64)),
    status: v.optional(v.picklist(['listed', 'delisted'])),
    sponsored: v.optional(v.boolean()),
  }),
  v.check((m) => {
    try {
      return new URL(m.entryUrl).origin === m.origin
    } catch {
      return false
    }
  }, 'entryUrl must be on origin'),
)
