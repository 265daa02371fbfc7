// Bundles the demo wallet and the example mini-programs into public/, so the published package
// (and `npx chainless-sandbox`) serves them without the repository's examples/ folder.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const out = fileURLToPath(new URL('../public/', import.meta.url))
rmSync(out, { recursive: true, force: true })

const sites = [
  {
    from: 'examples/wallet-host',
    to: 'wallet',
    entry: 'src/wallet.ts',
    out: 'wallet.js',
    copy: ['index.html', 'wallet.css'],
    // The developer workbench is its own file, fetched by a dynamic import only when config.json
    // says `workbench: true`: a wallet without it never downloads (or contains) its code.
    chunks: { workbench: 'src/workbench/index.ts' },
  },
  { from: 'examples/hello', to: 'apps/hello', entry: 'src/main.ts', out: 'main.js', copy: ['index.html'] },
  {
    from: 'examples/web3-demo',
    to: 'apps/web3-demo',
    entry: 'src/main.ts',
    out: 'main.js',
    copy: ['index.html'],
  },
  {
    from: 'examples/web2-shop',
    to: 'apps/web2-shop',
    entry: 'src/main.ts',
    out: 'main.js',
    copy: ['index.html'],
  },
]
for (const site of sites) {
  const dir = `${out}${site.to}`
  mkdirSync(dir, { recursive: true })
  for (const file of site.copy) cpSync(`${root}${site.from}/${file}`, `${dir}/${file}`)
  const entryPoints = { [site.out.replace(/\.js$/, '')]: `${root}${site.from}/${site.entry}` }
  for (const [name, entry] of Object.entries(site.chunks ?? {}))
    entryPoints[name] = `${root}${site.from}/${entry}`
  await build({
    entryPoints,
    outdir: dir,
    // `wallet.js` stays the name index.html loads; code shared with the workbench goes to chunk-*.js.
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    splitting: site.chunks !== undefined,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // Without this esbuild reads the root tsconfig's `paths` for examples/ (the packages' sources) while
    // the packages' own files import their dist: two copies of @chainless/protocol in one page, and the
    // host's `instanceof BridgeError` missed the wallet's UserRejectedError (auto-reject answered -32603).
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' } },
    // Rollup keeps `import './chunk.js'` lines for the order of its chunks; the packages are side-effect free.
    logOverride: { 'ignored-bare-import': 'silent' },
  })
}

// web2-shop's back end (node-sdk bundled in): startSandbox imports it and hands it the app key in process.
await build({
  entryPoints: [`${root}examples/web2-shop/server/index.ts`],
  outfile: `${out}servers/web2-shop.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
})
