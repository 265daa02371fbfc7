// The workbench's simulate panels through a real app (issue 12): a rule set in the Mocks panel reaches
// the app as UserRejectedError without a sheet; a DW20 balance set in the Accounts panel shows in the
// app through ethers; a contract deployed from the Contracts panel (one Solidity file) is callable
// from the app; a simulated revert shows its reason and nothing is signed or sent (nonce unchanged).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Sandbox, startSandbox } from '@chainless/sandbox'
import { type BrowserContext, expect, type Frame, type Page, test } from '@playwright/test'
import { bundle } from './support/bundle.js'
import { approve, expectNoSheet, openApp, openWallet } from './support/wallet-page.js'
import { WALLET_SCOPES, type WalletSandbox } from './support/wallet-sandbox.js'

test.describe.configure({ mode: 'serial', timeout: 90_000 })

const APP = 'wb-app'
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Greeter {
  string public greeting = "hello workbench";
  function setGreeting(string calldata next) external {
    require(bytes(next).length > 0, "empty greeting");
    greeting = next;
  }
}
`

let root: string
let sandbox: Sandbox
let wallet: WalletSandbox
let context: BrowserContext
let page: Page
let frame: Frame
let account: string
let deployed: string

/** What `e2e/pages/libs/expose.ts` answers for a step. */
type Step = { ok: true; result: unknown } | { ok: false; code?: number; message: string }

function lib(name: string, ...args: unknown[]): Promise<Step> {
  return frame.evaluate(
    ([step, values]) =>
      (window as unknown as { lib: Record<string, (...a: unknown[]) => Promise<unknown>> }).lib[
        step as string
      ]!(...(values as unknown[])) as Promise<Step>,
    [name, args] as const,
  )
}

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(sandbox.chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result: T }
  return body.result
}

const workbench = () => page.locator('[data-testid=workbench]')
async function openTab(name: string): Promise<void> {
  await workbench().getByRole('tab', { name, exact: true }).click()
  await expect(workbench().getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true')
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000)
  root = mkdtempSync(join(tmpdir(), 'chainless-workbench-sim-'))
  const dir = join(root, 'apps', APP)
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>${APP}</title></head><body><h1>${APP}</h1><script type="module" src="./app.js"></script></body></html>`,
  )
  writeFileSync(join(dir, 'app.js'), await bundle(new URL('./pages/workbench-app.ts', import.meta.url)))
  sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
    apps: [{ appId: APP, dir, name: 'Workbench app', scopes: WALLET_SCOPES }],
  })
  wallet = {
    sandbox,
    walletUrl: sandbox.urls.wallet,
    origin: (appId) => sandbox.appOrigin(appId),
    chain: (method, params = []) => rpc(method, params),
    close: () => sandbox.close(),
  }
  // A desktop: the workbench sits beside the phone.
  context = await browser.newContext({ viewport: { width: 1440, height: 960 } })
  page = await context.newPage()
  await openWallet(page, wallet)
  frame = await openApp(page, wallet, APP)
  await expect(workbench()).toBeVisible()
  await expect(workbench()).toHaveAttribute('data-app-id', APP)
  const connecting = lib('connect')
  await approve(page)
  const connected = await connecting
  expect(connected).toMatchObject({ ok: true })
  account = (connected as { result: string }).result
})

test.afterAll(async () => {
  await context?.close()
  await sandbox?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

test('a 4001 rule for eth_sendTransaction set in the Mocks panel reaches the app as UserRejectedError, no sheet', async () => {
  await openTab('Mocks')
  const panel = workbench().getByTestId('mocks-panel')
  await expect(panel.locator('#mock-app')).toHaveValue(APP)
  await panel.locator('#mock-method').fill('eth_sendTransaction')
  await panel.locator('#mock-kind').selectOption('error')
  await panel.locator('#mock-code').selectOption('4001')
  await panel.getByRole('button', { name: 'Add rule' }).click()
  await expect(panel.locator('[data-testid=mock-rule][data-method=eth_sendTransaction]')).toHaveCount(1)
  // Persisted with the sandbox.
  const stored = (await (await fetch(new URL('/__sandbox/mocks', sandbox.urls.api))).json()) as {
    rules: Array<{ method: string; appId: string; action: { code?: number } }>
  }
  expect(stored.rules).toMatchObject([{ method: 'eth_sendTransaction', appId: APP, action: { code: 4001 } }])

  const nonce = await rpc<string>('eth_getTransactionCount', [account, 'pending'])
  const outcome = await lib('sendRaw', { from: account, to: account, value: '0x1' })
  expect(outcome).toMatchObject({ ok: true, result: { userRejected: true, code: 4001 } })
  await expectNoSheet(page)
  expect(await rpc<string>('eth_getTransactionCount', [account, 'pending'])).toBe(nonce)

  // "Clear all" in one click: the host and the sandbox forget every rule.
  await panel.getByRole('button', { name: 'Clear all' }).click()
  await expect(panel.getByTestId('mocks-none')).toBeVisible()
  const cleared = (await (await fetch(new URL('/__sandbox/mocks', sandbox.urls.api))).json()) as {
    rules: unknown[]
  }
  expect(cleared.rules).toEqual([])
})

test('a DW20 balance set in the Accounts panel shows in the app through ethers', async () => {
  await openTab('Accounts')
  const panel = workbench().getByTestId('accounts-panel')
  await expect(panel.locator('#wb-balance-account')).toHaveValue(account)
  await panel.locator('#wb-balance-asset').selectOption('DW20')
  await panel.locator('#wb-balance-amount').fill('12.5')
  await panel.getByRole('button', { name: 'Set balance' }).click()
  await expect(panel.getByTestId('accounts-status')).toContainText('set to 12.5')
  await expect(panel.locator(`[data-testid=account-row][data-address="${account}"]`)).toContainText(
    'DW20 12.5',
  )
  expect(await lib('balance', account)).toEqual({ ok: true, result: '12500000000000000000' })
})

test('a Solidity file that does not compile shows the compiler’s errors and deploys nothing', async () => {
  await openTab('Contracts')
  const deploy = workbench().getByTestId('deploy-panel')
  await deploy
    .locator('#wb-deploy-text')
    .fill('pragma solidity ^0.8.20;\ncontract Broken { function f() external { undefinedThing(); } }\n')
  await deploy.getByRole('button', { name: 'Deploy' }).click()
  const status = deploy.getByTestId('deploy-status')
  await expect(status).toHaveAttribute('data-ok', 'false', { timeout: 60_000 })
  await expect(status).toContainText('undefinedThing')
  const listed = (await (await fetch(new URL('/__sandbox/contracts', sandbox.urls.api))).json()) as {
    contracts: Array<{ kind: string }>
  }
  expect(listed.contracts.filter((c) => c.kind === 'deployed')).toEqual([])
})

test('a contract deployed from one Solidity file in the Contracts panel is callable from the app', async () => {
  await openTab('Contracts')
  const deploy = workbench().getByTestId('deploy-panel')
  await deploy.locator('#wb-deploy-text').fill(SOURCE)
  await deploy.getByRole('button', { name: 'Deploy' }).click()
  const status = deploy.getByTestId('deploy-status')
  await expect(status).toHaveAttribute('data-ok', 'true', { timeout: 60_000 })
  deployed = /0x[0-9a-fA-F]{40}/.exec((await status.innerText()) ?? '')?.[0] ?? ''
  expect(deployed).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(await lib('read', deployed, 'function greeting() view returns (string)', 'greeting')).toEqual({
    ok: true,
    result: 'hello workbench',
  })
  // The panel reads it through the platform's RPC too.
  const view = workbench().locator(`[data-testid=contract-view][data-address="${deployed}"]`)
  const read = view.locator('[data-testid=contract-fn][data-fn=greeting]')
  await read.getByRole('button', { name: 'Call' }).click()
  await expect(read.getByTestId('contract-result')).toContainText('hello workbench')
})

test('a simulated revert shows its reason before anything is signed: no sheet, no transaction', async () => {
  expect(deployed).not.toBe('')
  const view = workbench().locator(`[data-testid=contract-view][data-address="${deployed}"]`)
  const write = view.locator('[data-testid=contract-fn][data-fn=setGreeting]')
  const before = await rpc<string>('eth_getTransactionCount', [account, 'pending'])
  // An empty greeting: `require` reverts with "empty greeting".
  await write.locator('input').first().fill('')
  await write.getByRole('button', { name: 'Simulate' }).click()
  const simulation = write.getByTestId('simulation')
  await expect(simulation).toHaveAttribute('data-ok', 'false')
  await expect(simulation.getByTestId('simulation-reason')).toHaveText('empty greeting')
  await expectNoSheet(page)
  expect(await rpc<string>('eth_getTransactionCount', [account, 'pending'])).toBe(before)
  // A good one simulates as a success with its gas and fee in DW20, still without a sheet.
  await write.locator('input').first().fill('hi')
  await write.getByRole('button', { name: 'Simulate' }).click()
  await expect(simulation).toHaveAttribute('data-ok', 'true')
  await expect(simulation.getByTestId('simulation-fee')).toContainText('DW20')
  await expectNoSheet(page)
  expect(await rpc<string>('eth_getTransactionCount', [account, 'pending'])).toBe(before)
})

test('a write sent from the Contracts panel goes through the real transaction sheet as the app', async () => {
  const view = workbench().locator(`[data-testid=contract-view][data-address="${deployed}"]`)
  const write = view.locator('[data-testid=contract-fn][data-fn=setGreeting]')
  await write.locator('input').first().fill('sent from the workbench')
  await write.getByRole('button', { name: 'Send' }).click()
  const shown = await approve(page)
  expect(shown).toContain('Workbench app')
  await expect(write.getByTestId('contract-sent')).toContainText(/0x[0-9a-f]{64}/)
  await expect
    .poll(() => lib('read', deployed, 'function greeting() view returns (string)', 'greeting'), {
      timeout: 20_000,
    })
    .toEqual({ ok: true, result: 'sent from the workbench' })
})

test('an account created in the Accounts panel is listed (and in the wallet bar)', async () => {
  await openTab('Accounts')
  const panel = workbench().getByTestId('accounts-panel')
  const rows = panel.getByTestId('account-row')
  const count = await rows.count()
  await panel.getByRole('button', { name: 'Create account' }).click()
  await expect(rows).toHaveCount(count + 1)
  await expect(page.locator('#account option')).toHaveCount(count + 1)
})

// The sandbox's wallet bundle once held two copies of @chainless/protocol (build-web.js read the root
// tsconfig paths): a preset's 4001 then reached the app as -32603. This flow guards that.
test('a read-only preset refuses sending with 4001 and no sheet; reads still work', async () => {
  await openTab('Accounts')
  const row = workbench().locator(`[data-testid=account-row][data-address="${account}"]`)
  await row.getByTestId('account-preset').selectOption('read-only')
  try {
    const outcome = await lib('sendRaw', { from: account, to: account, value: '0x1' })
    expect(outcome).toMatchObject({ ok: true, result: { userRejected: true, code: 4001 } })
    await expectNoSheet(page)
    // Reads still work (the balance is 12.5 DW20 less the fee of the write sent above).
    expect(await lib('balance', account)).toMatchObject({
      ok: true,
      result: expect.stringMatching(/^12\d{18}$/),
    })
  } finally {
    await row.getByTestId('account-preset').selectOption('normal')
  }
})

test('the Data panel resets the open app: its grants are gone and the summary lists every part', async () => {
  expect(await lib('accounts')).toEqual({ ok: true, result: [account] })
  await openTab('Data')
  const panel = workbench().getByTestId('data-panel')
  await panel.getByRole('button', { name: `Reset ${APP}` }).click()
  const summary = panel.getByTestId('reset-summary')
  await expect(summary).toHaveAttribute('data-ok', 'true')
  await expect(summary.locator('li[data-ok=true]')).toHaveCount(4)
  await expect.poll(() => lib('accounts')).toEqual({ ok: true, result: [] })
})
