// @ts-check
// Size of the js-sdk as an app ships it: esbuild (minify, ESM, browser, tree shaking) of the built
// dist, then gzip level 9.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bundleEntry } from './lib/bundle.js'

const dist = fileURLToPath(new URL('../packages/js-sdk/dist/index.js', import.meta.url))

/**
 * @param {string} contents
 * @returns {Promise<{min: number, gzip: number}>}
 */
async function gzipped(contents) {
  const code = await bundleEntry(contents)
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureSdkSize() {
  if (!existsSync(dist)) throw new Error('packages/js-sdk is not built: run `npm run build` first')
  const readyOnly = await gzipped("import { ready } from '@chainless/js-sdk'\nready()")
  const all = await gzipped("export * from '@chainless/js-sdk'")
  // The wallet entry on top of the ready-only app, measured in the same run: what an app adds.
  const walletEntry =
    "import { ready } from '@chainless/js-sdk'\nimport { getProvider, pay } from '@chainless/js-sdk/wallet'\nready()\nexport { getProvider, pay }"
  const providerPay = await gzipped(walletEntry)
  const walletAll = await gzipped("export * from '@chainless/js-sdk/wallet'")
  // The auth entry on top of the ready-only app; its PKCE pair alone (oauth4webapi's named imports) too.
  const authEntry =
    "import { ready } from '@chainless/js-sdk'\nimport { authorize, getAccessToken, login, logout } from '@chainless/js-sdk/auth'\nready()\nexport { authorize, getAccessToken, login, logout }"
  const auth = await gzipped(authEntry)
  const pkce = await gzipped(
    "import { ready } from '@chainless/js-sdk'\nimport { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi'\nready()\nexport { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState }",
  )
  const method = 'esbuild bundle (minify, esm, browser, tree shaking) of the built dist, gzip -9'
  /**
   * What an entry adds to the ready-only app, measured in the same run.
   * @param {string} id @param {string} names @param {string} entry @param {number} max @param {string} what
   * @returns {Promise<import('./lib/entry.js').Entry>}
   */
  const onTopOfReady = async (id, names, entry, max, what) => {
    const source = `import { ready } from '@chainless/js-sdk'\nimport { ${names} } from '@chainless/js-sdk/${entry}'\nready()\nexport { ${names} }`
    const size = await gzipped(source)
    return {
      id,
      value: size.gzip - readyOnly.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: { max },
      detail: {
        what,
        entry: source.replaceAll('\n', '; '),
        totalBytes: size.gzip,
        readyOnlyBytes: readyOnly.gzip,
        minBytes: size.min - readyOnly.min,
        method,
      },
    }
  }
  const entries = [
    await onTopOfReady(
      'js-sdk.size.storage',
      'get, set, remove, keys, clear',
      'storage',
      2048,
      'bytes that get + set + remove + keys + clear add to the ready-only app (same run)',
    ),
    await onTopOfReady(
      'js-sdk.size.network',
      'createFetch, fetch, PlatformError, NetworkError',
      'network',
      3072,
      'bytes that the network entry adds to the ready-only app (same run; ~1 KB of it is the auth entry getAccessToken, shared with an app that imports auth)',
    ),
    await onTopOfReady(
      'js-sdk.size.events',
      'createEmitter, on, off',
      'events',
      512,
      'bytes that the events entry adds to the ready-only app (same run)',
    ),
  ]
  return [
    ...entries,
    {
      id: 'js-sdk.size.ready',
      value: readyOnly.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: { max: 3072 },
      detail: {
        entry: 'import { ready } from "@chainless/js-sdk"; ready()',
        minBytes: readyOnly.min,
        method,
      },
    },
    {
      id: 'js-sdk.size.all',
      value: all.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: null,
      detail: { entry: 'export * from "@chainless/js-sdk"', minBytes: all.min, method },
    },
    {
      id: 'js-sdk.size.wallet.provider-pay',
      value: providerPay.gzip - readyOnly.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: { max: 2048 },
      detail: {
        what: 'bytes that getProvider + pay add to the ready-only app (same run)',
        entry: walletEntry.replaceAll('\n', '; '),
        totalBytes: providerPay.gzip,
        readyOnlyBytes: readyOnly.gzip,
        minBytes: providerPay.min - readyOnly.min,
        method,
      },
    },
    {
      id: 'js-sdk.size.wallet.all',
      value: walletAll.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      budget: null,
      detail: { entry: 'export * from "@chainless/js-sdk/wallet"', minBytes: walletAll.min, method },
    },
    {
      id: 'js-sdk.size.auth',
      value: auth.gzip - readyOnly.gzip,
      unit: 'B',
      baseline: null,
      ratio: null,
      // The budget is the PKCE part (~1.1 KB: `pkceNamedImportsBytes`, oauth4webapi's three
      // named functions with their module-level code). The rest is the token cache (one call in
      // flight, refresh after a 401, cleared on account change), scope checks and typed errors.
      budget: { max: 2304 },
      detail: {
        what: 'bytes that authorize + getAccessToken + login + logout add to the ready-only app (same run)',
        entry: authEntry.replaceAll('\n', '; '),
        totalBytes: auth.gzip,
        readyOnlyBytes: readyOnly.gzip,
        minBytes: auth.min - readyOnly.min,
        pkceNamedImportsBytes: pkce.gzip - readyOnly.gzip,
        method,
      },
    },
  ]
}
