// The bridge log: every call, event and refused message of the open app as the host saw it, live.
// Filter by method, status and kind; pause, clear, export as JSON (masked). A row opens its details:
// params and result or error, masked by `maskSensitive` until that row's "Reveal" (the DOM never holds
// an unmasked signature or token before). Only the newest rows are rendered: 2,000 entries stay smooth.
import {
  type BridgeLog,
  type BridgeLogEntry,
  type BridgeLogFilter,
  maskSensitive,
} from '@chainless/runtime-host/devtools'
import { Badge, Button, Toast } from '@chainless/ui-kit'
import { Component, type JSX } from 'preact'
import { useContext, useEffect, useMemo, useState } from 'preact/hooks'
import { WalletI18nContext } from '../ui/env.js'
import { download, formatClock, formatJson, formatMs } from './format.js'
import { type InspectT, useInspectT } from './strings-inspect.js'
import type { WorkbenchPanelProps } from './types.js'

/** The most rows rendered at once (the newest); the log itself keeps its whole capacity. */
export const MAX_ROWS = 200
/** The least time between two renders of a busy log (the first change renders at once). */
const MIN_RENDER_GAP_MS = 50

type StatusFilter = NonNullable<BridgeLogFilter['status']> | ''
type KindFilter = BridgeLogEntry['kind'] | ''

/**
 * Subscribes to `log` and answers a counter that changes when the log did: the first change after a
 * quiet spell renders on the next task, a burst at most every {@link MIN_RENDER_GAP_MS}.
 */
function useLogVersion(log: BridgeLog): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let last = 0
    const flush = () => {
      timer = undefined
      last = performance.now()
      setVersion((v) => v + 1)
    }
    const unsubscribe = log.subscribe(() => {
      if (timer !== undefined) return
      timer = setTimeout(flush, Math.max(0, last + MIN_RENDER_GAP_MS - performance.now()))
    })
    return () => {
      unsubscribe()
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [log])
  return version
}

/**
 * The bridge log panel.
 *
 * @example
 * ```tsx
 * <BridgeLogPanel devtools={devtools} env={env} appId="hello" accounts={accounts} />
 * ```
 */
export function BridgeLogPanel({ devtools, appId }: WorkbenchPanelProps): JSX.Element {
  const t = useInspectT()
  const { locale } = useContext(WalletI18nContext)
  const log = devtools.log
  const version = useLogVersion(log)
  const [text, setText] = useState('')
  const [status, setStatus] = useState<StatusFilter>('')
  const [kind, setKind] = useState<KindFilter>('')
  const [paused, setPaused] = useState(log.paused)
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set())
  const [toast, setToast] = useState<string | undefined>()
  // Bumped by Clear: the log does not announce removals to its subscribers.
  const [cleared, setCleared] = useState(0)

  const filter = useMemo((): BridgeLogFilter => {
    const f: BridgeLogFilter = {}
    if (appId !== undefined) f.appId = appId
    if (text.trim() !== '') f.text = text.trim()
    if (status !== '') f.status = status
    if (kind !== '') f.kind = kind
    return f
  }, [appId, text, status, kind])

  const { rows, matching, total } = useMemo(() => {
    const all = appId === undefined ? log.entries() : log.entries({ appId })
    const matched = filter.text || filter.status || filter.kind ? log.entries(filter) : all
    // Newest first; only the newest MAX_ROWS become DOM.
    const newest: BridgeLogEntry[] = []
    for (let i = matched.length - 1; i >= 0 && newest.length < MAX_ROWS; i--) newest.push(matched[i]!)
    return { rows: newest, matching: matched.length, total: all.length }
  }, [version, cleared, filter, log])

  // Another app's details and reveals do not carry over.
  useEffect(() => {
    setOpen(new Set())
    setRevealed(new Set())
  }, [appId])

  const toggle = (set: ReadonlySet<number>, id: number): ReadonlySet<number> => {
    const next = new Set(set)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    return next
  }

  function pauseOrResume(): void {
    if (log.paused) log.resume()
    else log.pause()
    setPaused(log.paused)
  }

  function clear(): void {
    log.clear(appId)
    setCleared((n) => n + 1)
    setOpen(new Set())
    setRevealed(new Set())
  }

  function exportJson(): void {
    const json = log.export(filter)
    const count = (JSON.parse(json) as unknown[]).length
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    download(`bridge-log-${appId ?? 'all'}-${stamp}.json`, json, 'application/json')
    setToast(t('exportDone', { count }))
  }

  return (
    <>
      <div class="wl-wb-toolbar">
        <input
          type="search"
          class="wl-input"
          aria-label={t('filterText')}
          placeholder={t('filterText')}
          value={text}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
          data-testid="bridge-filter"
        />
        <select
          class="wl-select"
          aria-label={t('filterStatus')}
          value={status}
          onChange={(event) => setStatus((event.target as HTMLSelectElement).value as StatusFilter)}
        >
          <option value="">
            {t('filterStatus')}: {t('any')}
          </option>
          <option value="ok">{t('statusOk')}</option>
          <option value="error">{t('statusError')}</option>
          <option value="pending">{t('statusPending')}</option>
        </select>
        <select
          class="wl-select"
          aria-label={t('filterKind')}
          value={kind}
          onChange={(event) => setKind((event.target as HTMLSelectElement).value as KindFilter)}
        >
          <option value="">
            {t('filterKind')}: {t('any')}
          </option>
          <option value="call">{t('kindCall')}</option>
          <option value="event">{t('kindEvent')}</option>
          <option value="refused">{t('kindRefused')}</option>
        </select>
      </div>
      <div class="wl-wb-toolbar">
        <Button variant={paused ? 'primary' : 'secondary'} aria-pressed={paused} onClick={pauseOrResume}>
          {paused ? t('resume') : t('pause')}
        </Button>
        <Button variant="secondary" onClick={clear} disabled={total === 0}>
          {t('clear')}
        </Button>
        <Button variant="secondary" onClick={exportJson} disabled={matching === 0}>
          {t('exportJson')}
        </Button>
        <span class="wl-wb-note" aria-live="polite" data-testid="bridge-count">
          {t('entriesShown', { shown: matching, total })}
        </span>
      </div>
      {paused && <p class="wl-wb-banner">{t('paused')}</p>}
      {rows.length === 0 ? (
        <p class="wl-empty">{total === 0 ? t('bridgeEmpty') : t('bridgeNoMatch')}</p>
      ) : (
        <ul class="wl-wb-log" aria-label={t('bridgeTitle')} data-testid="bridge-log">
          {rows.map((entry) => (
            <Row
              key={entry.id}
              entry={entry}
              stamp={`${entry.status}:${entry.durationMs ?? ''}:${entry.mocked ? 1 : 0}`}
              open={open.has(entry.id)}
              revealed={revealed.has(entry.id)}
              onToggle={() => setOpen((set) => toggle(set, entry.id))}
              onReveal={() => setRevealed((set) => toggle(set, entry.id))}
              t={t}
              locale={locale}
            />
          ))}
        </ul>
      )}
      {matching > rows.length && (
        <p class="wl-wb-note">{t('entriesCapped', { shown: rows.length, total: matching })}</p>
      )}
      <p class="wl-wb-note">{t('revealHint')}</p>
      <Toast open={toast !== undefined} onClose={() => setToast(undefined)}>
        {toast}
      </Toast>
    </>
  )
}

/** Props of one log row. */
interface RowProps {
  entry: BridgeLogEntry
  /** Changes when the entry settles (the log may update an entry in place). */
  stamp: string
  open: boolean
  revealed: boolean
  onToggle: () => void
  onReveal: () => void
  t: InspectT
  locale: string
}

/** One entry: a summary button and, opened, its details. Re-renders only when its own props change. */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const now = this.props
    return (
      next.entry !== now.entry ||
      next.stamp !== now.stamp ||
      next.open !== now.open ||
      next.revealed !== now.revealed ||
      next.t !== now.t
    )
  }

  override render(): JSX.Element {
    const { entry, open, revealed, onToggle, onReveal, t, locale } = this.props
    const detailsId = `wb-entry-${entry.id}`
    return (
      <li
        data-testid="bridge-row"
        data-id={entry.id}
        data-method={entry.method}
        data-rpc-method={entry.rpcMethod}
        data-status={entry.status}
        data-kind={entry.kind}
      >
        <button
          type="button"
          class="wl-wb-row"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={`${entry.rpcMethod ?? entry.method ?? ''} ${t('details')}`}
          onClick={onToggle}
        >
          <span class="wl-wb-time">{formatClock(entry.at, locale)}</span>
          <span class="wl-wb-method">
            <span>
              {entry.rpcMethod ?? (entry.method || '—')}
              {entry.rpcMethod && <span class="wl-wb-sub"> · {entry.method}</span>}
            </span>
            {entry.kind === 'event' && <Badge tone="info">{t('hostEvent')}</Badge>}
            {entry.kind === 'refused' && <Badge tone="danger">{t('refused')}</Badge>}
            {entry.origin === 'devtools' && <Badge tone="info">{t('fromDevtools')}</Badge>}
            {entry.mocked && <Badge tone="warning">{t('mocked')}</Badge>}
          </span>
          <StatusBadge entry={entry} t={t} />
          <span class="wl-wb-dur">{formatMs(entry.durationMs)}</span>
        </button>
        {open && (
          <Details
            id={detailsId}
            entry={entry}
            revealed={revealed}
            onReveal={onReveal}
            t={t}
            locale={locale}
          />
        )}
      </li>
    )
  }
}

function StatusBadge({ entry, t }: { entry: BridgeLogEntry; t: InspectT }): JSX.Element {
  if (entry.status === 'ok')
    return <Badge tone="success">{entry.kind === 'event' ? '→' : t('statusOk')}</Badge>
  if (entry.status === 'pending') return <Badge tone="info">{t('statusPending')}</Badge>
  return <Badge tone="danger">{entry.error ? String(entry.error.code) : t('statusError')}</Badge>
}

/** What a details view shows of one value: masked unless revealed, and whether masking changed it. */
function shown(
  value: unknown,
  entry: BridgeLogEntry,
  revealed: boolean,
  part: 'params' | 'outcome',
): { text: string; sensitive: boolean } {
  // A signing method's context masks its whole result; its params (message, address) only by key.
  const context =
    part === 'params'
      ? {}
      : { method: entry.method, ...(entry.rpcMethod ? { rpcMethod: entry.rpcMethod } : {}) }
  const masked = formatJson(maskSensitive(value, context))
  if (!revealed) return { text: masked, sensitive: masked !== formatJson(value) }
  return { text: formatJson(value), sensitive: true }
}

function Details({
  id,
  entry,
  revealed,
  onReveal,
  t,
  locale,
}: {
  id: string
  entry: BridgeLogEntry
  revealed: boolean
  onReveal: () => void
  t: InspectT
  locale: string
}): JSX.Element {
  const params = entry.params === undefined ? undefined : shown(entry.params, entry, revealed, 'params')
  const result = entry.result === undefined ? undefined : shown(entry.result, entry, revealed, 'outcome')
  const error = entry.error === undefined ? undefined : shown(entry.error, entry, revealed, 'outcome')
  const sensitive = Boolean(params?.sensitive || result?.sensitive || error?.sensitive)
  return (
    <div class="wl-wb-details" id={id}>
      <dl class="wl-dl">
        <dt>{t('time')}</dt>
        <dd class="wl-mono">{new Date(entry.at).toISOString()}</dd>
        <dt>{t('duration')}</dt>
        <dd class="wl-mono">{formatMs(entry.durationMs)}</dd>
        {entry.account && (
          <>
            <dt>{t('account')}</dt>
            <dd class="wl-mono">{entry.account}</dd>
          </>
        )}
        <dt>appId</dt>
        <dd class="wl-mono">
          {entry.appId} · {entry.origin} · #{entry.id} · {formatClock(entry.at, locale)}
        </dd>
      </dl>
      {params && (
        <>
          <h4 class="wl-wb-h4">{entry.kind === 'event' ? t('data') : t('params')}</h4>
          <pre class="wl-wb-json" data-testid="bridge-params">
            {params.text}
          </pre>
        </>
      )}
      {result && (
        <>
          <h4 class="wl-wb-h4">{t('result')}</h4>
          <pre class="wl-wb-json" data-testid="bridge-result">
            {result.text}
          </pre>
        </>
      )}
      {error && (
        <>
          <h4 class="wl-wb-h4">{t('error')}</h4>
          <pre class="wl-wb-json" data-testid="bridge-error">
            {error.text}
          </pre>
        </>
      )}
      {sensitive && (
        <Button variant={revealed ? 'secondary' : 'danger'} aria-pressed={revealed} onClick={onReveal}>
          {revealed ? t('hide') : t('reveal')}
        </Button>
      )}
    </div>
  )
}
