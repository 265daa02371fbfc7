// The platform log: the open app's requests to the platform API as the sandbox saw them (method,
// path with secrets masked by the sandbox, status, problem code, latency, idempotency key), live over
// `GET /__sandbox/requests/stream` (SSE), falling back to polling `GET /__sandbox/requests?since=`.
import { Badge } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { WalletI18nContext } from '../ui/env.js'
import { formatClock, formatMs } from './format.js'
import { isPlatformRequest, mergeRequests, type PlatformRequest } from './platform-requests.js'
import { useInspectT } from './strings-inspect.js'
import type { WorkbenchPanelProps } from './types.js'

/** Polling period when the stream is unavailable. */
const POLL_MS = 1000
/** How long the stream may take to open before the panel polls instead. */
const STREAM_OPEN_TIMEOUT_MS = 3000

type Mode = 'connecting' | 'live' | 'polling' | 'offline'

/**
 * Follows the sandbox's request log for `appId` (every app when undefined): SSE first, polling when
 * the stream fails to open or breaks.
 */
function useRequests(
  apiUrl: string,
  appId: string | undefined,
): { requests: readonly PlatformRequest[]; mode: Mode } {
  const [requests, setRequests] = useState<readonly PlatformRequest[]>([])
  const [mode, setMode] = useState<Mode>('connecting')
  useEffect(() => {
    setRequests([])
    setMode('connecting')
    let stopped = false
    let since = 0
    let source: EventSource | undefined
    let poller: ReturnType<typeof setInterval> | undefined
    const add = (items: readonly unknown[]) => {
      for (const item of items) if (isPlatformRequest(item) && item.seq > since) since = item.seq
      setRequests((list) => mergeRequests(list, items))
    }
    const url = (path: string, extra: Record<string, string> = {}) => {
      const target = new URL(path, apiUrl)
      if (appId !== undefined) target.searchParams.set('appId', appId)
      for (const [k, v] of Object.entries(extra)) target.searchParams.set(k, v)
      return target
    }
    const poll = async () => {
      if (stopped || document.visibilityState !== 'visible') return
      try {
        const response = await fetch(url('/__sandbox/requests', { since: String(since), limit: '500' }))
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const body = (await response.json()) as { requests?: unknown }
        if (!stopped && Array.isArray(body.requests)) {
          add(body.requests)
          setMode('polling')
        }
      } catch {
        if (!stopped) setMode('offline')
      }
    }
    const fallBack = () => {
      source?.close()
      source = undefined
      if (stopped || poller !== undefined) return
      void poll()
      poller = setInterval(() => void poll(), POLL_MS)
    }
    if (typeof EventSource === 'function') {
      source = new EventSource(url('/__sandbox/requests/stream'))
      const opening = setTimeout(fallBack, STREAM_OPEN_TIMEOUT_MS)
      source.addEventListener('open', () => {
        clearTimeout(opening)
        if (!stopped) setMode('live')
      })
      source.addEventListener('request', (event) => {
        try {
          add([JSON.parse((event as MessageEvent<string>).data)])
        } catch {
          // a malformed event is dropped
        }
      })
      source.addEventListener('error', () => {
        clearTimeout(opening)
        // EventSource retries by itself unless the server refused it: then poll.
        if (source?.readyState === EventSource.CLOSED) fallBack()
        else if (!stopped) setMode('offline')
      })
    } else fallBack()
    return () => {
      stopped = true
      source?.close()
      if (poller !== undefined) clearInterval(poller)
    }
  }, [apiUrl, appId])
  return { requests, mode }
}

const statusTone = (status: number) => (status >= 500 ? 'danger' : status >= 400 ? 'warning' : 'success')

/**
 * The platform log panel.
 *
 * @example
 * ```tsx
 * <PlatformLogPanel devtools={devtools} env={env} appId="hello" accounts={accounts} />
 * ```
 */
export function PlatformLogPanel({ env, appId }: WorkbenchPanelProps): JSX.Element {
  const t = useInspectT()
  const { locale } = useContext(WalletI18nContext)
  const { requests, mode } = useRequests(env.config.apiUrl, appId)
  const newest = [...requests].reverse()
  return (
    <>
      <div class="wl-wb-toolbar">
        <p class="wl-p" style={{ flex: 1 }}>
          {t('platformIntro')}
        </p>
        <span class="wl-wb-live" data-testid="platform-mode" data-mode={mode}>
          <span
            class="wl-dot"
            data-state={mode === 'live' ? 'live' : mode === 'offline' ? 'offline' : ''}
            aria-hidden="true"
          />
          {mode === 'live'
            ? t('live')
            : mode === 'offline'
              ? t('offline')
              : mode === 'polling'
                ? t('polling')
                : t('loadingPanel')}
        </span>
      </div>
      {newest.length === 0 ? (
        <p class="wl-empty">{t('platformEmpty')}</p>
      ) : (
        <ul class="wl-wb-table" aria-label={t('platformTitle')} data-testid="platform-log">
          {newest.map((r) => (
            <li
              key={r.seq}
              data-testid="platform-row"
              data-method={r.method}
              data-status={r.status}
              data-path={r.path}
            >
              <span class="wl-wb-verb">{r.method}</span>
              <span class="wl-wb-path" title={r.path}>
                {r.path}
              </span>
              <Badge tone={statusTone(r.status)}>
                {r.status}
                {r.code ? ` ${r.code}` : ''}
              </Badge>
              <span class="wl-wb-dur">{formatMs(r.durationMs)}</span>
              <span class="wl-wb-meta">
                <span>{formatClock(r.at, locale)}</span>
                {r.idempotencyKey && (
                  <span>
                    {t('idempotencyKey')}: {r.idempotencyKey}
                  </span>
                )}
                <span>
                  {t('requestId')}: {r.requestId}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
