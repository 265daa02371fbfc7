import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Sink, startSink } from './sink.testutil.js'

let dir: string
let script: string
beforeAll(async () => {
  // Inside the repository so the bundle's bare imports (ethers, …) resolve from its node_modules.
  const cache = new URL('../../../../../node_modules/.cache', import.meta.url).pathname
  await mkdir(cache, { recursive: true })
  dir = await mkdtemp(join(cache, 'chainless-signal-'))
  script = join(dir, 'child.mjs')
  await build({
    entryPoints: [new URL('./signal-child.testutil.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
    alias: { '@chainless/protocol': new URL('../../../../protocol/src/index.ts', import.meta.url).pathname },
    // ethers etc. stay external: resolved from the repository's node_modules.
    packages: 'external',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function run(
  sink: Sink,
  count: number,
  extra = '',
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, sink.url, String(count), extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: new URL('../../../../..', import.meta.url).pathname,
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('child did not exit'))
    }, 15_000)
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) child.kill('SIGTERM')
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

describe('handleSignals', () => {
  let sink: Sink
  beforeAll(async () => {
    sink = await startSink()
  })
  afterAll(() => sink.close())

  it('SIGTERM flushes every queued event, then the process dies of SIGTERM', async () => {
    const before = sink.events.size
    const outcome = await run(sink, 2_500)
    expect(outcome.signal).toBe('SIGTERM')
    expect(sink.events.size - before).toBe(2_500)
  })

  it("with the app's own SIGTERM listener, the SDK flushes and leaves the exit to it", async () => {
    const before = sink.events.size
    const outcome = await run(sink, 10, 'own-listener')
    expect(outcome.code).toBe(7)
    expect(sink.events.size - before).toBe(10)
  })
})
