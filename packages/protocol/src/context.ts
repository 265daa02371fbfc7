import type * as v from 'valibot'
import type { appContextSchema, safeAreaInsetsSchema, themeSchema } from './schemas/context.js'

/** Light or dark, following the host. */
export type Theme = v.InferOutput<typeof themeSchema>

/** Insets (CSS px) the app should keep clear of host chrome and device notches: `{ top, right, bottom, left }`. */
export type SafeAreaInsets = v.InferOutput<typeof safeAreaInsetsSchema>

/**
 * What the host tells the app at the handshake. Informational: a back end must verify identity
 * itself (access tokens, SIWE), never trust this. Inferred from `appContextSchema`.
 */
export type AppContext = v.InferOutput<typeof appContextSchema>
