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
  badChecksum: 'Checksum mismatch: this address may have been altered',
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
  from: 'From',
  to: 'To',
  newContract: 'New contract (deployment)',
  value: 'Amount',
  method: 'Action',
  data: 'Data',
  fee: 'Network fee',
  paidByPlatform: 'Paid by the platform',
  paidByYou: 'Paid by you',
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

const zhCN: Messages = {
  close: '关闭',
  cancel: '取消',
  reject: '拒绝',
  confirm: '确认',
  continue: '继续',
  done: '完成',
  copy: '复制地址',
  copied: '已复制',
  showMore: '显示全部',
  showLess: '收起',
  hiddenChars: '含有隐藏或改变方向的字符，已以编码显示',
  mixedScript: '混用了多种文字：部分字母可能是形近字',
  invalidAddress: '地址无效',
  badChecksum: '校验和不符：该地址可能被篡改',
  invalidAmount: '金额无效',
  truncated: '已截断：共 {count} 个字符',
  rating: '安全评级',
  ratingUnrated: '未评级',
  developer: '开发者',
  version: '版本',
  updated: '更新时间',
  contracts: '合约',
  chainN: '链 {id}',
  consentTitle: '授权请求',
  consentIntro: '该应用请求：',
  allow: '允许',
  deny: '拒绝',
  sensitiveTitle: '分享个人信息？',
  sensitiveIntro: '该应用还请求以下信息。仅在信任该应用时分享。',
  share: '分享',
  dontShare: '不分享',
  'scope.user:basic': '获取你的用户 ID 和钱包地址',
  'scope.user:phone': '获取你的手机号',
  'scope.user:email': '获取你的邮箱地址',
  'scope.tx:sign': '请求你签名交易（每笔都需你确认）',
  'scope.tx:broadcast': '将你已签名的交易发送到网络',
  'scope.asset:read': '查看你的余额',
  'scope.asset:transfer': '请求你付款（每笔都需你确认）',
  signTitle: '签名请求',
  typedTitle: '签名结构化数据',
  signIntro: '仅在信任该应用时签名。签名免费，不会发送任何资产。',
  account: '账户',
  message: '消息',
  messageHex: '原始字节（十六进制）',
  notText: '该消息不是可读文本。仅在清楚其含义时签名。',
  sign: '签名',
  domain: '域',
  name: '名称',
  network: '网络',
  contract: '合约',
  dataType: '类型',
  txTitle: '确认交易',
  from: '付款方',
  to: '收款方',
  newContract: '新合约（部署）',
  value: '金额',
  method: '操作',
  data: '数据',
  fee: '网络手续费',
  paidByPlatform: '由平台支付',
  paidByYou: '由你支付',
  'level.info': '提示',
  'level.warning': '警告',
  'level.danger': '危险',
  ack: '我了解此风险',
  mustAck: '请确认你已了解上述每项危险后再继续。',
  cannotShow: '此交易包含无法正确显示的金额或地址，因此无法确认。',
  noticeTitle: '使用前须知',
  audit: '审计证书',
  noAudit: '无审计证书',
  source: '源代码',
  notProvided: '未提供',
  disclaimer: 'Chainless 上架该应用，但不审核其功能与安全性。使用风险由你自行承担。',
  report: '举报该应用',
  appInfoTitle: '应用信息',
  grants: '你已授予的权限',
  noGrants: '未授予任何权限',
  revoke: '撤销',
  undo: '撤回',
  willRevoke: '将被撤销',
  emptyTitle: '暂无内容',
  errorTitle: '出错了',
  retry: '重试',
}

const locales = new Map<string, Messages>([
  ['en', en],
  ['zh-CN', zhCN],
])

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
 * (`zh-Hans-CN` and `zh` pick `zh-CN`), then English.
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
