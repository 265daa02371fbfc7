/**
 * `@fast-check/poisoning`, loaded after every lazily defined global (Node materialises some, like
 * `AbortController`, on first read) has been read once, so that first read is not taken for poisoning.
 * Test-only. Import it before the code under test.
 */
import './touch-globals.fuzz.js'

export { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning'

/** Roots the test runner itself changes while running. */
export const POISONING_OPTIONS = { ignoredRootRegex: /^(__vitest|__VITEST|__vite|\$|__coverage__)/ }
