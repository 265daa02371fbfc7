import type { Scope } from '@chainless/protocol'
import { createContext } from 'preact'

/** The English strings; the key set every locale provides (missing keys fall back to English). */
const en = {
  close: 'Close',
  cancel: 'Cancel',
  reject: 'Reject',
  confirm: 'Confirm',
  continue: 'Continue',
  done: 'Done',
  copy: 'Copy address',
  copied: 'Copied',
  showMore: 'Show all',
  showLess: 'Show less',
  hiddenChars: 'Hidden or direction-changing characters, shown as codes',
  mixedScript: 'Mixes alphabets: some letters may be look-alikes',
  invalidAddress: 'Not a valid address',
  invalidAmount: 'Invalid amount',
  truncated: 'Shortened: {count} characters in total',
  rating: 'Security rating',
  ratingUnrated: 'Not rated',
  developer: 'Developer',
  version: 'Version',
  updated: 'Updated',
  contracts: 'Contracts',
  chainN: 'Chain {id}',
  consentTitle: 'Authorization request',
  consentIntro: 'This app asks to:',
  allow: 'Allow',
  deny: 'Deny',
  sensitiveTitle: 'Share personal information?',
  sensitiveIntro: 'The app also asks for the information below. Share it only if you trust this app.',
  share: 'Share',
  dontShare: "Don't share",
  connectTitle: 'Connect {account} to {app}',
  neededToConnect: 'Needed to connect',
  'scope.user:basic': 'See your user ID and wallet address',
  'scope.user:phone': 'See your phone number',
  'scope.user:email': 'See your email address',
  'scope.tx:sign': 'Ask you to sign transactions (you confirm each one)',
  'scope.tx:broadcast': 'Send transactions you signed to the network',
  'scope.asset:read': 'See your balances',
  'scope.asset:transfer': 'Ask you to make payments (you confirm each one)',
  signTitle: 'Signature request',
  typedTitle: 'Sign structured data',
  signIntro: 'Sign only if you trust this app. Signing is free and sends nothing.',
  account: 'Account',
  message: 'Message',
  messageHex: 'Raw bytes (hex)',
  notText: 'This message is not readable text. Sign it only if you know what it is.',
  sign: 'Sign',
  domain: 'Domain',
  name: 'Name',
  network: 'Network',
  contract: 'Contract',
  dataType: 'Type',
  txTitle: 'Confirm transaction',
  payTitle: 'Confirm payment',
  batchTitle: 'Confirm {count} actions',
  payLine: 'Pay {amount} to {to}',
  token: 'Token',
  total: 'Total amount',
  unknownContract: 'Unknown contract',
  from: 'From',
  to: 'To',
  newContract: 'New contract (deployment)',
  value: 'Amount',
  method: 'Action',
  data: 'Data',
  fee: 'Network fee',
  feeYouPay: 'you pay',
  feePlatform: 'paid by the platform (sponsored)',
  sponsored: 'Sponsored',
  'level.info': 'Note',
  'level.warning': 'Warning',
  'level.danger': 'Danger',
  ack: 'I understand this risk',
  mustAck: 'Confirm that you understand each danger above to continue.',
  cannotShow: 'This transaction has an amount or address that cannot be shown, so it cannot be confirmed.',
  noticeTitle: 'Before you start',
  audit: 'Audit certificate',
  noAudit: 'No audit certificate',
  source: 'Source code',
  notProvided: 'Not provided',
  disclaimer:
    'Chainless lists this app but does not review its function or safety. You use it at your own risk.',
  report: 'Report this app',
  appInfoTitle: 'App info',
  grants: 'Permissions you granted',
  noGrants: 'No permissions granted',
  revoke: 'Revoke',
  undo: 'Undo',
  willRevoke: 'Will be revoked',
  emptyTitle: 'Nothing here yet',
  errorTitle: 'Something went wrong',
  retry: 'Try again',
}

/** Every key of the string table. */
export type MessageKey = keyof typeof en
/** A locale's strings: any subset of the keys (the rest fall back to English). */
export type Messages = Partial<Record<MessageKey, string>>

// Other languages are separate entries (`@chainless/ui-kit/locales/zh-CN`), added with `addLocale`
// or the adapter's `locales` option, so an app pays only for the languages it ships.
const locales = new Map<string, Messages>([['en', en]])

/** Languages written right to left (ISO 639-1/-3 primary subtags). */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'])

/**
 * Adds (or extends) a locale. Keys left out fall back to English.
 *
 * @example
 * ```ts
 * addLocale('fr', { confirm: 'Confirmer', reject: 'Refuser' })
 * ```
 */
export function addLocale(tag: string, messages: Messages): void {
  locales.set(tag, { ...locales.get(tag), ...messages })
}

/** Tags of every locale available, built-in and added. */
export function availableLocales(): string[] {
  return [...locales.keys()]
}

/**
 * Picks the best available locale for a BCP 47 tag: exact match, then the same language
 * (once zh-CN is added, `zh-Hans-CN` and `zh` pick it), then English.
 */
export function resolveLocale(tag: string | undefined): string {
  if (!tag) return 'en'
  const lower = tag.toLowerCase()
  for (const k of locales.keys()) if (k.toLowerCase() === lower) return k
  const lang = lower.split(/[-_]/)[0]
  for (const k of locales.keys()) if (k.toLowerCase().split('-')[0] === lang) return k
  return 'en'
}

/** `'rtl'` for right-to-left languages, else `'ltr'`. */
export function localeDir(tag: string): 'ltr' | 'rtl' {
  return RTL.has(tag.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr'
}

/** A translation function bound to a locale; `{name}` placeholders are replaced from `vars`. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/** Creates the translation function for a locale tag (resolved with {@link resolveLocale}). */
export function translator(tag: string): Translate {
  const table = locales.get(resolveLocale(tag)) ?? en
  return (key, vars) => {
    const text = table[key] ?? en[key] ?? String(key)
    return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text
  }
}

/** Human-readable description of a scope in the current locale. */
export function scopeLabel(t: Translate, scope: Scope): string {
  return t(`scope.${scope}` as MessageKey)
}

/** What components read from context: the locale, its direction and the translator. */
export interface I18n {
  locale: string
  dir: 'ltr' | 'rtl'
  t: Translate
}

/** The locale context; {@link UiProvider} sets it. Defaults to English. */
export const I18nContext = createContext<I18n>({ locale: 'en', dir: 'ltr', t: translator('en') })
