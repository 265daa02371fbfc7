// Settings: the test accounts (switch), the network, appearance (system / light / dark) and language.
import { AddressView, Button } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { Section, Segmented } from '../controls.js'
import { useEnv, useT } from '../env.js'
import { Icon } from '../icons.js'
import type { ThemePref } from '../prefs.js'
import { WALLET_LOCALES, type WalletLocale } from '../strings.js'

/** Props of {@link SettingsPage}. */
export interface SettingsPageProps {
  current: boolean
  account: string | undefined
  onAccount: (address: string) => void
  themePref: ThemePref
  onThemePref: (pref: ThemePref) => void
  locale: WalletLocale
  onLocale: (locale: WalletLocale) => void
}

/** The settings page. */
export function SettingsPage(props: SettingsPageProps): JSX.Element {
  const { addresses, config, wallet } = useEnv()
  const t = useT()
  const chain = wallet?.chain
  return (
    <Section
      page="settings"
      title={t('settingsTitle')}
      icon={<Icon name="settings" />}
      current={props.current}
    >
      <h3 class="wl-h3">{t('accountsTitle')}</h3>
      <ul id="accounts" class="wl-rows" aria-label={t('accountsTitle')}>
        {addresses.map((address, index) => {
          const active = address.toLowerCase() === props.account?.toLowerCase()
          return (
            <li key={address} data-address={address} aria-current={active ? 'true' : undefined}>
              <span class="wl-row-main">
                <span class="wl-row-title">{t('accountN', { n: index })}</span>
                <span class="wl-row-sub">
                  <AddressView address={address} />
                </span>
              </span>
              {active ? (
                <span class="wl-chip">
                  <span class="wl-dot" data-state="ready" aria-hidden="true" />
                  {t('current')}
                </span>
              ) : (
                <Button
                  variant="secondary"
                  aria-label={`${t('use')} ${t('accountN', { n: index })}`}
                  onClick={() => props.onAccount(address)}
                >
                  {t('use')}
                </Button>
              )}
            </li>
          )
        })}
      </ul>
      <h3 class="wl-h3">{t('networkTitle')}</h3>
      <dl class="wl-dl" id="network">
        <dt>{t('networkTitle')}</dt>
        <dd>{chain?.name ?? 'Chainless Dev'}</dd>
        <dt>{t('chainId')}</dt>
        <dd class="wl-mono">
          {config.chainId} (0x{config.chainId.toString(16)})
        </dd>
        <dt>{t('rpc')}</dt>
        <dd class="wl-mono">{config.rpcUrl}</dd>
        <dt>{t('api')}</dt>
        <dd class="wl-mono">{config.apiUrl}</dd>
      </dl>
      <h3 class="wl-h3">{t('appearance')}</h3>
      <Segmented<ThemePref>
        label={t('appearance')}
        value={props.themePref}
        onChange={props.onThemePref}
        options={[
          { value: 'system', label: t('themeSystem') },
          { value: 'light', label: t('themeLight') },
          { value: 'dark', label: t('themeDark') },
        ]}
      />
      <h3 class="wl-h3">{t('language')}</h3>
      <Segmented<WalletLocale>
        label={t('language')}
        value={props.locale}
        onChange={props.onLocale}
        options={Object.entries(WALLET_LOCALES).map(([value, label]) => ({
          value: value as WalletLocale,
          label,
        }))}
      />
    </Section>
  )
}
