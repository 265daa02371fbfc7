// Size of @chainless/ui-kit as an app ships it: esbuild bundle (minified, ESM, Preact and every
// dependency included) of the built dist, then gzip level 9. Budgets from issue 4.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const dist = fileURLToPath(new URL('../packages/ui-kit/dist/', import.meta.url))

async function gzippedBundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: dist, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/**
 * Measures the ui-kit bundle sizes (bytes, min+gzip).
 * @returns {Promise<Array<{id: string, value: number, unit: 'B', baseline: null, ratio: null, budget: {max: number}, min: number}>>}
 */
export async function measureUiKitSize() {
  if (!existsSync(`${dist}index.js`))
    throw new Error('packages/ui-kit is not built: run `npm run build -w packages/ui-kit`')
  // Everything: every export of both entries used, so nothing can be shaken away (named imports, as
  // an app writes them; a namespace import would add an object of export names no app ships).
  const names = async (entry) => Object.keys(await import(`${dist}${entry}`))
  const [index, adapter] = [await names('index.js'), await names('adapter.js')]
  const all = await gzippedBundle(
    `import { ${index.join(', ')} } from './index.js'\nimport { ${adapter.join(', ')} } from './adapter.js'\n` +
      `console.log(${[...index, ...adapter].join(', ')})`,
  )
  // A single Button import, as an app that uses one component ships it.
  const button = await gzippedBundle("import { Button } from './index.js'\nconsole.log(Button)")
  return [
    {
      id: 'ui-kit.size.all',
      value: all.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: { max: 20480 },
      min: all.min,
    },
    {
      id: 'ui-kit.size.button',
      value: button.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: { max: 6144 },
      min: button.min,
    },
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const e of await measureUiKitSize())
    console.log(`${e.id}: ${e.value} B min+gzip (${e.min} B min), budget ${e.budget.max}`)
}
