// Activity: this wallet's transactions with their live status (the host's tracker, polled; a
// `dropped` one says why: the chain lost it), and the audit log of every decision (approved,
// rejected, refused by policy, failed).
import type { AuditEntry, TxRecord } from '@chainless/runtime-host'
import { Badge, SafeText, type Tone } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useState } from 'preact/hooks'
import { Section } from '../controls.js'
import { ManifestsContext, short, useEnv, useT, WalletI18nContext } from '../env.js'
import { Icon } from '../icons.js'
import { usePoll } from '../poll.js'

const TX_TONE: Record<TxRecord['state'], Tone> = {
  signed: 'info',
  pending: 'warning',
  confirmed: 'success',
  failed: 'danger',
  abandoned: 'danger',
  // Not a failure on the chain: it never ran (a fresh chain lost it); the row explains.
  dropped: 'neutral',
}
const DECISION_TONE: Record<AuditEntry['decision'], Tone> = {
  approved: 'success',
  rejected: 'neutral',
  refused: 'warning',
  failed: 'danger',
}

/** Props of {@link ActivityPage}. */
export interface ActivityPageProps {
  current: boolean
  version: number
}

/** The activity page. */
export function ActivityPage({ current, version }: ActivityPageProps): JSX.Element {
  const { wallet } = useEnv()
  const t = useT()
  const { locale } = useContext(WalletI18nContext)
  const manifests = useContext(ManifestsContext)
  const [records, setRecords] = useState<TxRecord[]>([])
  const [audit, setAudit] = useState<AuditEntry[]>([])
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' })
  const name = (appId: string) => manifests.get(appId)?.name ?? appId

  // The records live in IndexedDB and change under the host's tracker: a light poll keeps them live.
  usePoll(
    async () => {
      if (!wallet) return
      const [txs, entries] = await Promise.all([wallet.transactions(), wallet.audit.list({ limit: 30 })])
      setRecords(txs.sort((a, b) => b.createdAt - a.createdAt).slice(0, 30))
      setAudit(entries)
    },
    1000,
    [version],
  )

  return (
    <Section
      headingId="activity-title"
      page="activity"
      title={t('activityTitle')}
      icon={<Icon name="activity" />}
      current={current}
    >
      <p id="activity-empty" class="wl-empty" hidden={records.length > 0}>
        {t('activityEmpty')}
      </p>
      <ul id="activity" class="wl-rows" aria-label={t('activityTitle')} hidden={records.length === 0}>
        {records.map((record) => (
          <li
            key={record.hash || `${record.createdAt}`}
            data-hash={record.hash}
            data-state={record.state}
            title={record.hash}
            aria-describedby={record.state === 'dropped' ? `tx-why-${record.hash}` : undefined}
          >
            <span class="wl-row-main">
              <span class="wl-row-title">
                <SafeText text={name(record.appId)} max={Number.POSITIVE_INFINITY} lines={1} quiet />
              </span>
              <span class="wl-row-sub wl-mono">
                {record.hash ? short(record.hash) : '—'} · {time.format(record.updatedAt)}
              </span>
              {record.state === 'dropped' && (
                <span id={`tx-why-${record.hash}`} class="wl-row-sub" data-testid="tx-dropped-hint">
                  {t('txDroppedHint')}
                </span>
              )}
            </span>
            {record.relay && <Badge tone="info">{t('sponsoredTx')}</Badge>}
            <Badge tone={TX_TONE[record.state]}>{t(`tx.${record.state}`)}</Badge>
          </li>
        ))}
      </ul>
      <h3 class="wl-h3">{t('auditTitle')}</h3>
      {audit.length === 0 ? (
        <p class="wl-empty">{t('auditEmpty')}</p>
      ) : (
        <ul id="audit" class="wl-rows" aria-label={t('auditTitle')}>
          {audit.map((entry) => (
            <li key={entry.id} data-decision={entry.decision}>
              <span class="wl-row-main">
                <span class="wl-row-title wl-mono">{entry.method}</span>
                <span class="wl-row-sub">
                  <SafeText text={name(entry.appId)} max={Number.POSITIVE_INFINITY} lines={1} quiet /> ·{' '}
                  {time.format(entry.time)}
                  {entry.code !== undefined ? ` · ${entry.code}` : ''}
                </span>
              </span>
              <Badge tone={DECISION_TONE[entry.decision]}>{t(`decision.${entry.decision}`)}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
