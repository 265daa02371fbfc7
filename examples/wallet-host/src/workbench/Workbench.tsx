// The workbench's shell: a card beside the phone (or a drawer over the app on a phone) with one tab
// per tool. Inspect (Bridge, Platform, Storage, Performance) are this folder's panels; Mocks,
// Accounts, Contracts and Data are the simulate panels (helper D's). Only the selected panel is mounted.
import type { Devtools } from '@chainless/runtime-host/devtools'
import { UiProvider } from '@chainless/ui-kit'
import type { ComponentType, JSX } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { EnvContext, type WalletEnv, WalletI18nContext } from '../ui/env.js'
import { Icon } from '../ui/icons.js'
import { type WalletLocale, walletTranslator } from '../ui/strings.js'
import { AccountsPanel } from './AccountsPanel.js'
import { BridgeLogPanel } from './BridgeLogPanel.js'
import { ContractsPanel } from './ContractsPanel.js'
import { DataPanel } from './DataPanel.js'
import { MocksPanel } from './MocksPanel.js'
import { PerfPanel } from './PerfPanel.js'
import { PlatformLogPanel } from './PlatformLogPanel.js'
import { StoragePanel } from './StoragePanel.js'
import { type InspectKey, useInspectT } from './strings-inspect.js'
import { installWorkbenchCss } from './styles.js'
import type { TestAccountsApi } from './test-accounts.js'
import type { WorkbenchPanelProps } from './types.js'

/** One tab: its id (for test ids and ARIA), its label and its panel. */
interface TabSpec {
  id: string
  label: InspectKey
  panel: ComponentType<WorkbenchPanelProps>
}

const TABS: readonly TabSpec[] = [
  { id: 'bridge', label: 'tabBridge', panel: BridgeLogPanel },
  { id: 'platform', label: 'tabPlatform', panel: PlatformLogPanel },
  { id: 'storage', label: 'tabStorage', panel: StoragePanel },
  { id: 'perf', label: 'tabPerf', panel: PerfPanel },
  { id: 'mocks', label: 'tabMocks', panel: MocksPanel },
  { id: 'accounts', label: 'tabAccounts', panel: AccountsPanel },
  { id: 'contracts', label: 'tabContracts', panel: ContractsPanel },
  { id: 'data', label: 'tabData', panel: DataPanel },
]

/** The wallet page's language and theme, as its root sets them on `<html>` (followed live). */
function useDocumentView(): { locale: WalletLocale; theme: 'light' | 'dark' } {
  const read = () => {
    const root = document.documentElement
    return {
      locale: (root.lang === 'zh-CN' ? 'zh-CN' : 'en') as WalletLocale,
      theme: (root.dataset.theme === 'dark' ? 'dark' : 'light') as 'light' | 'dark',
    }
  }
  const [view, setView] = useState(read)
  useEffect(() => {
    const observer = new MutationObserver(() =>
      setView((old) => {
        const next = read()
        return next.locale === old.locale && next.theme === old.theme ? old : next
      }),
    )
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'data-theme'] })
    return () => observer.disconnect()
  }, [])
  return view
}

/** Props of {@link WorkbenchRoot}. */
export interface WorkbenchRootProps {
  devtools: Devtools
  env: WalletEnv
  appId: string | undefined
  accounts: TestAccountsApi
}

/**
 * The workbench's own render root (it is rendered apart from the wallet's tree, into the container
 * the wallet gives it): the kit's provider and the wallet's contexts around {@link Workbench}, in the
 * language and theme the wallet sets on `<html>`.
 *
 * @example
 * ```ts
 * render(h(WorkbenchRoot, { devtools, env, appId: 'hello', accounts }), container)
 * ```
 */
export function WorkbenchRoot(props: WorkbenchRootProps): JSX.Element {
  installWorkbenchCss()
  const { locale, theme } = useDocumentView()
  const i18n = useMemo(() => ({ locale, t: walletTranslator(locale) }), [locale])
  return (
    <EnvContext.Provider value={props.env}>
      <WalletI18nContext.Provider value={i18n}>
        <UiProvider theme={theme} locale={locale} class="wl-wb-root">
          <Workbench {...props} />
        </UiProvider>
      </WalletI18nContext.Provider>
    </EnvContext.Provider>
  )
}

/**
 * The panel shell: heading with the open app, a tab list (WAI-ARIA tabs: arrows, Home, End) and the
 * selected panel.
 *
 * @example
 * ```tsx
 * <Workbench devtools={devtools} env={env} appId="hello" accounts={accounts} />
 * ```
 */
export function Workbench(props: WorkbenchPanelProps): JSX.Element {
  const t = useInspectT()
  const [selected, setSelected] = useState(TABS[0]!.id)
  const tabs = useRef<HTMLDivElement | null>(null)
  const current = TABS.find((tab) => tab.id === selected) ?? TABS[0]!
  const Panel = current.panel

  function onKey(event: KeyboardEvent): void {
    const at = TABS.findIndex((tab) => tab.id === selected)
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1
    if (to < 0) return
    event.preventDefault()
    setSelected(TABS[to]!.id)
    tabs.current?.querySelector<HTMLElement>(`#wb-tab-${TABS[to]!.id}`)?.focus()
  }

  return (
    <section
      class="wl-card wl-wb"
      data-testid="workbench"
      aria-labelledby="wb-title"
      data-app-id={props.appId}
    >
      <div class="wl-wb-head">
        <h2 id="wb-title" class="wl-h2">
          <Icon name="flask" />
          {t('workbench')}
        </h2>
        <span class="wl-wb-app" title={props.appId ?? t('allApps')}>
          {props.appId ?? t('allApps')}
        </span>
      </div>
      <div class="wl-wb-tabs" role="tablist" aria-label={t('workbench')} ref={tabs} onKeyDown={onKey}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`wb-tab-${tab.id}`}
            class="wl-wb-tab"
            aria-selected={tab.id === selected}
            aria-controls={`wb-panel-${tab.id}`}
            tabIndex={tab.id === selected ? 0 : -1}
            onClick={() => setSelected(tab.id)}
          >
            {t(tab.label)}
          </button>
        ))}
      </div>
      <div
        class="wl-wb-panel"
        role="tabpanel"
        id={`wb-panel-${current.id}`}
        aria-labelledby={`wb-tab-${current.id}`}
        data-panel={current.id}
      >
        <Panel {...props} />
      </div>
    </section>
  )
}
