import { describe, expect, it } from 'vitest'
import { addLocale, availableLocales, localeDir, resolveLocale, scopeLabel, translator } from './i18n.js'
import { zhCN } from './locales/zh-CN.js'

describe('i18n', () => {
  it('ships only English built in: another language is an entry of its own, added', () => {
    expect(availableLocales()).toEqual(['en'])
    expect(resolveLocale('zh-CN')).toBe('en')
    addLocale('zh-CN', zhCN)
    expect(availableLocales()).toEqual(['en', 'zh-CN'])
  })
  it('resolves tags to available locales', () => {
    expect(resolveLocale('zh-CN')).toBe('zh-CN')
    expect(resolveLocale('zh-Hans-CN')).toBe('zh-CN')
    expect(resolveLocale('ZH')).toBe('zh-CN')
    expect(resolveLocale('en-GB')).toBe('en')
    expect(resolveLocale('xx')).toBe('en')
    expect(resolveLocale(undefined)).toBe('en')
  })
  it('translates, interpolates and falls back to English', () => {
    expect(translator('zh-CN')('confirm')).toBe('确认')
    expect(translator('en')('truncated', { count: 3 })).toBe('Shortened: 3 characters in total')
    addLocale('fr', { confirm: 'Confirmer' })
    expect(availableLocales()).toContain('fr')
    const fr = translator('fr-FR')
    expect(fr('confirm')).toBe('Confirmer')
    expect(fr('reject')).toBe('Reject')
  })
  it('describes every scope in plain words', () => {
    const t = translator('en')
    expect(scopeLabel(t, 'user:phone')).toBe('See your phone number')
    expect(scopeLabel(translator('zh-CN'), 'user:email')).toBe('获取你的邮箱地址')
  })
  it('has Chinese for the wallet strings (connect, payment, batch, fee payer)', () => {
    const [en, zh] = [translator('en'), translator('zh-CN')]
    for (const key of [
      'connectTitle',
      'neededToConnect',
      'payTitle',
      'batchTitle',
      'payLine',
      'token',
      'total',
      'unknownContract',
      'feeYouPay',
      'feePlatform',
      'sponsored',
    ] as const) {
      expect(Object.hasOwn(zhCN, key), key).toBe(true)
      expect(zh(key), key).not.toBe(en(key))
    }
    expect(zh('connectTitle')).toContain('{account}')
    expect(zh('connectTitle')).toContain('{app}')
    expect(zh('payLine')).toContain('{amount}')
    expect(zh('payLine')).toContain('{to}')
  })
  it('knows right-to-left languages', () => {
    expect(localeDir('ar')).toBe('rtl')
    expect(localeDir('he-IL')).toBe('rtl')
    expect(localeDir('zh-CN')).toBe('ltr')
  })
})
