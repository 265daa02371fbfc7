// Performance of the open app, live: cold start (mount → ready), bridge latency percentiles over the
// last 1,000 settled calls, calls per second over the last 10 s, and the wallet page's JS heap.
import type { PerfSnapshot } from '@chainless/runtime-host/devtools'
import type { JSX } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { WalletI18nContext } from '../ui/env.js'
import { formatBytes } from '../ui/pages/Grants.js'
import { formatMs } from './format.js'
import { useInspectT } from './strings-inspect.js'
import type { WorkbenchPanelProps } from './types.js'

/** The snapshot is read again this often (calls per second decays without any new call). */
const TICK_MS = 1000

/**
 * The perf panel.
 *
 * @example
 * ```tsx
 * <PerfPanel devtools={devtools} env={env} appId="hello" accounts={accounts} />
 * ```
 */
export function PerfPanel({ devtools, appId }: WorkbenchPanelProps): JSX.Element {
  const t = useInspectT()
  const { locale } = useContext(WalletI18nContext)
  const [snapshot, setSnapshot] = useState<PerfSnapshot | undefined>(() =>
    appId === undefined ? undefined : devtools.perf.snapshot(appId),
  )
  useEffect(() => {
    if (appId === undefined) {
      setSnapshot(undefined)
      return
    }
    const read = () => setSnapshot(devtools.perf.snapshot(appId))
    read()
    const unsubscribe = devtools.perf.subscribe((changed) => {
      if (changed === appId) read()
    })
    const timer = setInterval(read, TICK_MS)
    return () => {
      unsubscribe()
      clearInterval(timer)
    }
  }, [devtools, appId])

  if (appId === undefined) return <p class="wl-empty">{t('noApp')}</p>
  if (!snapshot) return <p class="wl-empty">{t('perfEmpty')}</p>
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  const latency = snapshot.latency
  const scale = latency ? Math.max(latency.max, 1) : 1
  return (
    <>
      <dl class="wl-wb-stats" data-testid="perf-stats">
        <div class="wl-wb-stat" data-stat="cold-start">
          <dt>
            {t('coldStart')} <small>({t('coldStartHint')})</small>
          </dt>
          <dd>{formatMs(snapshot.coldStartMs)}</dd>
        </div>
        <div class="wl-wb-stat" data-stat="calls-per-second">
          <dt>{t('callsPerSecond')}</dt>
          <dd>{number.format(snapshot.callsPerSecond)}</dd>
        </div>
        <div class="wl-wb-stat" data-stat="calls">
          <dt>{t('calls')}</dt>
          <dd>{number.format(snapshot.calls)}</dd>
        </div>
        <div class="wl-wb-stat" data-stat="errors">
          <dt>{t('errors')}</dt>
          <dd>{number.format(snapshot.errors)}</dd>
        </div>
        <div class="wl-wb-stat" data-stat="heap">
          <dt>{t('heap')}</dt>
          <dd>
            {snapshot.memory ? (
              <>
                {formatBytes(snapshot.memory.usedJSHeapSize, locale)}{' '}
                <small>/ {formatBytes(snapshot.memory.totalJSHeapSize, locale)}</small>
              </>
            ) : (
              <small>{t('heapUnavailable')}</small>
            )}
          </dd>
        </div>
      </dl>
      <h3 class="wl-h3">{t('latencyTitle')}</h3>
      {latency ? (
        <dl class="wl-wb-bars" data-testid="perf-latency">
          {(['p50', 'p95', 'p99', 'max'] as const).map((name) => (
            <div key={name} data-stat={name}>
              <dt>{t(name)}</dt>
              <div class="wl-wb-bar" aria-hidden="true">
                <span style={{ inlineSize: `${Math.max(2, (latency[name] / scale) * 100)}%` }} />
              </div>
              <dd>{formatMs(latency[name])}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="wl-empty">{t('perfEmpty')}</p>
      )}
    </>
  )
}
