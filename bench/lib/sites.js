// @ts-check
import { bundlePage } from './bundle.js'
import { html, ISOLATED, js, startSites } from './server.js'

/**
 * The bench sites: the wallet at `localhost` (`/isolated`: cross-origin isolated, for fine timers),
 * the mini-program at `app.localhost` with `/rtt` (the round-trip app, isolated), `/ready` (an app importing only `ready`, minified, inline
 * like the baseline's script; `/ready-module`: the same as an external module script) and
 * `/empty` (the cold-start baseline: an empty page posting one message), `/empty-module` (the same
 * from an external module script, to split the cost of fetching a script from the SDK's).
 */
export async function startBenchSites() {
  const [walletJs, rttJs, readyJs] = await Promise.all([
    bundlePage('wallet.ts'),
    bundlePage('app.ts'),
    bundlePage('ready-only.ts', true),
  ])
  const sites = await startSites({
    localhost: {
      '/': html({ src: '/wallet.js', body: '<div id="apps"></div>' }),
      '/isolated': html({ src: '/wallet.js', body: '<div id="apps"></div>', headers: ISOLATED }),
      '/wallet.js': js(walletJs),
    },
    'app.localhost': {
      '/rtt': html({ src: '/rtt.js', headers: ISOLATED }),
      '/rtt.js': js(rttJs),
      // The bundle has no import or export, so it also runs as a classic inline script.
      '/ready': html({ inline: readyJs }),
      '/ready-module': html({ src: '/ready.js' }),
      '/ready.js': js(readyJs),
      '/empty': html({ inline: "parent.postMessage('loaded', '*')" }),
      // The floor of any hello → welcome handshake: one round trip to the parent, then one message.
      '/echo': html({
        inline:
          "addEventListener('message', (e) => { if (e.data === 'bench:hi-back') parent.postMessage('loaded', '*') }); parent.postMessage('bench:hi', '*')",
      }),
      '/empty-module': html({ src: '/empty-module.js' }),
      '/empty-module.js': js("parent.postMessage('loaded', '*')"),
    },
  })
  return {
    ...sites,
    walletUrl: `${sites.origin('localhost')}/`,
    isolatedWalletUrl: `${sites.origin('localhost')}/isolated`,
    appOrigin: sites.origin('app.localhost'),
    /**
     * A valid manifest of the app at `path` on `app.localhost`.
     * @param {string} path
     */
    manifest(path) {
      const origin = sites.origin('app.localhost')
      return {
        appId: 'bench',
        name: 'Bench',
        version: '1.0.0',
        origin,
        entryUrl: `${origin}${path}`,
        scopes: [],
      }
    },
  }
}

/** @typedef {Awaited<ReturnType<typeof startBenchSites>>} BenchSites */
