// The cold-start app: imports only `ready` (the app of the size budget) and tells its parent when
// `ready()` resolved, with the same one message the baseline's empty page posts.
import { ready } from '@chainless/js-sdk'

void ready().then(() => parent.postMessage('bench:ready-resolved', '*'))
