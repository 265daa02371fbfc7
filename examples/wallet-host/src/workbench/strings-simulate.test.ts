import { describe, expect, test } from 'vitest'
import { WALLET_LOCALES, type WalletLocale } from '../ui/strings.js'
import { simulateKeys, simulateTranslator } from './strings-simulate.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('simulate strings', () => {
  test('every wallet language has every key, with the same placeholders as English', () => {
    const en = simulateTranslator('en')
    for (const locale of Object.keys(WALLET_LOCALES) as WalletLocale[]) {
      const t = simulateTranslator(locale)
      for (const key of simulateKeys()) {
        expect(t(key).trim(), `${locale} ${key}`).not.toBe('')
        expect(placeholders(t(key)), `${locale} ${key}`).toEqual(placeholders(en(key)))
      }
    }
  })
  test('placeholders are filled once; unknown and inherited ones stay as written', () => {
    const t = simulateTranslator('zh-CN')
    expect(t('resetApp', { app: 'shop' })).toBe('重置 shop')
    expect(t('resetApp', {})).toBe('重置 {app}')
    expect(t('resetApp', { app: '{app}' })).toBe('重置 {app}')
    expect(simulateTranslator('en')('failed', Object.create({ reason: 'inherited' }))).toBe(
      'Failed: {reason}',
    )
  })
})
