import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** A free loopback port (never the sandbox defaults, so tests run beside `npm start`). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface SandboxProcess {
  child: ChildProcess
  ports: { wallet: number; api: number; apps: number; chain: number; signer: number }
  dataDir: string
  output(): string
  urls: { wallet: string; api: string; hello: string }
  stop(): Promise<number | null>
}

/**
 * Runs the sandbox as a user does, in a child process, on free ports with its own data dir, and
 * waits for its "ready" line. `command` is `npm start --` or the bin directly.
 */
export async function runSandbox(
  options: { npmStart?: boolean; dataDir?: string; extraArgs?: string[]; timeoutMs?: number } = {},
): Promise<SandboxProcess> {
  const ports = {
    wallet: await freePort(),
    api: await freePort(),
    apps: await freePort(),
    chain: await freePort(),
    signer: await freePort(),
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chainless-e2e-'))
  const flags = [
    `--wallet-port=${ports.wallet}`,
    `--api-port=${ports.api}`,
    `--apps-port=${ports.apps}`,
    `--chain-port=${ports.chain}`,
    `--signer-port=${ports.signer}`,
    `--data-dir=${dataDir}`,
    ...(options.extraArgs ?? []),
  ]
  const [cmd, args] = options.npmStart
    ? ['npm', ['start', '--silent', '--', ...flags]]
    : [process.execPath, ['packages/sandbox/bin/chainless-sandbox.js', ...flags]]
  const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  child.stdout?.on('data', (d) => {
    out += d
  })
  child.stderr?.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sandbox not ready in time:\n${out}`)),
      options.timeoutMs ?? 60_000,
    )
    const check = () => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`sandbox exited with ${code}:\n${out}`))
    })
  })
  return {
    child,
    ports,
    dataDir,
    output: () => out,
    urls: {
      wallet: `http://localhost:${ports.wallet}`,
      api: `http://localhost:${ports.api}`,
      hello: `http://hello.localhost:${ports.apps}`,
    },
    async stop() {
      const running = () => child.exitCode === null && child.signalCode === null
      const signal = (name: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, name)
        } catch {
          // already gone
        }
      }
      if (running()) signal('SIGINT')
      const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 10_000))])
      if (running()) signal('SIGKILL')
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
      return code
    },
  }
}
