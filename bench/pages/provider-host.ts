// The wallet page of the provider-overhead benchmark (served at `localhost`): the least host that
// serves `walletRequest` — the handshake, then every call answered at once with the same reply
// (`eth_chainId` → the dev chain's id). Both sides of the ratio go through it, so what differs is the
// js-sdk only: the EIP-1193 provider against a direct `call('walletRequest', …)`.
const appOrigin = new URL(location.href).searchParams.get('app')!
const iframe = document.createElement('iframe')
// Cross-origin isolated (like bench/rtt.js): 5 µs timers in the app frame.
iframe.allow = 'cross-origin-isolated'
iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin')

addEventListener('message', (event: MessageEvent) => {
  if (event.source !== iframe.contentWindow || event.data?.type !== 'chainless:hello') return
  const { port1, port2 } = new MessageChannel()
  port1.onmessage = ({ data }: MessageEvent<{ id: string; path: string[] }>) => {
    port1.postMessage({ id: data.id, type: 'RAW', value: data.path[0] === 'walletRequest' ? '0xc1a1' : null })
  }
  const context = {
    app: { appId: 'bench', name: 'Bench', version: '1.0.0', origin: appOrigin },
    host: { name: 'Bench', version: '0.0.0', platform: 'web' },
    locale: 'en',
    theme: 'light',
    safeAreaInsets: { top: 0, right: 0, bottom: 0, left: 0 },
    launchParams: {},
  }
  const capabilities = ['ready', 'walletRequest']
  iframe.contentWindow!.postMessage(
    { type: 'chainless:welcome', protocol: '1.0', context, capabilities },
    appOrigin,
    [port2],
  )
})
iframe.src = `${appOrigin}/provider`
document.body.append(iframe)
