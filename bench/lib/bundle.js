// @ts-check
// esbuild bundles of the bench pages and size entries. @chainless/* resolve through node_modules to
// the BUILT packages (dist), as an app installing them from npm would get them.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { bundle } from '../../e2e/support/bundle.js'

const benchDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Bundles a page of bench/pages into one ESM string.
 * @param {string} page file name under bench/pages
 * @param {boolean} [minify]
 */
export const bundlePage = (page, minify = false) =>
  bundle(new URL(`../pages/${page}`, import.meta.url), minify)

/**
 * Bundles source code as an app's entry: minified ESM for browsers, tree-shaken, no legal comments.
 * @param {string} contents entry source, resolved from bench/
 * @returns {Promise<Uint8Array>}
 */
export async function bundleEntry(contents) {
  const result = await build({
    stdin: { contents, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  })
  return /** @type {import('esbuild').OutputFile} */ (result.outputFiles[0]).contents
}
