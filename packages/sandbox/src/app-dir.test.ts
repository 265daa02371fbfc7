import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { deriveAppId } from './app-dir.js'
import { isAppId } from './app-id.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'chainless-appdir-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

it('names ./dist after its project, not "dist" (package.json name, scope dropped)', () => {
  mkdirSync(join(root, 'shop', 'dist'), { recursive: true })
  writeFileSync(join(root, 'shop', 'package.json'), JSON.stringify({ name: '@me/My Shop' }))
  expect(deriveAppId(join(root, 'shop', 'dist'))).toEqual({
    appId: 'my-shop',
    source: 'package.json name "@me/My Shop"',
  })
})

it('falls back to the parent folder for a build output without package.json', () => {
  for (const out of ['dist', 'build', 'public', 'out']) {
    mkdirSync(join(root, 'game', out), { recursive: true })
    expect(deriveAppId(join(root, 'game', out)).appId).toBe('game')
  }
})

it('uses the folder itself otherwise; a broken package.json does not name the app', () => {
  mkdirSync(join(root, 'Hello World'))
  writeFileSync(join(root, 'Hello World', 'package.json'), '{not json')
  expect(deriveAppId(join(root, 'Hello World'))).toEqual({
    appId: 'hello-world',
    source: 'folder name "Hello World"',
  })
})

// FUZZ_SEED=<n> replays a failure (printed by fast-check)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

test.prop([fc.string({ maxLength: 300 }), fc.constantFrom('dist', 'build', 'app', 'x y')], {
  numRuns: 200,
  ...(SEED === undefined ? {} : { seed: SEED }),
})('any package.json text gives a valid app id (fuzz)', (text, folder) => {
  const dir = join(root, 'p', folder)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), text.startsWith('{') ? text : JSON.stringify({ name: text }))
  expect(isAppId(deriveAppId(dir).appId)).toBe(true)
  rmSync(join(root, 'p'), { recursive: true, force: true })
})
