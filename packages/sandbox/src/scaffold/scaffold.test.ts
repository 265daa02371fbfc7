import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createScaffold, isScaffold, projectScopes, ScaffoldError } from './index.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

it('writes a TypeScript + esbuild project whose first screen connects, signs and sends', () => {
  const parent = mkdtempSync(join(tmpdir(), 'chainless-scaffold-'))
  dirs.push(parent)
  const made = createScaffold('My App!', parent)
  expect(made).toMatchObject({ appId: 'my-app', dir: join(parent, 'my-app'), jsSdk: '^0.1.0' })
  for (const f of ['package.json', 'tsconfig.json', 'build.mjs', 'index.html', 'src/main.ts', 'README.md'])
    expect(existsSync(join(made.dir, f)), f).toBe(true)
  const pkg = JSON.parse(readFileSync(join(made.dir, 'package.json'), 'utf8'))
  expect(pkg.dependencies).toEqual({ '@chainless/js-sdk': '^0.1.0' })
  expect(Object.keys(pkg.devDependencies)).toContain('esbuild')
  const main = readFileSync(join(made.dir, 'src/main.ts'), 'utf8')
  for (const m of ['eth_requestAccounts', 'personal_sign', 'eth_sendTransaction', 'getProvider'])
    expect(main).toContain(m)
  expect(isScaffold(made.dir)).toBe(true)
  expect(projectScopes(made.dir)).toContain('tx:broadcast')
  // never over a folder with something in it
  writeFileSync(join(parent, 'taken'), '')
  expect(() => createScaffold('my-app', parent)).toThrow(ScaffoldError)
})

it('inside this repository, depends on the workspace js-sdk by file: path', () => {
  const parent = mkdtempSync(
    join(resolve(import.meta.dirname, '../../../../node_modules'), '.scaffold-test-'),
  )
  dirs.push(parent)
  expect(createScaffold('x', parent).jsSdk).toMatch(/^file:(\.\.\/)+packages\/js-sdk$/)
})

it('projectScopes drops unknown scopes and ignores a broken package.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainless-scaffold-'))
  dirs.push(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ chainless: { scopes: ['user:basic', 'root', 7] } }),
  )
  expect(projectScopes(dir)).toEqual(['user:basic'])
  writeFileSync(join(dir, 'package.json'), '{')
  expect(projectScopes(dir)).toBeUndefined()
})
