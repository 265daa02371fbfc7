// The Accounts panel: the test accounts with their DW20/CRC20 balances and CRC721 ids (from the
// sandbox), create, import a private key, switch the wallet's account, set balances, mint CRC721 /
// CRC1155, and each account's permission preset (normal, rejects every request, read-only).
import { Badge, Button } from '@chainless/ui-kit'
import { formatUnits } from 'ethers'
import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { ACCOUNT_PRESETS, type AccountPreset } from '../ui/auto-decide.js'
import { AccountOptions, Field } from '../ui/controls.js'
import { short } from '../ui/env.js'
import { type BalanceAsset, type SandboxAccount, sandboxApi } from './sandbox-api.js'
import { type SimulateKey, type SimulateT, useSimulateT } from './strings-simulate.js'
import { type TestAccountsApi, TestAccountsError } from './test-accounts.js'
import type { WorkbenchPanelProps } from './types.js'

/** A panel's section: a column with the panel's spacing. */
export const SECTION_STYLE = {
  display: 'flex',
  flexDirection: 'column',
  gap: '12px',
  minInlineSize: 0,
} as const

/**
 * The test accounts, followed live (create, import).
 *
 * @example
 * ```tsx
 * const addresses = useAccounts(props.accounts)
 * ```
 */
export function useAccounts(accounts: Pick<TestAccountsApi, 'list' | 'subscribe'>): readonly string[] {
  const [list, setList] = useState(() => accounts.list())
  useEffect(() => {
    setList(accounts.list())
    return accounts.subscribe(() => setList(accounts.list()))
  }, [accounts])
  return list
}

const PRESET_LABELS: Record<AccountPreset, SimulateKey> = {
  normal: 'presetNormal',
  'reject-all': 'presetRejectAll',
  'read-only': 'presetReadOnly',
}

/**
 * An error as one line for the panel (a typed error's short message and details), at most 400 characters.
 *
 * @example
 * ```ts
 * reasonOf(new SandboxApiError(400, 'invalid_body', 'Bad amount')) // 'Bad amount (invalid_body (HTTP 400))'
 * ```
 */
export function reasonOf(error: unknown): string {
  const e = error as { shortMessage?: string; details?: string; message?: string } | undefined
  const text = e?.shortMessage
    ? `${e.shortMessage}${e.details ? ` (${e.details})` : ''}`
    : String(e?.message ?? error)
  return text.length > 400 ? `${text.slice(0, 400)}…` : text
}

/**
 * A wei amount (decimal string) in 18-decimal token units, at most 6 decimals shown; `—` for anything else.
 *
 * @example
 * ```ts
 * formatToken('12500000000000000000') // '12.5'
 * ```
 */
export function formatToken(wei: string | undefined): string {
  if (wei === undefined || !/^\d{1,80}$/.test(wei)) return '—'
  const [whole, fraction = ''] = formatUnits(BigInt(wei), 18).split('.')
  const cut = fraction.slice(0, 6).replace(/0+$/, '')
  return cut ? `${whole}.${cut}` : (whole ?? '0')
}

function importMessage(error: unknown, t: SimulateT): string {
  if (error instanceof TestAccountsError) {
    if (error.reason === 'invalid_private_key') return t('importInvalid')
    if (error.reason === 'duplicate_account') return t('importDuplicate')
    if (error.reason === 'too_many_accounts') return t('importTooMany')
  }
  return t('failed', { reason: reasonOf(error) })
}

type Status = { text: string; danger: boolean } | undefined

/**
 * The Accounts panel.
 *
 * @example
 * ```tsx
 * <AccountsPanel devtools={devtools} env={env} appId="shop" accounts={accounts} />
 * ```
 */
export function AccountsPanel({ env, accounts }: WorkbenchPanelProps): JSX.Element {
  const t = useSimulateT()
  const api = useMemo(() => sandboxApi(env.config.apiUrl), [env.config.apiUrl])
  const addresses = useAccounts(accounts)
  // Read at each render: the wallet's own account switch (the bar) re-renders the workbench too.
  const current = env.wallet?.account
  const [, setSwitched] = useState(0)
  const [details, setDetails] = useState<ReadonlyMap<string, SandboxAccount>>(new Map())
  const [, setPresetsVersion] = useState(0)
  const [status, setStatus] = useState<Status>()
  const [busy, setBusy] = useState<string | undefined>()
  const [key, setKey] = useState('')
  const [target, setTarget] = useState(env.wallet?.account ?? '')
  const [asset, setAsset] = useState<BalanceAsset>('DW20')
  const [amount, setAmount] = useState('')
  const [tokenId, setTokenId] = useState('1')
  const [tokenAmount, setTokenAmount] = useState('1')

  useEffect(() => accounts.subscribe(() => setPresetsVersion((v) => v + 1)), [accounts])
  useEffect(() => {
    if (!target && addresses[0]) setTarget(addresses[0])
  }, [addresses])

  async function refresh(only?: readonly string[], signal?: AbortSignal): Promise<void> {
    const list = only ?? addresses
    const answers = await Promise.allSettled(list.map((address) => api.account(address, signal)))
    if (signal?.aborted) return
    setDetails((old) => {
      const next = new Map(old)
      answers.forEach((answer, i) => {
        if (answer.status === 'fulfilled') next.set(list[i]!, answer.value)
      })
      return next
    })
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected')
    if (failed) setStatus({ text: t('failed', { reason: reasonOf(failed.reason) }), danger: true })
  }

  useEffect(() => {
    const stop = new AbortController()
    void refresh(undefined, stop.signal)
    return () => stop.abort()
  }, [addresses.length, api])

  /** Runs one action with the panel busy, then shows its message or its error. */
  async function run(name: string, action: () => Promise<string>): Promise<void> {
    setBusy(name)
    try {
      setStatus({ text: await action(), danger: false })
    } catch (error) {
      setStatus({ text: t('failed', { reason: reasonOf(error) }), danger: true })
    } finally {
      setBusy(undefined)
    }
  }

  async function switchTo(address: string): Promise<void> {
    await run(`switch-${address}`, async () => {
      if (!env.wallet) throw new Error('no wallet')
      await env.wallet.setAccount(address)
      setSwitched((n) => n + 1)
      return t('switched', { address: short(address) })
    })
  }

  async function importKey(event: Event): Promise<void> {
    event.preventDefault()
    setBusy('import')
    try {
      const address = await accounts.importKey(key)
      // The key leaves the page's state as soon as it is held (sealed) by the accounts.
      setKey('')
      setStatus({ text: t('importedDone', { address: short(address) }), danger: false })
    } catch (error) {
      setStatus({ text: importMessage(error, t), danger: true })
    } finally {
      setBusy(undefined)
    }
  }

  function setPreset(address: string, preset: AccountPreset): void {
    try {
      accounts.setPreset(address, preset)
    } catch (error) {
      setStatus({ text: t('failed', { reason: reasonOf(error) }), danger: true })
    }
  }

  const derivedCount = addresses.length
  return (
    <section style={SECTION_STYLE} aria-labelledby="wb-accounts-title" data-testid="accounts-panel">
      <h3 id="wb-accounts-title" class="wl-h3">
        {t('accountsTitle')}
      </h3>
      <p class="wl-wb-note">{t('accountsIntro')}</p>
      <div class="wl-wb-toolbar">
        <Button
          variant="secondary"
          loading={busy === 'create'}
          onClick={() =>
            void run('create', async () => {
              const address = await accounts.create()
              return t('created', { address: short(address) })
            })
          }
        >
          {t('createAccount')}
        </Button>
        <Button variant="ghost" onClick={() => void refresh()}>
          {t('refresh')}
        </Button>
      </div>
      {status && (
        <p
          class={status.danger ? 'wl-wb-error' : 'wl-wb-note'}
          role={status.danger ? 'alert' : 'status'}
          data-testid="accounts-status"
        >
          {status.text}
        </p>
      )}
      <ul class="wl-rows" aria-label={t('accountsTitle')} data-count={derivedCount}>
        {addresses.map((address, index) => {
          const info = details.get(address)
          const isCurrent = current?.toLowerCase() === address.toLowerCase()
          const preset = accounts.preset(address)
          return (
            <li
              key={address}
              data-testid="account-row"
              data-address={address}
              data-current={isCurrent}
              style={{ flexWrap: 'wrap' }}
            >
              <span class="wl-row-main">
                <span class="wl-row-title wl-mono">
                  #{index} {short(address)} {isCurrent && <Badge tone="success">{t('current')}</Badge>}
                </span>
                <span class="wl-row-sub wl-mono" data-testid="account-balances">
                  DW20 {formatToken(info?.balances.DW20)} · CRC20 {formatToken(info?.balances.CRC20)}
                  {info ? ` · ${t('nonce', { n: info.nonce })}` : ''}
                </span>
                <span class="wl-row-sub wl-mono">
                  {info && info.crc721.length > 0
                    ? t('nfts', { ids: info.crc721.slice(0, 20).join(', #') })
                    : t('noNfts')}
                </span>
              </span>
              <select
                class="wl-select"
                aria-label={t('presetLabel', { address: short(address) })}
                data-testid="account-preset"
                value={preset}
                onChange={(e) => setPreset(address, (e.target as HTMLSelectElement).value as AccountPreset)}
              >
                {ACCOUNT_PRESETS.map((value) => (
                  <option key={value} value={value}>
                    {t(PRESET_LABELS[value])}
                  </option>
                ))}
              </select>
              <Button
                variant={isCurrent ? 'ghost' : 'secondary'}
                disabled={isCurrent || busy !== undefined}
                aria-label={t('switchToName', { address })}
                onClick={() => void switchTo(address)}
              >
                {t('switchTo')}
              </Button>
            </li>
          )
        })}
      </ul>

      <h4 class="wl-wb-h4">{t('importTitle')}</h4>
      <form class="wl-field" onSubmit={(e) => void importKey(e)}>
        <label class="wl-field-label" for="wb-import-key">
          {t('privateKey')}
        </label>
        <div class="wl-wb-toolbar">
          {/* type=password: the key is not shown on screen nor kept by the browser's autofill. */}
          <input
            id="wb-import-key"
            class="wl-input wl-mono"
            type="password"
            autocomplete="off"
            spellcheck={false}
            maxLength={200}
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
          <Button type="submit" variant="primary" loading={busy === 'import'} disabled={key.trim() === ''}>
            {t('importAction')}
          </Button>
        </div>
      </form>

      <h4 class="wl-wb-h4">{t('balancesTitle')}</h4>
      <form
        class="wl-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run('balance', async () => {
            await api.setBalance(target, asset, amount.trim())
            await refresh([target])
            return t('balanceSet', { asset, address: short(target), amount: amount.trim() })
          })
        }}
      >
        <Field id="wb-balance-account" label={t('targetAccount')}>
          <select
            id="wb-balance-account"
            class="wl-select"
            value={target}
            onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
          >
            <AccountOptions addresses={addresses} />
          </select>
        </Field>
        <Field id="wb-balance-asset" label={t('asset')}>
          <select
            id="wb-balance-asset"
            class="wl-select"
            value={asset}
            onChange={(e) => setAsset((e.target as HTMLSelectElement).value as BalanceAsset)}
          >
            <option value="DW20">DW20</option>
            <option value="CRC20">CRC20</option>
          </select>
        </Field>
        <Field id="wb-balance-amount" label={t('amount')}>
          <input
            id="wb-balance-amount"
            class="wl-input"
            inputMode="decimal"
            autocomplete="off"
            value={amount}
            onInput={(e) => setAmount((e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="wl-actions">
          <Button
            type="submit"
            variant="primary"
            loading={busy === 'balance'}
            disabled={!target || amount.trim() === ''}
          >
            {t('setBalance')}
          </Button>
        </div>
      </form>
      <div class="wl-form">
        <Field id="wb-mint-id" label={t('tokenId')}>
          <input
            id="wb-mint-id"
            class="wl-input"
            inputMode="numeric"
            value={tokenId}
            onInput={(e) => setTokenId((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field id="wb-mint-amount" label={t('amount')}>
          <input
            id="wb-mint-amount"
            class="wl-input"
            inputMode="numeric"
            value={tokenAmount}
            onInput={(e) => setTokenAmount((e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="wl-actions" style={{ gridColumn: '1 / -1' }}>
          <Button
            variant="secondary"
            loading={busy === 'mint721'}
            disabled={!target}
            onClick={() =>
              void run('mint721', async () => {
                const minted = await api.mint(target, { asset: 'CRC721' })
                await refresh([target])
                return t('minted', { asset: 'CRC721', id: minted.tokenId, address: short(target) })
              })
            }
          >
            {t('mint721')}
          </Button>
          <Button
            variant="secondary"
            loading={busy === 'mint1155'}
            disabled={!target}
            onClick={() =>
              void run('mint1155', async () => {
                const minted = await api.mint(target, {
                  asset: 'CRC1155',
                  id: tokenId.trim(),
                  amount: tokenAmount.trim(),
                })
                return t('minted', { asset: 'CRC1155', id: minted.tokenId, address: short(target) })
              })
            }
          >
            {t('mint1155')}
          </Button>
        </div>
      </div>
    </section>
  )
}
