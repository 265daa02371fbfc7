import type * as v from 'valibot'
import type { appContextSchema, safeAreaInsetsSchema, themeSchema } from './schemas/context.js'

/** Light or dark, following the host. */
export type Theme = v.InferOutput<typeof themeSchema>

/** Insets (CSS px) the app should keep clear of host chrome and device notches: `{ top, right, bottom, left }`. */
export type SafeAreaInsets = v.InferOutput<typeof safeAreaInsetsSchema>

/**
 * What the host tells the app at the handshake. Informational: a back end must verify identity
 * itself (access tokens, SIWE), never trust this. Inferred from `appContextSchema`.
 *
 * - `locale`: BCP 47 language tag, e.g. `zh-CN`.
 * - `launchParams`: parameters the host launched the app with (deep link, referral); strings only.
 */
export type AppContext = v.InferOutput<typeof appContextSchema>
