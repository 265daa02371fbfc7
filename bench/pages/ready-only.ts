// The cold-start app: imports only `ready` (the app of the size budget) and tells its parent when
// `ready()` resolved with one message (the baseline's empty page posts one too), carrying its own
// timeline (epoch ms, from `performance.timeOrigin`): script start, `welcome` received, resolved.
import { ready } from '@chainless/js-sdk'

const now = () => performance.timeOrigin + performance.now()
const scriptStart = now()
let welcome = Number.NaN
// Observes the handshake only (the js-sdk has its own listener).
addEventListener('message', (event) => {
  if (event.data?.type === 'chainless:welcome') welcome = now()
})
void ready().then(() =>
  parent.postMessage({ type: 'bench:ready-resolved', scriptStart, welcome, resolved: now() }, '*'),
)
