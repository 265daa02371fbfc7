import { describe, expect, test } from 'vitest'
import { WALLET_LOCALES, type WalletLocale, walletKeys, walletTranslator } from './strings.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('wallet strings', () => {
  test('every language has every key, with the same placeholders as English', () => {
    const en = walletTranslator('en')
    for (const locale of Object.keys(WALLET_LOCALES) as WalletLocale[]) {
      const t = walletTranslator(locale)
      for (const key of walletKeys()) {
        expect(t(key).trim(), `${locale} ${key}`).not.toBe('')
        expect(placeholders(t(key)), `${locale} ${key}`).toEqual(placeholders(en(key)))
      }
    }
  })
  test('placeholders are filled; unknown ones are left as written; values are not expanded again', () => {
    const t = walletTranslator('zh-CN')
    expect(t('openName', { name: 'Hello' })).toBe('打开 Hello')
    expect(t('openName', {})).toBe('打开 {name}')
    expect(t('didNotOpen', { name: '{reason}', reason: 'x' })).toBe('未打开 {reason}：x')
  })
})
