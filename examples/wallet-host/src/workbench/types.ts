// What every workbench panel gets (C's inspect panels and D's mock / simulate panels alike).
import type { Devtools } from '@chainless/runtime-host/devtools'
import type { WalletEnv } from '../ui/env.js'
import type { TestAccountsApi } from './test-accounts.js'

/** Props of every workbench panel. */
export interface WorkbenchPanelProps {
  /** The host's devtools (bridge log, mocks, perf, `callAs`), from `@chainless/runtime-host/devtools`. */
  devtools: Devtools
  /** The wallet's environment: config, host, wallet, addresses (ui/env.ts). */
  env: WalletEnv
  /** The open app; `undefined` when none is open. */
  appId: string | undefined
  /** The test accounts (list, create, import, presets). */
  accounts: TestAccountsApi
}
