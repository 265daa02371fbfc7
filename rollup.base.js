// Shared rollup configuration for every published package: ESM (+ CJS where Node consumers need it),
// bundled .d.ts, dependencies kept external.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import json from '@rollup/plugin-json'
import { dts } from 'rollup-plugin-dts'
import esbuild from 'rollup-plugin-esbuild'

/**
 * @param {object} options
 * @param {string} options.dir the package directory (pass `import.meta.dirname`)
 * @param {Record<string, string>} options.input entry name -> source file
 * @param {boolean} [options.cjs] also emit CommonJS (`.cjs` + `.d.cts`)
 * @param {boolean} [options.jsx] compile TSX with Preact's automatic runtime
 * @returns {import('rollup').RollupOptions[]}
 */
export function libraryConfig({ dir, input, cjs = false, jsx = false }) {
  const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'))
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]
  const external = (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(`${d}/`))
  const inputs = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, resolve(dir, v)]))
  const js = {
    input: inputs,
    external,
    plugins: [
      json({ preferConst: true }),
      esbuild({
        target: 'es2022',
        tsconfig: resolve(dir, 'tsconfig.json'),
        ...(jsx ? { jsx: 'automatic', jsxImportSource: 'preact' } : {}),
      }),
    ],
    output: [
      {
        dir: resolve(dir, 'dist'),
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
      },
      ...(cjs
        ? [
            {
              dir: resolve(dir, 'dist'),
              format: 'cjs',
              entryFileNames: '[name].cjs',
              chunkFileNames: '[name]-[hash].cjs',
            },
          ]
        : []),
    ],
  }
  const types = {
    input: inputs,
    external,
    plugins: [dts({ tsconfig: resolve(dir, 'tsconfig.json') })],
    output: [
      {
        dir: resolve(dir, 'dist'),
        format: 'es',
        entryFileNames: '[name].d.ts',
        chunkFileNames: '[name]-[hash].d.ts',
      },
      ...(cjs
        ? [
            {
              dir: resolve(dir, 'dist'),
              format: 'cjs',
              entryFileNames: '[name].d.cts',
              chunkFileNames: '[name]-[hash].d.cts',
            },
          ]
        : []),
    ],
  }
  return [js, types]
}
