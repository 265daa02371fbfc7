// The built CLI as a process (bin/chainless-sandbox.js → dist): exit codes, and two --app folders served
// side by side with ids from their projects, beside a folder attached by `apps create --dir`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'

const bin = resolve(fileURLToPath(new URL('.', import.meta.url)), '../bin/chainless-sandbox.js')
const ZERO_PORTS = [
  '--wallet-port',
  '0',
  '--api-port',
  '0',
  '--apps-port',
  '0',
  '--chain-port',
  '0',
  '--signer-port',
  '0',
]
let dir: string
let child: ChildProcess | undefined

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-cli-process-'))
})
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child?.once('exit', done))
    child.kill('SIGTERM')
    await exited
  }
  rmSync(dir, { recursive: true, force: true })
})

const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 })

function get(port: string, host: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => done(body))
    })
    req.on('error', fail)
    req.end()
  })
}

it('a flag without its value exits 2 with one line', () => {
  const result = run('--data-dir')
  expect(result.status).toBe(2)
  expect(result.stderr).toMatch(/^chainless-sandbox: [^\n]+\n$/)
})

it('serves two --app folders (ids from their projects, not "dist") and an attached folder', async () => {
  const data = join(dir, 'data')
  for (const name of ['shop', 'game', 'attached']) {
    mkdirSync(join(dir, name, 'dist'), { recursive: true })
    writeFileSync(join(dir, name, 'dist', 'index.html'), `<p>${name} page</p>`)
  }
  writeFileSync(join(dir, 'shop', 'package.json'), JSON.stringify({ name: '@acme/shop' }))
  const created = run(
    'apps',
    'create',
    '--data-dir',
    data,
    '--name',
    'Att',
    '--dir',
    join(dir, 'attached', 'dist'),
  )
  expect(created.status, created.stderr).toBe(0)
  child = spawn(
    process.execPath,
    [
      bin,
      '--data-dir',
      data,
      ...ZERO_PORTS,
      '--app',
      join(dir, 'shop', 'dist'),
      '--app',
      join(dir, 'game', 'dist'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const deadline = Date.now() + 90_000
  while (!out.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100))
  }
  expect(out).toContain('Press Ctrl-C')
  expect(out).toMatch(/your app +http:\/\/shop\.localhost:\d+ .*app id from package\.json name "@acme\/shop"/)
  expect(out).toMatch(/your app +http:\/\/game\.localhost:\d+ .*app id from folder name "game"/)
  expect(out).toMatch(/attached app +http:\/\/attached\.localhost:\d+/)
  const port = /http:\/\/shop\.localhost:(\d+)/.exec(out)![1]!
  expect(await get(port, `shop.localhost:${port}`)).toContain('shop page')
  expect(await get(port, `game.localhost:${port}`)).toContain('game page')
  expect(await get(port, `attached.localhost:${port}`)).toContain('attached page')
}, 120_000)
