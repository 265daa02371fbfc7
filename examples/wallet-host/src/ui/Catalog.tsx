// The catalog: search the platform's listed apps (GET /api/v1/apps?q=) and open one. Each app shows
// its icon, name, developer, security rating and badges, all from its manifest, as inert text.
import type { Manifest } from '@chainless/protocol'
import { Badge, Button, SafeText, Spinner, type Tone } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { AppIcon } from './controls.js'
import { useEnv, useT } from './env.js'
import { Icon } from './icons.js'

const RATING_TONE: Record<string, Tone> = { A: 'success', B: 'info', C: 'warning', D: 'danger' }

/** What the catalog line under the search says. */
export type CatalogStatus =
  | { kind: 'loading' }
  | { kind: 'count'; count: number }
  | { kind: 'error'; reason: string }
  | { kind: 'text'; text: string }

/** Props of {@link Catalog}. */
export interface CatalogProps {
  status: CatalogStatus
  onStatus: (status: CatalogStatus) => void
  onApps: (apps: readonly Manifest[]) => void
  onOpen: (appId: string) => void
  /** Called once the first search answered (the wallet is then ready). */
  onFirstLoad: () => void
}

/** The catalog page (`#launcher`). */
export function Catalog({ status, onStatus, onApps, onOpen, onFirstLoad }: CatalogProps): JSX.Element {
  const { config } = useEnv()
  const t = useT()
  const [apps, setApps] = useState<readonly Manifest[]>([])
  const [query, setQuery] = useState('')
  const latest = useRef(0)
  const first = useRef(true)

  async function search(q: string): Promise<void> {
    const ticket = ++latest.current
    onStatus({ kind: 'loading' })
    try {
      const response = await fetch(new URL(`/api/v1/apps?q=${encodeURIComponent(q)}`, config.apiUrl))
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const body = (await response.json()) as { apps: Manifest[] }
      // An older answer arriving after a newer one is dropped: the list is always the last query's.
      if (ticket !== latest.current) return
      setApps(body.apps)
      onApps(body.apps)
      onStatus({ kind: 'count', count: body.apps.length })
    } catch (error) {
      if (ticket === latest.current) onStatus({ kind: 'error', reason: (error as Error).message })
    } finally {
      if (first.current) {
        first.current = false
        onFirstLoad()
      }
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => void search(query), first.current ? 0 : 150)
    return () => clearTimeout(timer)
  }, [query])

  const statusText =
    status.kind === 'loading'
      ? t('catalogLoading')
      : status.kind === 'count'
        ? status.count === 0
          ? t('catalogEmpty')
          : status.count === 1
            ? t('catalogCountOne')
            : t('catalogCount', { count: status.count })
        : status.kind === 'error'
          ? t('catalogError', { reason: status.reason })
          : status.text

  return (
    <main id="launcher" class="wl-main">
      <h1 class="wl-h1">{t('walletName')}</h1>
      <search>
        <form
          id="search-form"
          class="wl-search"
          onSubmit={(event) => {
            event.preventDefault()
            void search(query)
          }}
        >
          <Icon name="search" />
          <input
            id="search"
            class="wl-input"
            type="search"
            placeholder={t('searchPlaceholder')}
            aria-label={t('searchPlaceholder')}
            value={query}
            onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
          />
        </form>
      </search>
      <p id="catalog-status" class="wl-status" role="status">
        {status.kind === 'loading' && <Spinner label={t('catalogLoading')} />} {statusText}
      </p>
      {status.kind === 'error' && (
        <Button variant="primary" onClick={() => void search(query)}>
          <Icon name="reload" /> {t('retry')}
        </Button>
      )}
      <ul id="catalog" class="wl-apps" aria-label={t('searchPlaceholder')}>
        {apps.map((app) => (
          <AppRow key={app.appId} app={app} onOpen={onOpen} />
        ))}
      </ul>
    </main>
  )
}

function AppRow({ app, onOpen }: { app: Manifest; onOpen: (appId: string) => void }): JSX.Element {
  const t = useT()
  const rating = app.securityRating && app.securityRating !== 'unrated' ? app.securityRating : undefined
  const delisted = app.status === 'delisted'
  return (
    <li class="wl-app" data-app-id={app.appId}>
      <AppIcon manifest={app} />
      <div class="wl-app-main">
        <span class="wl-app-name">
          <SafeText text={app.name} max={Number.POSITIVE_INFINITY} lines={1} />
        </span>
        <span class="wl-meta">
          <span>
            {app.developer ? (
              <SafeText
                text={t('by', { name: app.developer.name })}
                max={Number.POSITIVE_INFINITY}
                lines={1}
                quiet
              />
            ) : (
              t('unknownDeveloper')
            )}
          </span>
          <Badge tone={rating ? (RATING_TONE[rating] ?? 'neutral') : 'neutral'}>
            {rating ? t('rating', { rating }) : t('unrated')}
          </Badge>
          {app.sponsored && <Badge tone="info">{t('sponsored')}</Badge>}
          {delisted && <Badge tone="danger">{t('delisted')}</Badge>}
        </span>
        {app.description && (
          <span class="wl-app-desc">
            <SafeText text={app.description} max={Number.POSITIVE_INFINITY} lines={2} quiet />
          </span>
        )}
      </div>
      <Button
        variant="primary"
        aria-label={t('openName', { name: app.name.slice(0, 100) })}
        disabled={delisted}
        onClick={() => onOpen(app.appId)}
      >
        {t('open')}
      </Button>
    </li>
  )
}
