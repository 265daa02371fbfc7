import { bundle } from './bundle.js'
import { type Sites, startSites, testManifest } from './static-server.js'

const html = (script: string, body = '') => ({
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script type="module" src="${script}"></script></body></html>`,
})
const js = (body: string) => ({ type: 'text/javascript; charset=utf-8', body })

/** A page of another origin that plays host-impersonator / intruder: says hello and records replies. */
const evilPage = {
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><body>evil<script>
    window.received = [];
    addEventListener('message', (e) => window.received.push({ data: e.data, ports: e.ports.length }));
    parent.postMessage({ type: 'chainless:hello', protocol: '1.0', sdkVersion: 'evil' }, '*');
  </script></body></html>`,
}

const colluderPage = `<!doctype html><html><body>colluder<script>
  window.acks = 0;
  addEventListener('message', (e) => {
    const port = e.ports[0];
    if (port) {
      window.port = port;
      port.onmessage = (m) => {
        if (m.data && m.data.type === 'chainless:probe') {
          port.postMessage({ type: 'chainless:probe-ack', id: m.data.id });
          window.acks++;
        }
      };
    }
    if (e.data && e.data.type === 'chainless:probe') {
      parent.postMessage({ type: 'chainless:probe-ack', id: e.data.id }, '*');
      window.acks++;
    }
  });
</script></body></html>`

/**
 * The sites of the bridge tests: the wallet at `localhost`, mini-programs at `app.localhost` and
 * `app2.localhost`, an intruder at `evil.localhost`. Pages use the BUILT packages.
 */
export async function startBridgeSites() {
  const [hostJs, appJs, hostileJs] = await Promise.all([
    bundle(new URL('../pages/host.ts', import.meta.url)),
    bundle(new URL('../pages/app.ts', import.meta.url)),
    bundle(new URL('../pages/hostile-app.ts', import.meta.url)),
  ])
  const appSite = (): Sites[string] => ({
    '/': html('/app.js'),
    '/app.js': js(appJs),
    '/hostile': html('/hostile.js'),
    '/hostile.js': js(hostileJs),
    '/empty': {
      type: 'text/html; charset=utf-8',
      body: `<!doctype html><html><body><script>parent.postMessage('loaded', '*')</script></body></html>`,
    },
    '/to-quiet': (req, res) => {
      const port = (req.headers.host ?? '').split(':')[1]
      res.writeHead(302, { location: `http://evil.localhost:${port}/quiet` }).end()
    },
    '/to-evil': (req, res) => {
      const port = (req.headers.host ?? '').split(':')[1]
      res.writeHead(302, { location: `http://evil.localhost:${port}/` }).end()
    },
  })
  const sites = await startSites({
    localhost: { '/': html('/host.js', '<div id="apps"></div>'), '/host.js': js(hostJs) },
    'app.localhost': appSite(),
    'app2.localhost': appSite(),
    'evil.localhost': {
      '/': evilPage,
      // A foreign page whose `load` never fires: its HTML never finishes.
      '/hang': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        res.write(`<!doctype html><h1>Log in to your wallet</h1>${' '.repeat(4096)}`)
        // never ended: the connection stays open until the server closes
      },
      // A frame of another origin beside the app, on the wallet page: takes a leaked port and answers
      // every probe it can see, over the port and on its window.
      '/colluder': { type: 'text/html; charset=utf-8', body: colluderPage },
      // A foreign page that stays silent: it must never be shown inside the wallet.
      '/quiet': { type: 'text/html; charset=utf-8', body: '<!doctype html><h1>Log in to your wallet</h1>' },
    },
  })
  return {
    ...sites,
    hostUrl: `${sites.origin('localhost')}/`,
    /** A valid manifest for `<name>.localhost`. */
    manifest: (name: string, path = '/') => testManifest(name, sites.origin(`${name}.localhost`), path),
  }
}
