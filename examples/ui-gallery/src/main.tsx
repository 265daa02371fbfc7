import type { Theme } from '@chainless/protocol'
import {
  AddressView,
  AmountView,
  Badge,
  Button,
  Cell,
  EmptyState,
  ErrorState,
  List,
  SafeText,
  Spinner,
  Toast,
  UiProvider,
} from '@chainless/ui-kit'
import { createSheetUi } from '@chainless/ui-kit/adapter'
import { zhCN } from '@chainless/ui-kit/locales/zh-CN'
import { render } from 'preact'
import { useState } from 'preact/hooks'
import {
  ADDRESS,
  batch,
  hostileManifest,
  manifest,
  paymentNative,
  paymentToken,
  sponsoredTransaction,
  TOKEN,
  transaction,
  typedData,
} from '../../../packages/ui-kit/src/fixtures.js'

const params = new URLSearchParams(location.search)
let sheetTheme = (params.get('theme') as Theme | null) ?? 'light'
let sheetLocale = params.get('locale') ?? 'en'
// The gallery shows Chinese too: the sheets' adapter adds it, and so the components' provider has it.
const ui = createSheetUi({ theme: sheetTheme, locale: sheetLocale, locales: { 'zh-CN': zhCN } })

/** What each "open" button asks the adapter. */
const SHEETS = {
  consent: () => ui.consent({ manifest, scopes: ['user:basic', 'tx:sign', 'asset:read'] }),
  'consent-sensitive': () => ui.consent({ manifest, scopes: ['user:basic', 'user:phone', 'user:email'] }),
  'consent-account': () =>
    ui.consent({
      manifest,
      scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'],
      account: ADDRESS,
    }),
  'sign-message': () =>
    ui.signMessage({
      manifest,
      address: ADDRESS,
      message: 'Sign in to Hello Swap\n\nURI: http://hello.localhost:8090\nNonce: 8f2c1a',
    }),
  'sign-hex': () => ui.signMessage({ manifest, address: ADDRESS, message: '0xdeadbeef0001ff' }),
  'sign-typed': () => ui.signTypedData({ manifest, address: ADDRESS, typedData }),
  transaction: () => ui.transaction(transaction),
  'transaction-sponsored': () => ui.transaction(sponsoredTransaction),
  'payment-native': () => ui.transaction(paymentNative),
  'payment-token': () => ui.transaction(paymentToken),
  batch: () => ui.transaction(batch),
  'security-notice': () => ui.securityNotice({ manifest, reportUrl: 'https://chainless.example/report' }),
  'app-info': () => ui.appInfo({ manifest, grants: ['user:basic', 'user:phone', 'tx:sign'] }),
  hostile: () => ui.securityNotice({ manifest: hostileManifest, reportUrl: 'javascript:alert(1)' }),
  'hostile-app-info': () => ui.appInfo({ manifest: hostileManifest, grants: ['user:basic'] }),
} as const

function Controls() {
  const [out, setOut] = useState('')
  const open = async (name: keyof typeof SHEETS) => {
    setOut('pending')
    try {
      setOut(JSON.stringify({ sheet: name, ok: await SHEETS[name]() }))
    } catch (e) {
      const err = e as { code?: number; message?: string }
      setOut(JSON.stringify({ sheet: name, error: { code: err.code, message: err.message } }))
    }
  }
  return (
    <header class="g-head">
      <h1>@chainless/ui-kit gallery</h1>
      <label>
        Sheet theme
        <select
          id="sheet-theme"
          value={sheetTheme}
          onChange={(e) => {
            sheetTheme = (e.currentTarget as HTMLSelectElement).value as Theme
            ui.setTheme(sheetTheme)
          }}
        >
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <label>
        Sheet language
        <select
          id="sheet-locale"
          value={sheetLocale}
          onChange={(e) => {
            sheetLocale = (e.currentTarget as HTMLSelectElement).value
            ui.setLocale(sheetLocale)
          }}
        >
          <option value="en">English</option>
          <option value="zh-CN">中文</option>
        </select>
      </label>
      <fieldset class="g-sheets">
        <legend>Open a sheet</legend>
        {Object.keys(SHEETS).map((name) => (
          <button
            type="button"
            id={`open-${name}`}
            key={name}
            onClick={() => open(name as keyof typeof SHEETS)}
          >
            {name}
          </button>
        ))}
      </fieldset>
      <output id="decision" class="g-out" aria-live="polite">
        {out}
      </output>
    </header>
  )
}

function Panel({ theme, locale }: { theme: Theme; locale: string }) {
  const [toast, setToast] = useState(false)
  const [loading, setLoading] = useState(false)
  return (
    <UiProvider theme={theme} locale={locale} class="g-panel-root">
      <section class="g-panel" aria-label={`${theme} ${locale}`} data-panel={`${theme}-${locale}`}>
        <h2>
          {theme} · {locale}
        </h2>
        <h3>Button</h3>
        <div class="g-row">
          <Button variant="primary">Primary</Button>
          <Button>Secondary</Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="danger">Danger</Button>
          <Button loading={loading} onClick={() => setLoading(true)}>
            Load
          </Button>
          <Button disabled>Disabled</Button>
        </div>
        <h3>Badge · Spinner · Toast</h3>
        <div class="g-row">
          <Badge>neutral</Badge>
          <Badge tone="info">info</Badge>
          <Badge tone="success">A</Badge>
          <Badge tone="warning">C</Badge>
          <Badge tone="danger">D</Badge>
          <Spinner />
          <Button onClick={() => setToast(true)}>Toast</Button>
          <Toast open={toast} onClose={() => setToast(false)}>
            Copied
          </Toast>
        </div>
        <h3>List · Cell</h3>
        <List label="Account">
          <Cell title="Wallet" subtitle={<AddressView address={ADDRESS} />} />
          <Cell
            title="Balance"
            value={
              <AmountView
                value="1234500000000000000"
                decimals={18}
                symbol="DW20"
                fiat={{ value: 4321.5, currency: 'USD' }}
              />
            }
          />
          <Cell title="Settings" value="›" onClick={() => {}} />
        </List>
        <h3>AddressView</h3>
        <AddressView address={TOKEN} full />
        <AddressView address="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe" />
        <AddressView address={`${ADDRESS.slice(0, 8)}\u200B${ADDRESS.slice(8)}`} />
        <h3>Hostile text</h3>
        <div>
          <SafeText text={hostileManifest.name} max={60} />
        </div>
        <h3>Empty · Error</h3>
        <EmptyState />
        <ErrorState description="The platform did not answer." onRetry={() => {}} />
      </section>
    </UiProvider>
  )
}

function Gallery() {
  return (
    <>
      <Controls />
      <main class="g-grid">
        <Panel theme="light" locale="en" />
        <Panel theme="dark" locale="en" />
        <Panel theme="light" locale="zh-CN" />
        <Panel theme="dark" locale="zh-CN" />
      </main>
    </>
  )
}

render(<Gallery />, document.getElementById('app')!)
