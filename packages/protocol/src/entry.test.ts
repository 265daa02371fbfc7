// The main entry is what every mini-program loads: it must not pull valibot (or anything else) in at
// run time. Types may come from the schema files, through `import type` only.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))

/** Specifiers of the run-time imports and re-exports of a source file (`import type` / `export type` skipped). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const specifiers: string[] = []
  for (const match of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gms)) {
    if (!match[2]) specifiers.push(match[3]!)
  }
  for (const match of source.matchAll(/^import\s+'([^']+)'/gm)) specifiers.push(match[1]!)
  return specifiers
}

it('the main entry loads no dependency at run time (valibot stays in ./schemas)', () => {
  const seen = new Set<string>()
  const external = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
      else external.add(specifier)
    }
  }
  visit(resolve(here, 'index.ts'))
  expect([...external]).toEqual([])
  expect([...seen].some((f) => f.includes(`${'/'}schemas`))).toBe(false)
  expect(seen.size).toBeGreaterThan(5)
})
