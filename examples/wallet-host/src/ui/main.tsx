// Starts the demo wallet: reads the sandbox's config.json, builds the runtime host with its wallet
// (keys from the sandbox's public test mnemonic, broadcast through the platform API, sponsored apps
// through its forwarder) and renders the wallet's UI on @chainless/ui-kit. With `workbench: true` in
// config.json the developer workbench is loaded first (a separate chunk): its test accounts sign and
// its devtools inspect the bridge; without it none of the workbench's code is fetched.
import { CHAINLESS_DEV_CHAIN } from '@chainless/protocol'
import {
  createRuntimeHost,
  LocalKeySigner,
  persistedGrantStore,
  type RuntimeHost,
} from '@chainless/runtime-host'
import { addLocale, Button, ErrorState, UiProvider } from '@chainless/ui-kit'
import { createSheetUi } from '@chainless/ui-kit/adapter'
import { zhCN } from '@chainless/ui-kit/locales/zh-CN'
import { render } from 'preact'
import { WalletApp } from './App.js'
import { type AccountPreset, autoDecide } from './auto-decide.js'
import type { WalletConfig, WalletEnv } from './env.js'
import { effectiveTheme, loadAutoDecide, loadLocale, loadThemePref } from './prefs.js'
import { walletTranslator } from './strings.js'
import { installWalletCss } from './styles.js'

/**
 * Mounts the wallet in `root`. Rejects only when the page cannot start at all (it then shows why).
 *
 * @example
 * ```ts
 * await startWallet(document.getElementById('wallet')!)
 * ```
 */
export async function startWallet(root: HTMLElement): Promise<void> {
  installWalletCss()
  addLocale('zh-CN', zhCN)
  const themePref = loadThemePref()
  const locale = loadLocale()
  const theme = effectiveTheme(themePref, window.matchMedia('(prefers-color-scheme: dark)').matches)
  // Before anything renders: no light flash on a dark system.
  document.documentElement.dataset.theme = theme
  document.documentElement.lang = locale

  let config: WalletConfig
  try {
    const response = await fetch('./config.json')
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`)
    config = (await response.json()) as WalletConfig
  } catch (error) {
    const t = walletTranslator(locale)
    render(
      <UiProvider theme={theme} locale={locale} class="wl-root">
        <ErrorState
          title={t('walletName')}
          description={(error as Error).message}
          action={<Button onClick={() => location.reload()}>{t('retry')}</Button>}
        />
      </UiProvider>,
      root,
    )
    throw error
  }

  // The well-known development phrase the sandbox funds; an older sandbox's config does not name it.
  const mnemonic = config.mnemonic ?? 'test test test test test test test test test test test junk'
  // Opt-in only: a wallet whose config does not say `workbench: true` never imports the chunk.
  const workbench =
    config.workbench === true
      ? await import('../workbench/index.js')
          .then((module) => module.createWorkbench({ config, mnemonic }))
          .catch((error: Error) => {
            // The wallet still works without its tools: say why they are missing, and go on.
            console.error('workbench:', error)
            return undefined
          })
      : undefined
  const signer = workbench?.accounts ?? LocalKeySigner.fromMnemonic(mnemonic, { count: 10 })
  const autoRef = { current: loadAutoDecide() }
  const sheets = createSheetUi({ theme, locale, locales: { 'zh-CN': zhCN } })
  const host: RuntimeHost = createRuntimeHost({
    host: { name: 'Chainless demo wallet', version: '0.1.0', platform: 'web' },
    theme,
    locale,
    // The workbench's per-account presets (reject-all, read-only) come before the tester's switch.
    ui: autoDecide(
      sheets,
      () => autoRef.current,
      (): AccountPreset => workbench?.accounts.preset(host.wallet?.account ?? '') ?? 'normal',
    ),
    ...(workbench ? { inspector: workbench.devtools.inspector } : {}),
    // The security notice's "Report this app" opens the sandbox's report form for that app.
    reportUrl: (manifest) => `${config.apiUrl}/report?appId=${encodeURIComponent(manifest.appId)}`,
    manifestKeys: config.manifestKeys,
    // Grants per app and account survive a reload of the wallet (IndexedDB).
    grants: await persistedGrantStore(),
    wallet: {
      signer,
      apiUrl: config.apiUrl,
      chains: [
        {
          ...CHAINLESS_DEV_CHAIN,
          chainId: config.chainId,
          ...(config.forwarder ? { forwarder: config.forwarder } : {}),
        },
      ],
    },
  })
  // Transactions signed or sent before a reload: re-sent if never accepted, polled to their final
  // state (apps still learn it: the host sends txStatus when they are open).
  void host.wallet?.resume().catch((error: Error) => console.warn('resume:', error.message))
  const addresses = await signer.getAddresses()
  const env: WalletEnv = { config, host, wallet: host.wallet, addresses }
  workbench?.attach(env)
  render(
    <WalletApp
      env={env}
      {...(workbench ? { workbench } : {})}
      sheets={sheets}
      autoRef={autoRef}
      initial={{ themePref, locale, auto: autoRef.current }}
    />,
    root,
  )
}
