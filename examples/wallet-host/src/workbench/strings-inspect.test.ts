import { describe, expect, test } from 'vitest'
import { WALLET_LOCALES, type WalletLocale } from '../ui/strings.js'
import { inspectKeys, inspectTranslator } from './strings-inspect.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('inspect strings', () => {
  test('every wallet language has every key, with the same placeholders as English', () => {
    const en = inspectTranslator('en')
    for (const locale of Object.keys(WALLET_LOCALES) as WalletLocale[]) {
      const t = inspectTranslator(locale)
      for (const key of inspectKeys()) {
        expect(t(key).trim(), `${locale} ${key}`).not.toBe('')
        expect(placeholders(t(key)), `${locale} ${key}`).toEqual(placeholders(en(key)))
      }
    }
  })
  test('placeholders are filled once; unknown ones stay as written', () => {
    const t = inspectTranslator('zh-CN')
    expect(t('removeKey', { key: 'cart' })).toBe('删除 cart')
    expect(t('removeKey', {})).toBe('删除 {key}')
    expect(t('quota', { used: '{quota}', quota: '5 MB' })).toBe('已用 {quota} / 5 MB')
  })
})
