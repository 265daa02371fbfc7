import { env } from 'node:process'
import type { fc } from '@fast-check/vitest'

/**
 * Runs and replay for a property: `FUZZ_RUNS` changes the number of runs; `FUZZ_SEED` (and
 * `FUZZ_PATH`, both printed by a failure) replay a failing run.
 */
export function fuzzParameters(
  defaultRuns: number,
): Pick<fc.Parameters<unknown>, 'numRuns' | 'seed' | 'path' | 'verbose'> {
  const runs = Number(env.FUZZ_RUNS)
  const seed = Number(env.FUZZ_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(env.FUZZ_SEED !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    verbose: 0,
  }
}
