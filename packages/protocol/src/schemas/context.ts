/** Schemas of the context the host tells the app (`welcome`, `getContext`). */
import * as v from 'valibot'
import { isPlainObject, shortText, strictRecord } from './shared.js'

/** Schema of `Theme`. */
export const themeSchema = v.picklist(['light', 'dark'])

/** Schema of `SafeAreaInsets`. */
export const safeAreaInsetsSchema = strictRecord({
  top: v.number(),
  right: v.number(),
  bottom: v.number(),
  left: v.number(),
})

/** Schema of `AppContext`. The host checks what it sends: at most 32 string launch params. */
export const appContextSchema = strictRecord({
  app: strictRecord({ appId: v.string(), name: v.string(), version: v.string(), origin: v.string() }),
  host: strictRecord({
    name: v.string(),
    version: v.string(),
    platform: v.picklist(['web', 'ios', 'android', 'desktop']),
  }),
  // BCP 47 language tag, e.g. `zh-CN`.
  locale: v.string(),
  theme: themeSchema,
  safeAreaInsets: safeAreaInsetsSchema,
  // Parameters the host launched the app with (deep link, referral). Strings only.
  launchParams: v.pipe(
    v.custom<Record<string, string>>(isPlainObject, 'Expected a plain object'),
    v.record(shortText(64), shortText(4096)),
    v.check((params) => Object.keys(params).length <= 32, 'at most 32 launch params'),
  ),
})
