// Child process of signals.test.ts: tracks events with `handleSignals`, says "ready", then waits for
// the signal the test sends. Bundled by esbuild before it runs.
import { createPlatformClient } from '../../platform/create-client.js'
import { createAnalytics } from './analytics.js'

const [baseUrl, count, extraListener] = process.argv.slice(2)
const client = createPlatformClient({ appId: 'signal-app', appKey: 'ck_signal', baseUrl: baseUrl ?? '' })
const analytics = createAnalytics(client, { handleSignals: true, flushIntervalMs: 60_000, maxBatch: 1_000 })
for (let i = 0; i < Number(count); i++) analytics.track('before_exit', { properties: { i } })
if (extraListener === 'own-listener')
  process.on('SIGTERM', () => {
    // The app's own handler decides when to exit: after the SDK had its chance to flush.
    setTimeout(() => process.exit(7), 2_000)
  })
// Something that would keep the process alive forever, as a server does.
setInterval(() => {}, 1_000)
process.stdout.write('ready\n')
