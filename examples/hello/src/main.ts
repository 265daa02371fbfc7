// The smallest mini-program: connect, show what the host says, follow its theme.
import { type AppContext, close, on, ready } from '@chainless/js-sdk'

const status = document.getElementById('status')!
const list = document.getElementById('context')!
const closeButton = document.getElementById('close') as HTMLButtonElement

let account = ''

function show(context: AppContext): void {
  const rows: [string, string][] = [
    ['Account', account || context.launchParams.account || '(none)'],
    ['App', `${context.app.name} (${context.app.appId}) ${context.app.version}`],
    ['Origin', context.app.origin],
    ['Host', `${context.host.name} ${context.host.version} on ${context.host.platform}`],
    ['Locale', context.locale],
    ['Theme', context.theme],
    ['Safe area', Object.values(context.safeAreaInsets).join(' ')],
    ['Launch params', JSON.stringify(context.launchParams)],
  ]
  list.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt')
      dt.textContent = term
      const dd = document.createElement('dd')
      dd.textContent = value
      dd.dataset.field = term.toLowerCase().replace(/\s+/g, '-')
      return [dt, dd]
    }),
  )
  document.documentElement.dataset.theme = context.theme
}

ready()
  .then((connected) => {
    let context = connected
    status.textContent = 'Connected'
    status.dataset.state = 'ready'
    show(context)
    on('themeChanged', (theme) => {
      context = { ...context, theme }
      show(context)
    })
    on('accountsChanged', (accounts) => {
      account = accounts[0] ?? ''
      show(context)
    })
    closeButton.hidden = false
    closeButton.onclick = () => void close()
  })
  .catch((error: { code?: number; message?: string }) => {
    status.textContent = `Not inside a Chainless wallet (${error.code}: ${error.message})`
    status.dataset.state = 'error'
  })
