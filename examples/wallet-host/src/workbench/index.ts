// The developer workbench's entry, loaded by a dynamic import only when config.json says
// `workbench: true` (a separate chunk: a wallet without it never downloads this code). It owns the
// host's devtools (bridge log, mocks, perf) and the test accounts that sign for the wallet.
import type { Signer } from '@chainless/runtime-host'
import { createDevtools, type Devtools } from '@chainless/runtime-host/devtools'
import { h, render as renderPreact } from 'preact'
import type { WalletConfig, WalletEnv } from '../ui/env.js'
import { loadMockRules } from './MocksPanel.js'
import { createTestAccounts, type TestAccountsApi } from './test-accounts.js'
import { WorkbenchRoot } from './Workbench.js'

export type { WorkbenchPanelProps } from './types.js'

/** The workbench, once created (see {@link createWorkbench}). */
export interface Workbench {
  readonly devtools: Devtools
  /** The wallet's signer when the workbench is on: the test mnemonic's accounts, plus created and imported ones. */
  readonly accounts: TestAccountsApi & Signer
  /** After createRuntimeHost: loads persisted mock rules from the sandbox, keeps them in sync. */
  attach(env: WalletEnv): void
  /** Renders the panel (Preact) into `container` for the open app (call again when it changes). */
  render(container: HTMLElement, appId: string | undefined): void
}

/** How many accounts of the test mnemonic the wallet derives at start (as the sandbox funds them). */
const DERIVED_ACCOUNTS = 10
/**
 * Creates the workbench: the host's devtools and the test accounts. Call before `createRuntimeHost`
 * (its signer and inspector are the host's), then {@link Workbench.attach} with the wallet's env.
 *
 * @example
 * ```ts
 * const workbench = config.workbench
 *   ? await (await import('../workbench/index.js')).createWorkbench({ config, mnemonic })
 *   : undefined
 * const host = createRuntimeHost({ inspector: workbench?.devtools.inspector, wallet: { signer: workbench?.accounts ?? fallback, ... } })
 * workbench?.attach({ config, host, wallet: host.wallet, addresses })
 * workbench?.render(document.getElementById('workbench')!, 'hello')
 * ```
 */
export async function createWorkbench(options: {
  config: WalletConfig
  mnemonic: string
}): Promise<Workbench> {
  const devtools = createDevtools()
  const accounts = await createTestAccounts({ mnemonic: options.mnemonic, count: DERIVED_ACCOUNTS })
  let env: WalletEnv | undefined
  // A render asked for before attach waits for the env (the panels need the host).
  let pending: { container: HTMLElement; appId: string | undefined } | undefined

  const draw = (container: HTMLElement, appId: string | undefined, at: WalletEnv) =>
    renderPreact(h(WorkbenchRoot, { devtools, env: at, appId, accounts }), container)

  return {
    devtools,
    accounts,
    attach(next) {
      if (env) return
      env = next
      const apiUrl = options.config.apiUrl
      const sync = () =>
        void loadMockRules(devtools, apiUrl).catch((error: Error) =>
          console.warn('workbench mocks:', error.message),
        )
      sync()
      // Another tab (or the sandbox's CLI) may have changed the persisted rules: read them back when
      // this page is shown again (no timer: an idle wallet makes no requests).
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') sync()
      })
      if (pending) draw(pending.container, pending.appId, next)
      pending = undefined
    },
    render(container, appId) {
      if (env) draw(container, appId, env)
      else pending = { container, appId }
    },
  }
}
