import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const doc = require('@chainless/protocol/openapi.json') as {
  components: { schemas: { AppId: { pattern: string } } }
}

/**
 * The one appId pattern of the sandbox: the protocol's (`AppId` of the platform API's OpenAPI document,
 * the same rule as `manifestSchema`'s appId): 1–63 of lower-case letters, digits and dashes, not
 * starting with a dash. Used by HMAC headers, the apps server's `Host` routing and the API's routes.
 */
export const APP_ID_PATTERN: RegExp = new RegExp(doc.components.schemas.AppId.pattern)

/** Is `value` a well-formed appId? */
export function isAppId(value: unknown): value is string {
  return typeof value === 'string' && APP_ID_PATTERN.test(value)
}
