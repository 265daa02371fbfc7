// The demo wallet: lists the catalog, opens a mini-program in the runtime host, closes it,
// switches test accounts and theme. Everything it knows comes from the sandbox's platform API.
import type { Manifest, Theme } from '@chainless/protocol'
import {
  type AppHandle,
  createRuntimeHost,
  type ManifestKeys,
  type VerifiedManifest,
} from '@chainless/runtime-host'

interface WalletConfig {
  apiUrl: string
  chainId: number
  rpcUrl: string
  accounts: string[]
  /** The platform's manifest-signing keys, pinned by the sandbox when it wrote this file. */
  manifestKeys: ManifestKeys
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const config: WalletConfig = await (await fetch('./config.json')).json()
let theme: Theme = 'light'
let account = config.accounts[0] ?? ''
let current: AppHandle | undefined

const host = createRuntimeHost({
  host: { name: 'Chainless demo wallet', version: '0.1.0', platform: 'web' },
  theme,
  manifestKeys: config.manifestKeys,
})

// Accounts
const accountSelect = $<HTMLSelectElement>('account')
for (const [index, address] of config.accounts.entries()) {
  accountSelect.append(new Option(`#${index} ${address.slice(0, 6)}…${address.slice(-4)}`, address))
}
accountSelect.onchange = () => {
  account = accountSelect.value
  // Only reaches an app the user shared the address with (`user:basic`): the host checks the grant.
  current?.send('accountsChanged', [account])
}

// Theme
const themeButton = $<HTMLButtonElement>('theme')
themeButton.onclick = () => {
  theme = theme === 'light' ? 'dark' : 'light'
  document.documentElement.dataset.theme = theme
  themeButton.setAttribute('aria-pressed', String(theme === 'dark'))
  themeButton.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme'
  host.setTheme(theme)
}

// Catalog
const catalog = $<HTMLUListElement>('catalog')
const status = $<HTMLParagraphElement>('catalog-status')
async function search(q: string): Promise<void> {
  status.textContent = 'Loading…'
  try {
    const response = await fetch(new URL(`/api/v1/apps?q=${encodeURIComponent(q)}`, config.apiUrl))
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const { apps } = (await response.json()) as { apps: Manifest[] }
    catalog.replaceChildren(...apps.map(renderApp))
    status.textContent = apps.length === 0 ? 'No mini-programs match.' : `${apps.length} mini-program(s)`
  } catch (error) {
    status.textContent = `Could not load the catalog: ${(error as Error).message}`
  }
}

function renderApp(app: Manifest): HTMLLIElement {
  const item = document.createElement('li')
  item.dataset.appId = app.appId
  const info = document.createElement('div')
  info.className = 'info'
  const name = document.createElement('div')
  name.className = 'name'
  name.textContent = app.name
  name.title = app.name
  const desc = document.createElement('div')
  desc.className = 'desc'
  desc.textContent = app.description ?? ''
  const origin = document.createElement('div')
  origin.className = 'origin'
  origin.textContent = app.origin
  info.append(name, desc, origin)
  item.append(info)
  if (app.status === 'delisted') {
    const badge = document.createElement('span')
    badge.className = 'badge'
    badge.textContent = 'Delisted'
    item.append(badge)
  }
  const open = document.createElement('button')
  open.type = 'button'
  open.textContent = 'Open'
  open.setAttribute('aria-label', `Open ${app.name.slice(0, 100)}`)
  open.disabled = app.status === 'delisted'
  open.onclick = () => void openApp(app.appId)
  item.append(open)
  return item
}

let searchTimer: ReturnType<typeof setTimeout> | undefined
$<HTMLInputElement>('search').oninput = (event) => {
  clearTimeout(searchTimer)
  const q = (event.target as HTMLInputElement).value
  searchTimer = setTimeout(() => void search(q), 150)
}
$<HTMLFormElement>('search-form').onsubmit = (event) => {
  event.preventDefault()
  void search($<HTMLInputElement>('search').value)
}

// Running an app
const launcher = $<HTMLElement>('launcher')
const runner = $<HTMLElement>('runner')
const back = $<HTMLButtonElement>('back')
const stateLabel = $<HTMLSpanElement>('app-state')

async function openApp(appId: string): Promise<void> {
  current?.close()
  status.textContent = 'Opening…'
  let manifest: VerifiedManifest
  try {
    // Verified against the pinned keys: the only kind of manifest the host mounts.
    manifest = await host.loadManifest({ apiUrl: config.apiUrl, appId })
  } catch (error) {
    status.textContent = `Could not open ${appId}: ${(error as Error).message}`
    return
  }
  status.textContent = ''
  launcher.hidden = true
  runner.hidden = false
  $<HTMLElement>('app-title').textContent = manifest.name
  let app: AppHandle
  try {
    // First use: the security notice comes before the app runs.
    // No address here: launch params reach the app without consent.
    app = await host.open(manifest, $<HTMLDivElement>('app-container'), {
      launchParams: { apiUrl: config.apiUrl, chainId: String(config.chainId) },
    })
  } catch (error) {
    showLauncher()
    status.textContent = `Did not open ${manifest.name.slice(0, 100)}: ${(error as Error).message}`
    return
  }
  current = app
  stateLabel.textContent = app.state
  app.on('state', (state) => {
    stateLabel.textContent = state
    // Only reaches an app the user shared the address with (the host checks the grant).
    if (state === 'connected') app.send('accountsChanged', [account])
  })
  app.on('backButton', ({ visible }) => {
    back.hidden = !visible
  })
  app.on('close', () => {
    if (current === app) current = undefined
    showLauncher()
  })
}

function showLauncher(): void {
  back.hidden = true
  runner.hidden = true
  launcher.hidden = false
}

back.onclick = () => {
  if (current && !current.pressBackButton()) current.close()
}
$<HTMLButtonElement>('close-app').onclick = () => current?.close()
$<HTMLButtonElement>('app-info').onclick = () => void current?.showInfo()
document.addEventListener('visibilitychange', () =>
  current?.setVisible(document.visibilityState === 'visible'),
)

await search('')
document.documentElement.dataset.walletReady = 'true'
