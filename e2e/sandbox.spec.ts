import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { freePort, repoRoot, runSandbox, type SandboxProcess } from './support/sandbox-process.js'

test.describe.configure({ mode: 'serial' })

let sandbox: SandboxProcess

test.beforeAll(async () => {
  test.setTimeout(120_000)
  // What a user types: `npm start` (with ports moved off the defaults).
  sandbox = await runSandbox({ npmStart: true, timeoutMs: 110_000 })
})

test.afterAll(async () => {
  // Ctrl-C: a clean shutdown, every port free again.
  await sandbox?.stop()
  expect(sandbox.output()).toContain('Stopped.')
  const response = await fetch(`${sandbox.urls.api.replace('localhost', '127.0.0.1')}/api/v1/apps`).catch(
    () => 'refused',
  )
  expect(response).toBe('refused')
})

test('prints every URL', () => {
  const out = sandbox.output()
  expect(out).toContain(`demo wallet     http://localhost:${sandbox.ports.wallet}`)
  expect(out).toContain(`platform API    http://localhost:${sandbox.ports.api}`)
  expect(out).toContain(`http://<appId>.localhost:${sandbox.ports.apps}`)
  expect(out).toContain(`chain JSON-RPC  http://127.0.0.1:${sandbox.ports.chain}`)
  expect(out).toContain(`remote signer   http://127.0.0.1:${sandbox.ports.signer}`)
  expect(out).toMatch(/ready in \d+ ms/)
})

test('wallet: search the catalog, launch hello, see its context, close it', async ({ page }) => {
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  await expect(page.locator('#catalog li[data-app-id="hello"]')).toBeVisible()

  await page.fill('#search', 'zzz-no-such-app')
  await expect(page.locator('#catalog li')).toHaveCount(0)
  await expect(page.locator('#catalog-status')).toHaveText('No mini-programs match.')
  await page.fill('#search', 'smallest')
  await expect(page.locator('#catalog li')).toHaveCount(1)
  await expect(page.locator('#catalog li[data-app-id="hello"]')).toBeVisible()

  // First use: the security notice; declining it opens nothing.
  await page.click('#catalog li[data-app-id="hello"] button')
  const notice = page.getByRole('dialog', { name: 'Before you start' })
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('Hello')
  await notice.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.locator('#catalog-status')).toContainText('Did not open Hello')
  await expect(page.locator('iframe')).toHaveCount(0)
  await page.click('#catalog li[data-app-id="hello"] button')
  await notice.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('#runner')).toBeVisible()
  const frame = page.frameLocator('#app-container iframe')
  await expect(frame.locator('#status')).toHaveText('Connected')
  await expect(frame.locator('[data-field="app"]')).toContainText('hello')
  await expect(frame.locator('[data-field="origin"]')).toHaveText(sandbox.urls.hello)
  await expect(frame.locator('[data-field="host"]')).toContainText('Chainless demo wallet')
  // The user's address reaches no app without consent (issue 7): launch params carry no account.
  await expect(frame.locator('[data-field="launch-params"]')).toContainText('"chainId"')
  await expect(frame.locator('[data-field="launch-params"]')).not.toContainText('account')
  await expect(page.locator('#app-state')).toHaveText('ready')

  // Theme follows the wallet.
  await page.click('#theme')
  await expect(frame.locator('[data-field="theme"]')).toHaveText('dark')

  // The app info page, on request.
  await page.click('#app-info')
  const info = page.getByRole('dialog', { name: 'App info' })
  await expect(info).toBeVisible()
  await expect(info).toContainText('Chainless')
  await page.keyboard.press('Escape')
  await expect(info).toBeHidden()

  await page.click('#close-app')
  await expect(page.locator('#runner')).toBeHidden()
  await expect(page.locator('#launcher')).toBeVisible()
  await expect(page.locator('iframe')).toHaveCount(0)
})

test('switching test accounts does not reach an app the user granted nothing', async ({ page }) => {
  await page.goto(sandbox.urls.wallet)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
  const options = await page.locator('#account option').count()
  expect(options).toBeGreaterThanOrEqual(10)
  await page.click('#catalog li[data-app-id="hello"] button')
  // A new browser context: the notice shows again (the seen list lives in this origin's storage).
  await page
    .getByRole('dialog', { name: 'Before you start' })
    .getByRole('button', { name: 'Continue' })
    .click()
  const frame = page.frameLocator('#app-container iframe')
  await expect(frame.locator('#status')).toHaveText('Connected')
  const second = await page.locator('#account option').nth(1).getAttribute('value')
  await page.selectOption('#account', second!)
  // Account events go only to apps with the grant (issue 7): hello has none. The theme change is sent
  // after the account switch over the same port, so once it arrived an account event would have too.
  await page.click('#theme')
  await expect(frame.locator('[data-field="theme"]')).toHaveText('dark')
  await expect(frame.locator('[data-field="account"]')).toHaveText('(none)')
})

test('the hello app outside the wallet says it is not in a wallet', async ({ page }) => {
  await page.goto(sandbox.urls.hello)
  await expect(page.locator('#status')).toContainText('Not inside a Chainless wallet (4900', {
    timeout: 3000,
  })
})

test('a port in use gives a clear message, not a stack trace', async () => {
  const blocker = createServer()
  const port = await freePort()
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
  const dataDir = mkdtempSync(join(tmpdir(), 'chainless-e2e-'))
  try {
    const result = spawnSync(
      process.execPath,
      [
        'packages/sandbox/bin/chainless-sandbox.js',
        `--wallet-port=${port}`,
        `--api-port=${await freePort()}`,
        `--apps-port=${await freePort()}`,
        `--chain-port=${await freePort()}`,
        `--data-dir=${dataDir}`,
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`port ${port} is already in use`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  } finally {
    blocker.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
