// The wallet tests' platform: the real sandbox (chain, platform API, demo wallet, example apps) started
// in the worker, plus test mini-programs on their own origins: `dapp` (every wallet scope), `basic`
// (user:basic only) and one page per chain library. Pages bundle the BUILT packages.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Scope } from '@chainless/protocol'
import { type Sandbox, startSandbox } from '@chainless/sandbox'
import { bundle } from './bundle.js'

/** Every scope a wallet app declares (as the seeded web3-demo does). */
export const WALLET_SCOPES: readonly Scope[] = [
  'user:basic',
  'tx:sign',
  'tx:broadcast',
  'asset:read',
  'asset:transfer',
]

/** The test apps: appId → page entry and declared scopes. */
const TEST_APPS = {
  dapp: { entry: '../pages/wallet-dapp.ts', scopes: WALLET_SCOPES },
  basic: { entry: '../pages/wallet-dapp.ts', scopes: ['user:basic'] as const },
  'ethers-app': { entry: '../pages/libs/ethers-app.ts', scopes: WALLET_SCOPES },
  'viem-app': { entry: '../pages/libs/viem-app.ts', scopes: WALLET_SCOPES },
  'wagmi-app': { entry: '../pages/libs/wagmi-app.ts', scopes: WALLET_SCOPES },
  // e2e/auth.spec.ts: the js-sdk auth entry; user:email is NOT declared (asking for it is 4100)
  'auth-app': { entry: '../pages/auth-app.ts', scopes: ['user:basic', 'user:phone'] as const },
} as const

/** One of the test apps. */
export type TestAppId = keyof typeof TEST_APPS

/** A running sandbox with the test apps, and direct access to its chain (test-only: miner control). */
export interface WalletSandbox {
  sandbox: Sandbox
  walletUrl: string
  origin(appId: string): string
  /** JSON-RPC straight to the chain node (not through the platform): reads, and `miner_stop`/`miner_start`. */
  chain<T = unknown>(method: string, params?: unknown[]): Promise<T>
  close(): Promise<void>
}

/** Starts the sandbox with the test apps on free ports and a fresh data dir. */
export async function startWalletSandbox(): Promise<WalletSandbox> {
  const root = mkdtempSync(join(tmpdir(), 'chainless-wallet-e2e-'))
  const bundles = new Map<string, string>()
  const apps = []
  for (const [appId, app] of Object.entries(TEST_APPS)) {
    let js = bundles.get(app.entry)
    if (js === undefined) {
      js = await bundle(new URL(app.entry, import.meta.url))
      bundles.set(app.entry, js)
    }
    const dir = join(root, 'apps', appId)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><meta charset="utf-8"><title>${appId}</title></head><body><h1>${appId}</h1><script type="module" src="./app.js"></script></body></html>`,
    )
    writeFileSync(join(dir, 'app.js'), js)
    apps.push({ appId, dir, name: appId, scopes: app.scopes })
  }
  const sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(root, 'data'),
    reset: true,
    apps,
  })
  let id = 0
  return {
    sandbox,
    walletUrl: sandbox.urls.wallet,
    origin: (appId) => sandbox.appOrigin(appId),
    async chain<T>(method: string, params: unknown[] = []) {
      const response = await fetch(sandbox.chain.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      })
      const body = (await response.json()) as { result?: T; error?: { message: string } }
      if (body.error) throw new Error(`${method}: ${body.error.message}`)
      return body.result as T
    },
    async close() {
      await sandbox.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
