/**
 * Schemas of the auth bridge methods (DESIGN: "Authorization: connect, consent, code, tokens").
 * Host side only (valibot).
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 */
import * as v from 'valibot'
import { SCOPES } from '../scopes.js'
import { noParams, optionalParams, readonlyArray, strictRecord } from './shared.js'

/** A list of distinct scopes, at least one. */
const scopeList = v.pipe(
  readonlyArray(v.picklist(SCOPES)),
  v.minLength(1, 'Ask for at least one scope'),
  v.maxLength(SCOPES.length),
  v.check((scopes) => new Set(scopes).size === scopes.length, 'Scopes must be distinct'),
)

/** An S256 code challenge: base64url of a SHA-256 digest, 43 characters (RFC 7636 §4.2). */
export const codeChallengeSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{43}$/, 'Expected an S256 code challenge (43 base64url characters)'),
)

/** The client's `state`: 16 to 128 unreserved characters (RFC 6749 §10.12: unguessable, echoed). */
export const stateSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9._~-]{16,128}$/, 'Expected a state of 16 to 128 unreserved characters'),
)

/** Schemas of the auth bridge methods; their TypeScript types are inferred from these. */
export const authSchemas = {
  /**
   * Ask the user for `scope` (consent sheet; phone and email confirmed again); the wallet signs an
   * EIP-4361 message and the platform answers a one-time code bound to the app, the account, the
   * scopes, the challenge and the app's redirect URI. Resolves with `{ code, state }`.
   */
  authAuthorize: {
    params: strictRecord({
      scope: scopeList,
      codeChallenge: codeChallengeSchema,
      codeChallengeMethod: v.optional(v.literal('S256')),
      state: stateSchema,
    }),
    result: strictRecord({ code: v.pipe(v.string(), v.minLength(16), v.maxLength(512)), state: stateSchema }),
  },
  /**
   * An access token for the app and the current account, from the tokens the host keeps for it
   * (refreshed when it expires in under 5 minutes); authorizes `scope` first when the app holds no
   * tokens with those scopes (consent as `authAuthorize`).
   */
  authGetAccessToken: {
    params: optionalParams(
      strictRecord({
        scope: v.optional(scopeList),
        // The platform refused the token the app holds (401): the host refreshes instead of answering
        // the same one (the host refreshes at most once per 10 s per app and account).
        refresh: v.optional(v.boolean()),
      }),
    ),
    result: strictRecord({
      accessToken: v.pipe(v.string(), v.minLength(16), v.maxLength(8192)),
      // ms since epoch.
      expiresAt: v.pipe(v.number(), v.integer()),
      scope: readonlyArray(v.picklist(SCOPES)),
    }),
  },
  /** Revokes the tokens the host keeps for the app and the current account. */
  authLogout: { params: noParams, result: v.null() },
} as const
