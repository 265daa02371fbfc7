// Connected apps (what each app was granted for this account; Disconnect revokes it all) and the
// apps' data in this wallet (keys, bytes used of the quota; Clear data).
import type { GrantEntry } from '@chainless/runtime-host'
import { Button, SafeText, scopeLabel, translator } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useState } from 'preact/hooks'
import { AppIcon, Section } from '../controls.js'
import { ManifestsContext, useEnv, useT, WalletI18nContext } from '../env.js'
import { Icon } from '../icons.js'
import { usePoll } from '../poll.js'

interface AppData {
  appId: string
  keys: number
  usedBytes: number
  quotaBytes: number
}

/** `1.2 KB` (decimal units, one decimal). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`
}

/** Props of {@link GrantsPage}. */
export interface GrantsPageProps {
  account: string | undefined
  current: boolean
  /** Bumped by the root when something changed (an app closed, the account switched). */
  version: number
}

/** The connected apps and app data page. */
export function GrantsPage({ account, current, version }: GrantsPageProps): JSX.Element {
  const { wallet, host } = useEnv()
  const t = useT()
  const { locale } = useContext(WalletI18nContext)
  const manifests = useContext(ManifestsContext)
  const [connections, setConnections] = useState<GrantEntry[]>([])
  const [data, setData] = useState<AppData[]>([])
  const [busy, setBusy] = useState<string | undefined>()
  const kit = translator(locale)
  const name = (appId: string) => manifests.get(appId)?.name ?? appId

  usePoll(
    async () => {
      if (wallet) setConnections(await wallet.connections(wallet.account))
    },
    1000,
    [account, version],
  )
  usePoll(
    async () => {
      const storage = host.storage
      if (!storage) return
      // The host lists one app at a time: ask for every app the wallet knows of.
      const ids = new Set([...manifests.keys(), ...host.grants.entries().map((entry) => entry.appId)])
      const rows: AppData[] = []
      for (const appId of [...ids].sort().slice(0, 200)) {
        const listing = await storage.list(appId)
        if (listing.entries.length > 0)
          rows.push({
            appId,
            keys: listing.entries.length,
            usedBytes: listing.usedBytes,
            quotaBytes: listing.quotaBytes,
          })
      }
      setData(rows)
    },
    3000,
    [manifests, version],
  )

  async function disconnect(entry: GrantEntry): Promise<void> {
    setBusy(`c:${entry.appId}`)
    try {
      await wallet?.disconnect(entry.appId, entry.account)
      setConnections((list) => list.filter((c) => c.appId !== entry.appId))
    } finally {
      setBusy(undefined)
    }
  }

  async function clear(appId: string): Promise<void> {
    setBusy(`d:${appId}`)
    try {
      await host.storage?.clear(appId)
      setData((rows) => rows.filter((row) => row.appId !== appId))
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <Section
      headingId="connections-title"
      page="grants"
      title={t('grantsTitle')}
      icon={<Icon name="link" />}
      current={current}
    >
      <p id="connections-empty" class="wl-empty" hidden={connections.length > 0}>
        {t('grantsEmpty')}
      </p>
      <ul id="connections" class="wl-rows" aria-label={t('grantsTitle')} hidden={connections.length === 0}>
        {connections.map((entry) => (
          <li key={entry.appId} data-app-id={entry.appId}>
            <AppIcon
              manifest={manifests.get(entry.appId) ?? { appId: entry.appId, name: entry.appId }}
              size={36}
            />
            <span class="wl-row-main">
              <span class="wl-row-title">
                <SafeText text={name(entry.appId)} max={Number.POSITIVE_INFINITY} lines={1} quiet />
              </span>
              <span class="wl-row-sub">
                {entry.scopes.map((scope) => scopeLabel(kit, scope)).join(' · ')}
              </span>
            </span>
            <Button
              variant="danger"
              loading={busy === `c:${entry.appId}`}
              aria-label={t('disconnectName', { name: entry.appId })}
              onClick={() => void disconnect(entry)}
            >
              {t('disconnect')}
            </Button>
          </li>
        ))}
      </ul>
      <h3 class="wl-h3">{t('appData')}</h3>
      {data.length === 0 ? (
        <p class="wl-empty">{t('appDataEmpty')}</p>
      ) : (
        <ul id="app-data" class="wl-rows" aria-label={t('appData')}>
          {data.map((row) => (
            <li key={row.appId} data-app-id={row.appId}>
              <AppIcon
                manifest={manifests.get(row.appId) ?? { appId: row.appId, name: row.appId }}
                size={36}
              />
              <span class="wl-row-main">
                <span class="wl-row-title">
                  <SafeText text={name(row.appId)} max={Number.POSITIVE_INFINITY} lines={1} quiet />
                </span>
                <span class="wl-row-sub">
                  {t('keysN', { count: row.keys })} ·{' '}
                  {t('storageUsed', {
                    used: formatBytes(row.usedBytes, locale),
                    quota: formatBytes(row.quotaBytes, locale),
                  })}
                </span>
              </span>
              <Button
                variant="secondary"
                loading={busy === `d:${row.appId}`}
                aria-label={t('clearDataName', { name: row.appId })}
                onClick={() => void clear(row.appId)}
              >
                <Icon name="trash" size={16} /> {t('clearData')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
