// Running one mini-program: open (manifest verified against the pinned keys, security notice on
// first use), the runner bar (back, icon and title, state, app info, a menu with reload and close),
// and a failed open or load shown with its reason and Retry instead of a silent close.
import type { Manifest } from '@chainless/protocol'
import type { AppHandle, AppState, CloseReason, VerifiedManifest } from '@chainless/runtime-host'
import { Button, ErrorState, SafeText, Spinner } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { AppIcon } from './controls.js'
import { useEnv, useT } from './env.js'
import { Icon } from './icons.js'
import type { WalletKey, WalletT } from './strings.js'

/** What the runner shows. */
export type RunnerView =
  | { phase: 'idle' }
  | { phase: 'opening'; appId: string; manifest?: VerifiedManifest }
  | { phase: 'running'; appId: string; manifest: VerifiedManifest; state: AppState; back: boolean }
  | {
      phase: 'failed'
      appId: string
      name: string
      manifest?: Manifest
      stage: 'open' | 'load'
      reason: string
    }

/** Close reasons that are failures the user should hear about (the others are the user's or the app's own). */
const FAILED_CLOSE: Partial<Record<CloseReason, WalletKey>> = {
  'no-handshake': 'reasonNoHandshake',
  'rate-limited': 'reasonRateLimited',
  navigated: 'reasonNavigated',
}

/** The runner's controls, for the wallet root. */
export interface Runner {
  view: RunnerView
  open(appId: string): Promise<void>
  close(): void
}

const isUserRejection = (error: unknown) => (error as { code?: unknown } | null)?.code === 4001

/**
 * The runner's state and actions. `onStatus` receives what the catalog line should say (the open
 * progress, or why the user's own cancel opened nothing); `t` is the wallet's current language (the
 * hook runs in the root, above the language context).
 */
export function useRunner(
  onStatus: (text: string) => void,
  t: WalletT,
): Runner & { container: { current: HTMLDivElement | null }; app: { current: AppHandle | undefined } } {
  const { host, config } = useEnv()
  const [view, setView] = useState<RunnerView>({ phase: 'idle' })
  const container = useRef<HTMLDivElement | null>(null)
  const current = useRef<AppHandle | undefined>(undefined)
  const attempt = useRef(0)
  // What opened the runner (the catalog's Open button): while the app runs it is hidden, and the
  // browser drops focus to <body>; it gets focus back when the runner closes (WAI-ARIA dialog).
  const opener = useRef<HTMLElement | null>(null)
  const idle = view.phase === 'idle'
  useEffect(() => {
    if (!idle) return
    const element = opener.current
    opener.current = null
    const lost = document.activeElement === null || document.activeElement === document.body
    if (element?.isConnected && lost) element.focus()
  }, [idle])

  function closeCurrent(): void {
    const app = current.current
    current.current = undefined // its close event is then ours, not a failure
    app?.close()
  }

  async function open(appId: string): Promise<void> {
    const ticket = ++attempt.current
    // Retry and Reload come from inside the runner: the first opener stays the one to return to.
    const from = document.activeElement
    if (from instanceof HTMLElement && from !== document.body && !from.closest('#runner'))
      opener.current = from
    closeCurrent()
    onStatus(t('opening'))
    setView({ phase: 'opening', appId })
    let manifest: VerifiedManifest
    try {
      // Verified against the pinned keys: the only kind of manifest the host mounts.
      manifest = await host.loadManifest({ apiUrl: config.apiUrl, appId })
    } catch (error) {
      if (ticket !== attempt.current) return
      const reason = (error as Error).message
      onStatus(t('didNotOpen', { name: appId, reason }))
      setView({ phase: 'failed', appId, name: appId, stage: 'open', reason })
      return
    }
    if (ticket !== attempt.current) return
    setView({ phase: 'opening', appId, manifest })
    let app: AppHandle
    try {
      // First use: the security notice comes before the app runs. No address in the launch
      // parameters: an app learns it through eth_requestAccounts and the user's consent.
      app = await host.open(manifest, container.current!, {
        launchParams: { apiUrl: config.apiUrl, chainId: String(config.chainId) },
      })
    } catch (error) {
      if (ticket !== attempt.current) return
      const reason = (error as Error).message
      onStatus(t('didNotOpen', { name: manifest.name.slice(0, 100), reason }))
      // The user's own "Cancel" on the notice is not a failure: back to the catalog.
      setView(
        isUserRejection(error)
          ? { phase: 'idle' }
          : { phase: 'failed', appId, name: manifest.name, manifest, stage: 'open', reason },
      )
      return
    }
    if (ticket !== attempt.current) {
      app.close()
      return
    }
    current.current = app
    onStatus('')
    const update = () =>
      setView((v) =>
        current.current === app
          ? { phase: 'running', appId, manifest, state: app.state, back: app.backButtonVisible }
          : v,
      )
    update()
    app.on('state', update)
    app.on('backButton', update)
    app.on('close', ({ reason }) => {
      if (current.current !== app) return
      current.current = undefined
      const key = FAILED_CLOSE[reason]
      setView(
        key
          ? { phase: 'failed', appId, name: manifest.name, manifest, stage: 'load', reason: t(key) }
          : { phase: 'idle' },
      )
    })
  }

  function close(): void {
    attempt.current++
    closeCurrent()
    setView({ phase: 'idle' })
  }

  useEffect(() => {
    const onVisibility = () => current.current?.setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [])

  return { view, open, close, container, app: current }
}

/** Props of {@link RunnerPanel}. */
export interface RunnerPanelProps {
  runner: ReturnType<typeof useRunner>
  /** The workbench's drawer switch (sandbox only; shown on a phone, where the app fills the screen). */
  workbench?: { open: boolean; label: string; toggle: () => void }
}

/** The runner (`#runner`): its bar and the app's frame, or why it failed. */
export function RunnerPanel({ runner, workbench }: RunnerPanelProps): JSX.Element {
  const t = useT()
  const { view } = runner
  const [menu, setMenu] = useState(false)
  const manifest = view.phase === 'idle' ? undefined : view.manifest
  const title =
    view.phase === 'failed' ? view.name : view.phase === 'idle' ? '' : (view.manifest?.name ?? view.appId)
  const state: AppState | undefined =
    view.phase === 'running' ? view.state : view.phase === 'opening' ? 'loading' : undefined

  useEffect(() => {
    if (!menu) return
    // A menu's keys (WAI-ARIA menu button): focus on the first item, arrows move, Escape returns.
    const items = () => [...document.querySelectorAll<HTMLElement>('#runner [role=menuitem]:not(:disabled)')]
    items()[0]?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenu(false)
        document.querySelector<HTMLElement>('#runner .wl-more')?.focus()
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const list = items()
        const at = list.indexOf(document.activeElement as HTMLElement)
        const step = event.key === 'ArrowDown' ? 1 : -1
        list[(at + step + list.length) % list.length]?.focus()
      }
    }
    const onPointer = (event: PointerEvent) => {
      if (!(event.target as Element).closest?.('.wl-menu,.wl-more')) setMenu(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [menu])

  const appId = view.phase === 'idle' ? undefined : view.appId
  const info = () => {
    // Chosen from the menu, the item that had focus goes away with it: the menu's button is what the
    // app info sheet returns focus to (WAI-ARIA menu button), so it takes focus before the sheet opens.
    if (menu) document.querySelector<HTMLElement>('#runner .wl-more')?.focus()
    setMenu(false)
    void runner.app.current?.showInfo().catch(() => undefined)
  }
  const reload = () => {
    if (menu) document.querySelector<HTMLElement>('#runner .wl-more')?.focus()
    setMenu(false)
    if (appId) void runner.open(appId)
  }
  const back = () => {
    const app = runner.app.current
    if (app && !app.pressBackButton()) runner.close()
  }

  return (
    <section
      id="runner"
      hidden={view.phase === 'idle'}
      aria-label={title || t('appInfo')}
      data-app-id={appId}
    >
      <div class="wl-runbar">
        <Button
          id="back"
          variant="ghost"
          class="wl-iconbtn"
          hidden={!(view.phase === 'running' && view.back)}
          aria-label={t('back')}
          onClick={back}
        >
          <Icon name="back" />
        </Button>
        <div class="wl-runtitle">
          <AppIcon manifest={manifest ?? (appId ? { appId, name: title } : undefined)} size={28} />
          <strong id="app-title">
            <SafeText text={title} max={Number.POSITIVE_INFINITY} lines={1} quiet />
          </strong>
          {state && (
            <span class="wl-chip" data-state={state}>
              <span class="wl-dot" data-state={state} aria-hidden="true" />
              {t(`state.${state}`)}
            </span>
          )}
          {/* The host's raw state for scripts and tests; people read the chip above. */}
          <span id="app-state" hidden>
            {state ?? ''}
          </span>
        </div>
        {workbench && (
          <Button
            id="workbench-toggle"
            variant={workbench.open ? 'primary' : 'ghost'}
            class="wl-iconbtn"
            aria-label={workbench.label}
            aria-pressed={workbench.open}
            aria-controls="workbench"
            onClick={workbench.toggle}
          >
            <Icon name="flask" />
          </Button>
        )}
        <Button
          id="app-info"
          variant="ghost"
          class="wl-iconbtn"
          aria-label={t('appInfo')}
          disabled={view.phase !== 'running'}
          onClick={info}
        >
          <Icon name="info" />
        </Button>
        <div class="wl-capsule">
          <Button
            variant="ghost"
            class="wl-more"
            aria-label={t('more')}
            aria-haspopup="menu"
            aria-expanded={menu}
            onClick={() => setMenu(!menu)}
          >
            <Icon name="more" />
          </Button>
          <Button id="close-app" variant="ghost" aria-label={t('close')} onClick={() => runner.close()}>
            <Icon name="close" />
          </Button>
        </div>
        {menu && (
          <div class="wl-menu" role="menu" aria-label={t('more')}>
            <Button role="menuitem" variant="ghost" disabled={view.phase !== 'running'} onClick={info}>
              <Icon name="info" /> {t('appInfo')}
            </Button>
            <Button role="menuitem" variant="ghost" onClick={reload}>
              <Icon name="reload" /> {t('reload')}
            </Button>
            <Button
              role="menuitem"
              variant="ghost"
              onClick={() => {
                setMenu(false)
                runner.close()
              }}
            >
              <Icon name="close" /> {t('close')}
            </Button>
          </div>
        )}
      </div>
      <div class="wl-stage">
        <div id="app-container" ref={runner.container} />
        {(view.phase === 'opening' || (view.phase === 'running' && view.state === 'loading')) && (
          <div class="wl-overlay">
            <Spinner size="large" label={t('state.loading')} />
            <span>{t('state.loading')}</span>
          </div>
        )}
        {view.phase === 'failed' && (
          <div class="wl-overlay" data-failed={view.stage}>
            <ErrorState
              title={t(view.stage === 'open' ? 'couldNotOpen' : 'loadFailed', {
                name: view.name.slice(0, 100),
              })}
              description={<SafeText text={view.reason} max={600} multiline quiet />}
              action={
                <div class="wl-actions">
                  <Button id="retry-app" variant="primary" onClick={() => void runner.open(view.appId)}>
                    <Icon name="reload" /> {t('retry')}
                  </Button>
                  <Button variant="secondary" onClick={() => runner.close()}>
                    {t('backToApps')}
                  </Button>
                </div>
              }
            />
          </div>
        )}
      </div>
    </section>
  )
}
