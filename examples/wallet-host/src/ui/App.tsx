// The wallet's root: a phone-shaped shell (a full-screen phone below 900 px, a phone beside a
// dashboard above), the bar (account, language, theme), the catalog or the running app, the pages
// (connected apps and data, activity, inbox, settings, the sandbox panel) and the phone's tab bar.
// With the sandbox's workbench: its panel first beside the phone, a tab and a drawer on a phone.
import type { Manifest } from '@chainless/protocol'
import { Button, UiProvider } from '@chainless/ui-kit'
import type { SheetUi } from '@chainless/ui-kit/adapter'
import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Workbench } from '../workbench/index.js'
import { Catalog, type CatalogStatus } from './Catalog.js'
import { AccountOptions } from './controls.js'
import { EnvContext, ManifestsContext, type WalletEnv, WalletI18nContext } from './env.js'
import { Icon, type IconName } from './icons.js'
import { ActivityPage } from './pages/Activity.js'
import { GrantsPage } from './pages/Grants.js'
import { InboxPage } from './pages/Inbox.js'
import { SandboxPage } from './pages/Sandbox.js'
import { SettingsPage } from './pages/Settings.js'
import {
  type AutoDecide,
  effectiveTheme,
  saveAutoDecide,
  saveLocale,
  saveThemePref,
  type ThemePref,
} from './prefs.js'
import { RunnerPanel, useRunner } from './Runner.js'
import { type WalletKey, type WalletLocale, walletTranslator } from './strings.js'
import { useSlotWords, WorkbenchSlot } from './WorkbenchSlot.js'

type Tab = 'apps' | 'activity' | 'grants' | 'inbox' | 'settings' | 'workbench'
const TABS: ReadonlyArray<{ tab: Tab; icon: IconName; label: WalletKey }> = [
  { tab: 'apps', icon: 'apps', label: 'tabApps' },
  { tab: 'activity', icon: 'activity', label: 'tabActivity' },
  { tab: 'grants', icon: 'link', label: 'tabGrants' },
  { tab: 'inbox', icon: 'bell', label: 'tabInbox' },
  { tab: 'settings', icon: 'settings', label: 'tabSettings' },
]

/** The phone's tab for the workbench (only when it is on); its label is the slot's word. */
const WORKBENCH_TAB = {
  tab: 'workbench',
  icon: 'flask',
  label: 'sandboxTitle',
} as const satisfies (typeof TABS)[number]

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** What the root starts with (read before the first render). */
export interface WalletAppProps {
  env: WalletEnv
  sheets: SheetUi
  initial: { themePref: ThemePref; locale: WalletLocale; auto: AutoDecide }
  /** The auto-decide switch the sheets' wrapper reads. */
  autoRef: { current: AutoDecide }
  /** The developer workbench, when config.json turned it on (its accounts are the wallet's). */
  workbench?: Workbench
}

/** The wallet's accounts: the env's, or the workbench's test accounts followed live (create, import). */
function useAddresses(env: WalletEnv, workbench: Workbench | undefined): readonly string[] {
  const [addresses, setAddresses] = useState(() => workbench?.accounts.list() ?? env.addresses)
  useEffect(() => {
    if (!workbench) return
    const update = () =>
      setAddresses((old) => {
        const next = workbench.accounts.list()
        return next.length === old.length && next.every((a, i) => a === old[i]) ? old : next
      })
    update()
    return workbench.accounts.subscribe(update)
  }, [workbench])
  return addresses
}

/** The demo wallet. */
export function WalletApp(props: WalletAppProps): JSX.Element {
  const addresses = useAddresses(props.env, props.workbench)
  const env = useMemo(() => ({ ...props.env, addresses }), [props.env, addresses])
  return (
    <EnvContext.Provider value={env}>
      <Shell {...props} env={env} />
    </EnvContext.Provider>
  )
}

function Shell({ env, sheets, initial, autoRef, workbench }: WalletAppProps): JSX.Element {
  const { host, wallet, addresses } = env
  const [themePref, setThemePref] = useState(initial.themePref)
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches)
  const [locale, setLocale] = useState(initial.locale)
  const [auto, setAuto] = useState(initial.auto)
  const [tab, setTab] = useState<Tab>('apps')
  const [account, setAccount] = useState(wallet?.account ?? addresses[0])
  const [status, setStatus] = useState<CatalogStatus>({ kind: 'loading' })
  const [manifests, setManifests] = useState<ReadonlyMap<string, Manifest>>(new Map())
  const [version, setVersion] = useState(0)
  const theme = effectiveTheme(themePref, systemDark)
  const i18n = useMemo(() => ({ locale, t: walletTranslator(locale) }), [locale])
  const t = i18n.t

  // The system's scheme, followed live while the user has not picked one.
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY)
    const onChange = () => setSystemDark(query.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])

  // One theme for the page, the sheets and every app (themeChanged).
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    host.setTheme(theme)
    sheets.setTheme(theme)
  }, [theme])

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = t('walletName')
    sheets.setLocale(locale)
  }, [locale])

  const runner = useRunner((text) => setStatus({ kind: 'text', text }), t)
  const running = runner.view.phase !== 'idle'
  const openAppId = runner.view.phase === 'idle' ? undefined : runner.view.appId
  const [drawer, setDrawer] = useState(false)
  const slotWords = useSlotWords()
  useEffect(() => {
    if (!running) setDrawer(false)
  }, [running])
  useEffect(() => {
    if (!running) setVersion((v) => v + 1)
  }, [running])

  function pickTheme(pref: ThemePref): void {
    saveThemePref(pref)
    setThemePref(pref)
  }
  function pickLocale(next: WalletLocale): void {
    saveLocale(next)
    setLocale(next)
  }
  function pickAuto(mode: AutoDecide): void {
    saveAutoDecide(mode)
    autoRef.current = mode
    setAuto(mode)
  }
  async function pickAccount(address: string): Promise<void> {
    // The host switches, and tells only the apps connected to the new account.
    await wallet?.setAccount(address)
    setAccount(wallet?.account ?? address)
    setVersion((v) => v + 1)
  }
  function onApps(apps: readonly Manifest[]): void {
    setManifests((known) => {
      const next = new Map(known)
      for (const app of apps) next.set(app.appId, app)
      return next
    })
  }

  const page = (name: Tab) => tab === name
  return (
    <WalletI18nContext.Provider value={i18n}>
      <ManifestsContext.Provider value={manifests}>
        <UiProvider theme={theme} locale={locale} class="wl-root">
          <div
            class="wl-shell"
            data-tab={tab}
            data-running={running}
            data-workbench={workbench ? (drawer ? 'drawer' : 'on') : undefined}
          >
            <div class="wl-phone">
              <header class="wl-bar">
                <span class="wl-logo" role="img" aria-label={t('walletName')}>
                  <Icon name="wallet" size={18} />
                </span>
                <select
                  id="account"
                  class="wl-select"
                  aria-label={t('account')}
                  value={account}
                  onChange={(event) => void pickAccount((event.target as HTMLSelectElement).value)}
                >
                  <AccountOptions addresses={addresses} />
                </select>
                <Button
                  id="language"
                  variant="ghost"
                  class="wl-iconbtn"
                  aria-label={`${t('language')}: ${locale === 'en' ? '简体中文' : 'English'}`}
                  onClick={() => pickLocale(locale === 'en' ? 'zh-CN' : 'en')}
                >
                  <Icon name="globe" size={18} />
                  <span aria-hidden="true">{locale === 'en' ? 'EN' : 'ZH'}</span>
                </Button>
                <Button
                  id="theme"
                  variant="ghost"
                  class="wl-iconbtn"
                  aria-pressed={theme === 'dark'}
                  aria-label={theme === 'dark' ? t('themeToLight') : t('themeToDark')}
                  onClick={() => pickTheme(theme === 'dark' ? 'light' : 'dark')}
                >
                  <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
                </Button>
              </header>
              <div hidden={running} style={{ display: 'contents' }}>
                <Catalog
                  status={status}
                  onStatus={setStatus}
                  onApps={onApps}
                  onOpen={(appId) => void runner.open(appId)}
                  onFirstLoad={() => {
                    document.documentElement.dataset.walletReady = 'true'
                  }}
                />
              </div>
              <RunnerPanel
                runner={runner}
                {...(workbench
                  ? {
                      workbench: {
                        open: drawer,
                        label: drawer ? slotWords.close : slotWords.open,
                        toggle: () => setDrawer(!drawer),
                      },
                    }
                  : {})}
              />
              <nav class="wl-tabs" aria-label={t('walletName')}>
                {(workbench ? [...TABS, WORKBENCH_TAB] : TABS).map((item) => (
                  <Button
                    key={item.tab}
                    variant="ghost"
                    class="wl-tab"
                    aria-current={page(item.tab) ? 'page' : undefined}
                    onClick={() => setTab(item.tab)}
                  >
                    <Icon name={item.icon} />
                    {item.tab === 'workbench' ? slotWords.workbench : t(item.label)}
                  </Button>
                ))}
              </nav>
            </div>
            <div class="wl-side">
              {workbench && (
                <WorkbenchSlot
                  workbench={workbench}
                  appId={openAppId}
                  drawer={drawer}
                  onCloseDrawer={() => setDrawer(false)}
                />
              )}
              <GrantsPage account={account} current={page('grants')} version={version} />
              <ActivityPage current={page('activity')} version={version} />
              <InboxPage account={account} current={page('inbox')} />
              <SettingsPage
                current={page('settings')}
                account={account}
                onAccount={(address) => void pickAccount(address)}
                themePref={themePref}
                onThemePref={pickTheme}
                locale={locale}
                onLocale={pickLocale}
              />
              <SandboxPage current={page('settings')} auto={auto} onAuto={pickAuto} />
            </div>
          </div>
        </UiProvider>
      </ManifestsContext.Provider>
    </WalletI18nContext.Provider>
  )
}
