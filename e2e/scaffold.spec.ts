// The author's path, timed: `chainless-sandbox new`, then the sandbox with `--app <dir>` (built on start),
// then the app's first screen in the demo wallet: connect, personal_sign, a DW20 transfer to itself.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { repoRoot, runSandbox } from './support/sandbox-process.js'
import { approve, openApp, openWallet } from './support/wallet-page.js'
import type { WalletSandbox } from './support/wallet-sandbox.js'

test.describe.configure({ timeout: 120_000 })

test('new → --app → connect, sign and send in the demo wallet, timed', async ({ page }) => {
  const started = performance.now()
  // inside the repository (node_modules/.cache: ignored by git), so the workspace js-sdk and esbuild resolve
  const parent = join(repoRoot, 'node_modules', '.cache', `scaffold-e2e-${process.pid}`)
  rmSync(parent, { recursive: true, force: true })
  mkdirSync(parent, { recursive: true })
  const made = spawnSync(
    process.execPath,
    ['packages/sandbox/bin/chainless-sandbox.js', 'new', 'Scaffold Demo', '--dir', parent],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  expect(made.status, made.stderr).toBe(0)
  const dir = join(parent, 'scaffold-demo')
  expect(
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies['@chainless/js-sdk'],
  ).toMatch(/^file:.*packages\/js-sdk$/)
  const sandbox = await runSandbox({ extraArgs: ['--app', dir] })
  try {
    expect(sandbox.output()).toMatch(/your app +http:\/\/scaffold-demo\.localhost:\d+/)
    const wallet = {
      walletUrl: sandbox.urls.wallet,
      origin: (appId: string) => `http://${appId}.localhost:${sandbox.ports.apps}`,
    } as WalletSandbox
    await openWallet(page, wallet)
    const frame = await openApp(page, wallet, 'scaffold-demo')
    await frame.click('#connect')
    await approve(page)
    await expect(frame.locator('#account')).toHaveText(/^0x[0-9a-fA-F]{40}$/)
    await frame.click('#sign')
    await approve(page)
    await expect(frame.locator('#signature')).toHaveText(/^0x[0-9a-f]{130}$/)
    const signedMs = performance.now() - started
    await frame.click('#send')
    await approve(page)
    await expect(frame.locator('#tx')).toHaveText(/^0x[0-9a-f]{64}$/, { timeout: 20_000 })
    const sentMs = performance.now() - started
    test.info().annotations.push({
      type: 'timing',
      description: `new → signed ${Math.round(signedMs)} ms; → sent ${Math.round(sentMs)} ms`,
    })
    // A fresh clone has no test-results/ at the root yet.
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true })
    writeFileSync(
      join(repoRoot, 'test-results', 'scaffold-timing.json'),
      JSON.stringify({ signedMs, sentMs }),
    )
    expect(signedMs).toBeLessThan(120_000)
  } finally {
    await sandbox.stop()
    rmSync(parent, { recursive: true, force: true })
  }
})
