// The README's examples run verbatim against a real sandbox platform API (issue 11: "every README
// example runs verbatim"). Each block is read from README.md at test time, written to a file next to
// this package (so `@chainless/node-sdk` resolves to the built dist, as it would for a reader) and run
// with `node` in a child process, with only the environment the README tells the reader to set.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type Chain,
  createApp,
  DEFAULT_PORTS,
  openStore,
  type PlatformApi,
  type Store,
  startChain,
  startPlatformApi,
} from '@chainless/sandbox'
import { transform } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signWebhook } from './webhooks/signature.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8')

/** The README's fenced blocks of a language, in order. */
const blocks = (lang: string) =>
  [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang).map((m) => m[2] as string)
/** The one block of `lang` containing every marker: fails loudly when the README changed shape. */
function block(lang: 'js' | 'ts', ...markers: string[]): string {
  const found = blocks(lang).filter((b) => markers.every((m) => b.includes(m)))
  if (found.length !== 1)
    throw new Error(`README: ${found.length} ${lang} blocks contain ${markers.join(', ')}`)
  return found[0] as string
}

let runDir: string
let dataDir: string
let chain: Chain
let store: Store
let api: PlatformApi
let app: { appId: string; appKey: string }
const children: ChildProcess[] = []

beforeAll(async () => {
  // Inside the package: bare imports resolve through the workspace's node_modules, as for a reader.
  runDir = mkdtempSync(join(packageDir, '.readme-run-'))
  dataDir = mkdtempSync(join(tmpdir(), 'node-sdk-readme-'))
  chain = await startChain({ port: 0 })
  store = openStore({ dataDir, reset: true })
  const created = createApp(store, {
    name: 'My back end',
    origin: 'http://my-back-end.localhost:8090',
    scopes: ['user:basic'],
  })
  app = { appId: created.appId, appKey: created.appKey }
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://localhost:1',
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId },
    rateLimit: false,
    onError: () => undefined,
  })
})

afterAll(async () => {
  for (const child of children) child.kill()
  await api?.close()
  store?.close()
  await chain?.close()
  if (runDir) rmSync(runDir, { recursive: true, force: true })
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** Writes a README block as `name` (TypeScript stripped by esbuild, as `tsx` would) and returns its path. */
async function save(name: string, code: string, lang: 'js' | 'ts'): Promise<string> {
  const js = lang === 'ts' ? (await transform(code, { loader: 'ts', format: 'esm' })).code : code
  const file = join(runDir, name)
  mkdirSync(runDir, { recursive: true })
  writeFileSync(file, js)
  return file
}

/** The environment the README asks for: the app's id and key, and where the sandbox's API is. */
const readerEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  APP_ID: app.appId,
  APP_KEY: app.appKey,
  CHAINLESS_API: api.url,
  CHAINLESS_ISSUER: api.url,
  ...extra,
})

/** Runs a script to its end (bounded): exit code and output. */
function run(file: string, env: Record<string, string>, timeoutMs = 30_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [file], { env, cwd: runDir, timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** Starts a server script on a free port and waits until it answers; killed after the tests. */
async function serve(file: string, env: Record<string, string>): Promise<string> {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })
  const child = spawn(process.execPath, [file], { env: { ...env, PORT: String(port) }, cwd: runDir })
  children.push(child)
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${file} exited ${child.exitCode}: ${stderr}`)
    try {
      await fetch(url)
      return url
    } catch {
      if (Date.now() > deadline) throw new Error(`${file} did not listen: ${stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

describe('packages/node-sdk/README.md examples, run as written', () => {
  it('the defaults a reader gets without setting anything are the sandbox of `npm start`', () => {
    // The runs below point the examples at this test's sandbox; the defaults are checked here.
    const ports = new Set(
      [...readme.matchAll(/\/\/(?:localhost|[\w-]+\.localhost|127\.0\.0\.1):(\d+)/g)].map((m) =>
        Number(m[1]),
      ),
    )
    expect([...ports].sort()).toEqual([DEFAULT_PORTS.api, DEFAULT_PORTS.apps].sort())
    for (const server of [
      block('js', 'createAuthClient', 'verifySiwe'),
      block('ts', 'webhooks.fromNodeRequest'),
    ]) {
      // Not the wallet's port (the first example listened on 8080 and collided with the demo wallet).
      expect(server).toContain('.listen(Number(process.env.PORT ?? 3000))')
    }
  })

  it('"Example (against npm start)": platform.mjs prints who it is, storage, a CRC20 balance and the unknown user', async () => {
    const file = await save('platform.mjs', block('js', 'createPlatformClient', 'client.apps.me()'), 'js')
    const { code, stdout, stderr } = await run(file, readerEnv())
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain(`signed in as ${app.appId}`)
    expect(stdout).toContain('{ dark: true }')
    expect(stdout).toContain("[ 'settings/theme?v=2' ]")
    expect(stdout).toMatch(/CTC \d+n base units/)
    expect(stdout).toContain('that user never authorized the app')
  })

  it('"a back end that logs users in": server.mjs serves nonces, refuses a missing token and a bad code', async () => {
    const file = await save('server.mjs', block('js', 'createAuthClient', 'verifySiwe'), 'js')
    const url = await serve(file, readerEnv())
    const nonce = await fetch(`${url}/api/siwe/nonce`)
    expect(nonce.status).toBe(200)
    expect(((await nonce.json()) as { nonce: string }).nonce).toMatch(/^[A-Za-z0-9]{8,}$/)
    const me = await fetch(`${url}/api/me`)
    expect(me.status).toBe(401)
    // The code exchange reaches the sandbox's token endpoint (issuer metadata, client auth) and is refused.
    const login = await fetch(`${url}/api/login`, {
      method: 'POST',
      body: JSON.stringify({ code: 'not-a-code', codeVerifier: 'v'.repeat(43) }),
    })
    expect(login.status).toBe(400)
    expect(await login.json()).toEqual({ error: 'invalid_grant' })
  })

  it('"Analytics": the block tracks an event and closes without a delivery error', async () => {
    const file = await save('analytics.mjs', block('ts', 'createAnalytics', 'analytics.track'), 'ts')
    const { code, stderr } = await run(file, readerEnv())
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('"Webhooks" (node:http): a signed delivery is 204, a forged one 400', async () => {
    const file = await save('webhooks.mjs', block('ts', 'webhooks.fromNodeRequest', 'createServer'), 'ts')
    const url = await serve(file, readerEnv())
    const body = JSON.stringify({
      id: 'evt_readme_1',
      type: 'authorization.revoked',
      createdAt: new Date().toISOString(),
      appId: app.appId,
      data: { userId: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', scope: ['user:basic'] },
    })
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/hooks/chainless`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      })
    expect((await post(signWebhook({ appKey: app.appKey, path: '/hooks/chainless', body }))).status).toBe(204)
    const forged = signWebhook({ appKey: 'ck_not_the_key', path: '/hooks/chainless', body })
    expect((await post(forged)).status).toBe(400)
  })
})
