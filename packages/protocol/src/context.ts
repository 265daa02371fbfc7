/** Light or dark, following the host. */
export type Theme = 'light' | 'dark'

/** Insets (CSS px) the app should keep clear of host chrome and device notches. */
export interface SafeAreaInsets {
  top: number
  right: number
  bottom: number
  left: number
}

/**
 * What the host tells the app at the handshake. Informational: a back end must verify identity
 * itself (access tokens, SIWE), never trust this.
 */
export interface AppContext {
  app: { appId: string; name: string; version: string; origin: string }
  host: { name: string; version: string; platform: 'web' | 'ios' | 'android' | 'desktop' }
  /** BCP 47 language tag, e.g. `zh-CN`. */
  locale: string
  theme: Theme
  safeAreaInsets: SafeAreaInsets
  /** Parameters the host launched the app with (deep link, referral). Strings only. */
  launchParams: Record<string, string>
}
