// The Data panel: resets the open app's data and nothing else: its host storage, its grants for every
// account, the wallet's transactions of the app that are not final, and the platform's data of the app
// (POST /__sandbox/apps/{appId}/reset). Each part is attempted; the summary says what each cleared.
import { Badge, Button } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { WalletEnv } from '../ui/env.js'
import { reasonOf, SECTION_STYLE } from './AccountsPanel.js'
import { sandboxApi } from './sandbox-api.js'
import { type SimulateKey, useSimulateT } from './strings-simulate.js'
import type { WorkbenchPanelProps } from './types.js'

/** One part of a reset and how it went. */
export interface ResetPart {
  part: 'storage' | 'grants' | 'transactions' | 'platform'
  ok: boolean
  /** What was cleared (counts), or why it failed. */
  detail: string
}

/**
 * Resets `appId`'s data in the wallet and the sandbox; other apps are untouched. Never rejects: each
 * part's outcome is in the answer.
 *
 * @example
 * ```ts
 * const parts = await resetApp(env, 'shop')
 * parts.every((p) => p.ok)
 * ```
 */
export async function resetApp(env: WalletEnv, appId: string): Promise<ResetPart[]> {
  const parts: ResetPart[] = []
  const attempt = async (part: ResetPart['part'], run: () => Promise<string>) => {
    try {
      parts.push({ part, ok: true, detail: await run() })
    } catch (error) {
      parts.push({ part, ok: false, detail: reasonOf(error) })
    }
  }
  await attempt('storage', async () => {
    if (!env.host.storage) return '0'
    await env.host.storage.clear(appId)
    return 'cleared'
  })
  await attempt('grants', async () => {
    const accounts = env.host.grants
      .entries()
      .filter((entry) => entry.appId === appId)
      .map((entry) => entry.account)
    const failures: string[] = []
    for (const account of accounts) {
      try {
        // The wallet's disconnect also tells the open app (accountsChanged [] / authRevoked).
        if (env.wallet) await env.wallet.disconnect(appId, account)
        else env.host.grants.revoke(appId, account, env.host.grants.list(appId, account))
      } catch (error) {
        // The local revocation happens first: only a platform failure lands here.
        if (env.host.grants.list(appId, account).length > 0) failures.push(reasonOf(error))
      }
    }
    if (failures.length > 0) throw new Error(failures[0])
    return String(accounts.length)
  })
  await attempt('transactions', async () => {
    if (!env.wallet) return '0'
    const { transactions } = await env.wallet.forgetApp(appId)
    return String(transactions)
  })
  await attempt('platform', async () => {
    const { cleared } = await sandboxApi(env.config.apiUrl).resetApp(appId)
    return Object.entries(cleared)
      .filter(([, count]) => typeof count === 'number')
      .map(([name, count]) => `${name} ${count}`)
      .join(' · ')
  })
  return parts
}

const PART_LABELS: Record<ResetPart['part'], SimulateKey> = {
  storage: 'partStorage',
  grants: 'partGrants',
  transactions: 'partTransactions',
  platform: 'partPlatform',
}

/**
 * The Data panel.
 *
 * @example
 * ```tsx
 * <DataPanel devtools={devtools} env={env} appId="shop" accounts={accounts} />
 * ```
 */
export function DataPanel({ env, appId }: WorkbenchPanelProps): JSX.Element {
  const t = useSimulateT()
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ appId: string; parts: ResetPart[] } | undefined>()

  async function reset(): Promise<void> {
    if (!appId) return
    setBusy(true)
    try {
      setResult({ appId, parts: await resetApp(env, appId) })
    } finally {
      setBusy(false)
    }
  }

  const detail = (part: ResetPart) =>
    !part.ok
      ? t('failed', { reason: part.detail })
      : part.part === 'grants'
        ? t('grantsCleared', { count: part.detail })
        : part.part === 'transactions'
          ? t('txCleared', { count: part.detail })
          : part.part === 'storage'
            ? t('partCleared')
            : part.detail
  return (
    <section style={SECTION_STYLE} aria-labelledby="wb-data-title" data-testid="data-panel">
      <h3 id="wb-data-title" class="wl-h3">
        {t('dataTitle')}
      </h3>
      <p class="wl-wb-note">{t('dataIntro')}</p>
      {appId ? (
        <div class="wl-actions">
          <Button variant="danger" loading={busy} onClick={() => void reset()}>
            {t('resetApp', { app: appId })}
          </Button>
        </div>
      ) : (
        <p class="wl-empty">{t('noApp')}</p>
      )}
      {result && (
        <div role="status" data-testid="reset-summary" data-ok={result.parts.every((p) => p.ok)}>
          <p class="wl-wb-note">
            {result.parts.every((p) => p.ok)
              ? t('resetDone', { app: result.appId })
              : t('resetPartial', { app: result.appId })}
          </p>
          <ul class="wl-rows">
            {result.parts.map((part) => (
              <li key={part.part} data-part={part.part} data-ok={part.ok}>
                <span class="wl-row-main">
                  <span class="wl-row-title">{t(PART_LABELS[part.part])}</span>
                  <span class={part.ok ? 'wl-row-sub wl-mono' : 'wl-row-sub wl-wb-error'}>
                    {detail(part)}
                  </span>
                </span>
                <Badge tone={part.ok ? 'success' : 'danger'}>{part.ok ? '✓' : '✕'}</Badge>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
