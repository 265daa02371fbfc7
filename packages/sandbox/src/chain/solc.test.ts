import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { CompileError, compileSolidity, findImport, MAX_SOURCE_BYTES } from './solc.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

describe('findImport', () => {
  it.each([
    ['import "./A.sol";', 1],
    ['pragma solidity ^0.8.0;\nimport {A} from "./A.sol";', 2],
    ['pragma solidity ^0.8.0;import * as X from "x";', 1],
    ['contract A {}\n  import "x";', 2],
    ['// import "x";\ncontract A {}', 0],
    ['/* import "x"; */ contract A {}', 0],
    ['contract A { string s = "import x"; }', 0],
    ["contract A { string s = 'a\\' import'; }", 0],
    ['contract Important {}', 0],
    ['contract A { uint reimport; }', 0],
    ['string s = "unterminated\nimport "x";', 2],
    ['/* a\nb */\n// c\nimport "x";', 4],
  ])('%s → line %i', (source, line) => {
    expect(findImport(source)).toBe(line)
  })

  test.prop([fc.string({ maxLength: 2000 })], {
    numRuns: RUNS,
    ...(SEED === undefined ? {} : { seed: SEED }),
  })('never throws; an import line after any comment-free text is found', (text) => {
    const line = findImport(text)
    expect(Number.isInteger(line) && line >= 0).toBe(true)
    const clean = text.replace(/["'/*]/g, ' ')
    expect(findImport(`${clean}\nimport "x";`)).toBeGreaterThan(0)
  })

  it('scans the largest source quickly (no backtracking blow-up)', () => {
    const started = performance.now()
    findImport(`"${'\\"'.repeat(MAX_SOURCE_BYTES / 4)}`)
    findImport(`/*${'*'.repeat(MAX_SOURCE_BYTES - 4)}`)
    expect(performance.now() - started).toBeLessThan(500)
  })
})

describe('compileSolidity refusals (no solc run)', () => {
  it('refuses a source over 256 KiB and an import before loading the compiler', async () => {
    await expect(compileSolidity(`// ${'x'.repeat(MAX_SOURCE_BYTES)}`)).rejects.toBeInstanceOf(CompileError)
    const error = await compileSolidity('import "./B.sol";').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CompileError)
    expect((error as CompileError).errors[0]).toMatch(/imports are not supported/)
  })
})
