// @ts-check
// Bundles a browser entry into one ESM string; @chainless/* resolve through node_modules to the BUILT
// packages (dist), as an app installing them from npm gets them. Shared by e2e and bench.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * @param {string | URL} entry file path or `file:` URL
 * @param {boolean} [minify]
 * @returns {Promise<string>}
 */
export async function bundle(entry, minify = false) {
  const result = await build({
    entryPoints: [entry instanceof URL ? fileURLToPath(entry) : entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
    // Without this, esbuild reads the root tsconfig's `paths` and bundles the packages' sources.
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' } },
  })
  return /** @type {import('esbuild').OutputFile} */ (result.outputFiles[0]).text
}
