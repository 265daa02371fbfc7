// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest'
import {
  effectiveTheme,
  loadAutoDecide,
  loadThemePref,
  pickLocale,
  saveAutoDecide,
  saveThemePref,
} from './prefs.js'

afterEach(() => localStorage.clear())

describe('theme', () => {
  test('follows the system until the user picks', () => {
    expect(effectiveTheme('system', true)).toBe('dark')
    expect(effectiveTheme('system', false)).toBe('light')
    expect(effectiveTheme('light', true)).toBe('light')
    expect(effectiveTheme('dark', false)).toBe('dark')
  })
  test('the pick persists; a tampered value reads as system', () => {
    expect(loadThemePref()).toBe('system')
    saveThemePref('dark')
    expect(loadThemePref()).toBe('dark')
    localStorage.setItem('chainless-wallet:theme', '<script>')
    expect(loadThemePref()).toBe('system')
  })
})

describe('language', () => {
  test('stored pick, else any zh browser tag is zh-CN, else English', () => {
    expect(pickLocale('zh-CN', 'en-US')).toBe('zh-CN')
    expect(pickLocale('en', 'zh-TW')).toBe('en')
    expect(pickLocale(null, 'zh-Hans-CN')).toBe('zh-CN')
    expect(pickLocale(null, 'zh')).toBe('zh-CN')
    expect(pickLocale(null, 'zhx')).toBe('en')
    expect(pickLocale('__proto__', undefined)).toBe('en')
    expect(pickLocale('fr', 'de-DE')).toBe('en')
  })
})

describe('auto-decide', () => {
  test('off unless set to approve or reject', () => {
    expect(loadAutoDecide()).toBe('off')
    saveAutoDecide('reject')
    expect(loadAutoDecide()).toBe('reject')
    localStorage.setItem('chainless-wallet:auto', 'yes')
    expect(loadAutoDecide()).toBe('off')
  })
})
