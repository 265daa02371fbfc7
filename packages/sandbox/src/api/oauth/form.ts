import type { IncomingMessage } from 'node:http'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { getAjv, type OpenApiOperation } from '../openapi.js'
import { OAuthError } from './errors.js'

/** The media type of the OAuth endpoints' request bodies (RFC 6749 §4.1.3). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'

const validators = new Map<string, ValidateFunction>()
/** The validator of an operation's form body from the document, or undefined when it takes no form. */
export function formValidatorOf(op: OpenApiOperation): ValidateFunction | undefined {
  const schema = op.requestBody?.content[FORM_MEDIA_TYPE]?.schema as { $ref?: string } | undefined
  if (!schema?.$ref) return undefined
  let validate = validators.get(schema.$ref)
  if (!validate) {
    validate = getAjv().getSchema(`doc${schema.$ref}`)
    if (!validate) throw new Error(`unresolved ${schema.$ref}`)
    validators.set(schema.$ref, validate)
  }
  return validate
}

/** Is the request's content type `application/x-www-form-urlencoded` (charset utf-8 allowed)? */
export function isFormContentType(req: IncomingMessage): boolean {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase())
  return type === FORM_MEDIA_TYPE && params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8')
}

/**
 * Parses a form body (WHATWG `application/x-www-form-urlencoded`, UTF-8) into an object; a parameter
 * sent twice is refused (RFC 6749 §3.2), empty values count as absent (RFC 6749 §3.1).
 * @throws {OAuthError} 400 `invalid_request`
 */
export function parseForm(body: Buffer): Record<string, string> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    throw new OAuthError(400, 'invalid_request', 'Body is not valid UTF-8')
  }
  const out: Record<string, string> = {}
  const seen = new Set<string>()
  for (const [name, value] of new URLSearchParams(text)) {
    if (seen.has(name))
      throw new OAuthError(400, 'invalid_request', `Repeated parameter ${name.slice(0, 50)}`)
    seen.add(name)
    if (value !== '') out[name] = value
  }
  return out
}

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token'])

/**
 * Validates a parsed form against the operation's schema; an unknown `grant_type` is
 * `unsupported_grant_type` (RFC 6749 §5.2), other mismatches `invalid_request`.
 * @throws {OAuthError} 400
 */
export function assertValidForm(validate: ValidateFunction, form: Record<string, string>): void {
  if (form.grant_type !== undefined && !GRANT_TYPES.has(form.grant_type))
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token',
    )
  if (!validate(form)) {
    const why = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || 'body'} ${e.message ?? 'invalid'}`)
      .join('; ')
    throw new OAuthError(400, 'invalid_request', `Request does not match the schema: ${why}`)
  }
}
