// @ts-check
// The browser fuzz's sites: the wallet at `localhost` (the runtime host, e2e/pages/fuzz-wallet.ts),
// the well-behaved app at `app.localhost` (the bridge tests' js-sdk page) and the fuzzing app at
// `fuzz.localhost`. Plain JS: the Playwright spec and `node bench/fuzz.js` share it.
import { bundle } from './bundle.js'
import { startSites, testManifest } from './static-server.js'

/** @param {string} body */
const js = (body) => ({ type: 'text/javascript; charset=utf-8', body })
/**
 * @param {string} module
 * @param {string} [first] a classic script that runs before the module
 * @param {string} [body]
 */
const html = (module, first, body = '') => ({
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><head><meta charset="utf-8"><title>fuzz</title>${
    first ? `<script src="${first}"></script>` : ''
  }</head><body>${body}<script type="module" src="${module}"></script></body></html>`,
})

/** @param {string} name file under e2e/pages */
const page = (name) => bundle(new URL(`../pages/${name}`, import.meta.url))

export async function startFuzzSites() {
  const [watchJs, walletJs, appJs, fuzzJs] = await Promise.all([
    page('fuzz-watch.ts'),
    page('fuzz-wallet.ts'),
    page('app.ts'),
    page('fuzz-app.ts'),
  ])
  const sites = await startSites({
    localhost: {
      '/': html('/wallet.js', '/watch.js', '<div id="apps"></div>'),
      '/watch.js': js(watchJs),
      '/wallet.js': js(walletJs),
    },
    'app.localhost': { '/': html('/app.js'), '/app.js': js(appJs) },
    'fuzz.localhost': { '/': html('/fuzz.js'), '/fuzz.js': js(fuzzJs) },
  })
  return {
    ...sites,
    walletUrl: `${sites.origin('localhost')}/`,
    /**
     * A valid manifest for `<name>.localhost`.
     * @param {string} name
     */
    manifest: (name) => testManifest(name, sites.origin(`${name}.localhost`)),
  }
}

/** @typedef {Awaited<ReturnType<typeof startFuzzSites>>} FuzzSites */
