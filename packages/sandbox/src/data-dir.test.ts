import { expect, it } from 'vitest'
import { defaultDataDir } from './data-dir.js'

it('is one per-user folder: $XDG_DATA_HOME/chainless-sandbox, else ~/.local/share/chainless-sandbox', () => {
  expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, '/home/me')).toBe('/x/data/chainless-sandbox')
  expect(defaultDataDir({}, '/home/me')).toBe('/home/me/.local/share/chainless-sandbox')
  // a relative XDG_DATA_HOME is invalid (XDG Base Directory) and ignored, never resolved against the cwd
  expect(defaultDataDir({ XDG_DATA_HOME: 'rel' }, '/home/me')).toBe('/home/me/.local/share/chainless-sandbox')
})
