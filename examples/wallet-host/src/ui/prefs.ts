// The wallet's preferences in its own origin's localStorage: theme, language and the tester's
// auto-decide switch. Anything unreadable (storage blocked, a stale or tampered value) reads as unset.
import { WALLET_LOCALES, type WalletLocale } from './strings.js'

/** `system` follows `prefers-color-scheme`; the others are the user's pick. */
export type ThemePref = 'system' | 'light' | 'dark'
/** What the sandbox does with a sheet: ask the user, or decide it at once (testers only). */
export type AutoDecide = 'off' | 'approve' | 'reject'

const KEYS = {
  theme: 'chainless-wallet:theme',
  locale: 'chainless-wallet:locale',
  auto: 'chainless-wallet:auto',
}

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value)
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** The stored theme choice (`system` when none or unreadable). */
export function loadThemePref(): ThemePref {
  const value = read(KEYS.theme)
  return value === 'light' || value === 'dark' ? value : 'system'
}

/** Stores the theme choice. */
export function saveThemePref(pref: ThemePref): void {
  write(KEYS.theme, pref)
}

/**
 * The theme to draw: the user's pick, else the system's.
 *
 * @example
 * ```ts
 * effectiveTheme('system', true) // 'dark'
 * ```
 */
export function effectiveTheme(pref: ThemePref, systemDark: boolean): 'light' | 'dark' {
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref
}

const isLocale = (tag: string | null): tag is WalletLocale =>
  tag !== null && Object.hasOwn(WALLET_LOCALES, tag)

/**
 * The wallet's language: the stored pick, else the browser's (any `zh` → `zh-CN`), else English.
 *
 * @example
 * ```ts
 * pickLocale(null, 'zh-Hans-CN') // 'zh-CN'
 * ```
 */
export function pickLocale(stored: string | null, browser: string | undefined): WalletLocale {
  if (isLocale(stored)) return stored
  return /^zh(?:[-_]|$)/i.test(browser ?? '') ? 'zh-CN' : 'en'
}

/** The stored language, or the browser's. */
export function loadLocale(): WalletLocale {
  return pickLocale(read(KEYS.locale), globalThis.navigator?.language)
}

/** Stores the language. */
export function saveLocale(locale: WalletLocale): void {
  write(KEYS.locale, locale)
}

/** The tester's auto-decide switch (`off` unless set). */
export function loadAutoDecide(): AutoDecide {
  const value = read(KEYS.auto)
  return value === 'approve' || value === 'reject' ? value : 'off'
}

/** Stores the auto-decide switch. */
export function saveAutoDecide(mode: AutoDecide): void {
  write(KEYS.auto, mode)
}
