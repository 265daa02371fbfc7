// The demo wallet: lists the catalog, opens a mini-program in the runtime host, closes it, switches
// test accounts and theme, and is the wallet apps sign and send through: keys from the sandbox's
// public test mnemonic, broadcast through the platform API, sponsored apps through its forwarder.
import { CHAINLESS_DEV_CHAIN, type Manifest, type Theme } from '@chainless/protocol'
import {
  type AppHandle,
  createRuntimeHost,
  LocalKeySigner,
  type ManifestKeys,
  persistedGrantStore,
  type VerifiedManifest,
} from '@chainless/runtime-host'

/** What the sandbox writes to `config.json` (see the sandbox's `demoWalletConfig`). */
interface WalletConfig {
  apiUrl: string
  chainId: number
  rpcUrl: string
  accounts: string[]
  /** The public test mnemonic (never a real wallet's). */
  mnemonic?: string
  /** The platform's manifest-signing keys, pinned by the sandbox when it wrote this file. */
  manifestKeys: ManifestKeys
  /** The ERC-2771 forwarder that relays sponsored apps' requests. */
  forwarder?: { address: string; name: string; version: string }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const config: WalletConfig = await (await fetch('./config.json')).json()
// The well-known development phrase the sandbox funds; an older sandbox's config does not name it.
const mnemonic = config.mnemonic ?? 'test test test test test test test test test test test junk'
let theme: Theme = 'light'
let current: AppHandle | undefined

const signer = LocalKeySigner.fromMnemonic(mnemonic, { count: 10 })
const host = createRuntimeHost({
  host: { name: 'Chainless demo wallet', version: '0.1.0', platform: 'web' },
  theme,
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
// Always there when `wallet` is given; a host built without wallet support still runs the catalog.
const wallet = host.wallet
// Transactions signed or sent before a reload: re-sent if never accepted, polled to their final state
// (apps still learn it: the host sends txStatus when they are open).
void wallet?.resume().catch((error: Error) => console.warn('resume:', error.message))

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`

// Accounts: the host switches, and tells only the apps connected to the new account.
const accountSelect = $<HTMLSelectElement>('account')
for (const [index, address] of (await signer.getAddresses()).entries()) {
  accountSelect.append(new Option(`#${index} ${short(address)}`, address))
}
accountSelect.value = wallet?.account ?? accountSelect.value
accountSelect.onchange = () => {
  notificationsAt = 0 // the new account's notifications at once
  void Promise.resolve(wallet?.setAccount(accountSelect.value)).then(refreshPanels)
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

// Connected apps (this account's connections) and activity (this wallet's transactions).
const connectionsList = $<HTMLUListElement>('connections')
const activityList = $<HTMLUListElement>('activity')

async function refreshConnections(): Promise<void> {
  if (!wallet) return
  const connections = await wallet.connections(wallet.account)
  connectionsList.replaceChildren(
    ...connections.map((connection) => {
      const item = document.createElement('li')
      item.dataset.appId = connection.appId
      const label = document.createElement('span')
      label.textContent = `${connection.appId} — ${connection.scopes.join(', ')}`
      const disconnect = document.createElement('button')
      disconnect.type = 'button'
      disconnect.textContent = 'Disconnect'
      disconnect.setAttribute('aria-label', `Disconnect ${connection.appId}`)
      disconnect.onclick = () =>
        void Promise.resolve(wallet.disconnect(connection.appId, connection.account)).then(refreshPanels)
      item.append(label, disconnect)
      return item
    }),
  )
  $<HTMLElement>('connections-empty').hidden = connections.length > 0
}

async function refreshActivity(): Promise<void> {
  if (!wallet) return
  const records = (await wallet.transactions()).sort((a, b) => b.createdAt - a.createdAt).slice(0, 20)
  activityList.replaceChildren(
    ...records.map((record) => {
      const item = document.createElement('li')
      item.dataset.hash = record.hash
      item.dataset.state = record.state
      item.textContent = `${record.appId} ${short(record.hash)} ${record.state}${record.relay ? ' (sponsored)' : ''}`
      item.title = record.hash
      return item
    }),
  )
  $<HTMLElement>('activity-empty').hidden = records.length > 0
}

// Notifications: the messages apps sent this account through the platform (GET /api/v1/wallet/messages
// with the wallet's session). Loaded once the user asks (signing the wallet in is their intent), then
// with the other panels.
interface WalletMessage {
  id: string
  appName: string
  title: string
  body: string
  url?: string
  createdAt: string
}
const notificationsList = $<HTMLUListElement>('notifications')
const notificationsStatus = $<HTMLElement>('notifications-status')
let notificationsWanted = false

async function refreshNotifications(): Promise<void> {
  if (!wallet || !notificationsWanted) return
  try {
    const token = await wallet.signIn()
    const response = await fetch(new URL('/api/v1/wallet/messages', config.apiUrl), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const { messages } = (await response.json()) as { messages: WalletMessage[] }
    notificationsList.replaceChildren(
      ...messages.slice(0, 100).map((message) => {
        const item = document.createElement('li')
        item.dataset.messageId = message.id
        const title = document.createElement('strong')
        title.textContent = `${message.appName}: ${message.title}`
        const body = document.createElement('p')
        body.textContent = message.body
        const time = document.createElement('time')
        time.dateTime = message.createdAt
        time.textContent = new Date(message.createdAt).toLocaleString()
        item.append(title, body, time)
        // only http(s) links, opened apart from the wallet
        if (message.url && /^https?:\/\//.test(message.url)) {
          const link = document.createElement('a')
          link.href = message.url
          link.target = '_blank'
          link.rel = 'noopener noreferrer'
          link.textContent = 'Open'
          item.append(' ', link)
        }
        return item
      }),
    )
    notificationsStatus.textContent = messages.length ? '' : 'No notifications.'
  } catch (error) {
    notificationsStatus.textContent = `Notifications unavailable (${(error as Error).message})`
  }
}
$<HTMLButtonElement>('notifications-load').onclick = () => {
  notificationsWanted = true
  $<HTMLButtonElement>('notifications-load').hidden = true
  notificationsStatus.textContent = 'Loading…'
  void refreshNotifications()
}

let refreshing = false
let notificationsAt = 0
async function refreshPanels(): Promise<void> {
  if (refreshing) return
  refreshing = true
  try {
    await Promise.all([refreshConnections(), refreshActivity()])
    // the platform is asked every 10 s at most, not with the 1 s poll of the local lists
    if (Date.now() - notificationsAt >= 10_000) {
      notificationsAt = Date.now()
      await refreshNotifications()
    }
  } catch (error) {
    console.warn('wallet panels:', (error as Error).message)
  } finally {
    refreshing = false
  }
}
// The records live in IndexedDB and change under the host's tracker: a light poll keeps the lists live.
setInterval(() => {
  if (document.visibilityState === 'visible') void refreshPanels()
}, 1000)

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
  if (app.sponsored) {
    const badge = document.createElement('span')
    badge.className = 'badge'
    badge.textContent = 'Fees sponsored'
    item.append(badge)
  }
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
    // No address here: an app learns it through eth_requestAccounts and the user's consent.
    app = await host.open(manifest, $<HTMLDivElement>('app-container'), {
      launchParams: { apiUrl: config.apiUrl, chainId: String(config.chainId) },
    })
  } catch (error) {
    showLauncher()
    status.textContent = `Did not open ${manifest.name.slice(0, 100)}: ${(error as Error).message}`
    return
  }
  current = app
  runner.dataset.appId = appId
  stateLabel.textContent = app.state
  app.on('state', (state) => {
    stateLabel.textContent = state
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
  void refreshPanels()
}

back.onclick = () => {
  if (current && !current.pressBackButton()) current.close()
}
$<HTMLButtonElement>('close-app').onclick = () => current?.close()
$<HTMLButtonElement>('app-info').onclick = () => void current?.showInfo()
document.addEventListener('visibilitychange', () =>
  current?.setVisible(document.visibilityState === 'visible'),
)

await Promise.all([search(''), refreshPanels()])
document.documentElement.dataset.walletReady = 'true'
