// A traditional shop inside the wallet: the wallet proves who the user is, the shop's own back end
// redeems the one-time code (PKCE verifier from this page, client secret only on the server) and
// reads the user's phone for delivery. Tokens never reach this page.
import { on, ready } from '@chainless/js-sdk'
import { authorize } from '@chainless/js-sdk/auth'

const $ = (id: string) => document.getElementById(id)!
const status = $('status')
const loginButton = $('login') as HTMLButtonElement
const phoneButton = $('share-phone') as HTMLButtonElement
const errorBox = $('error')

/** What the shop's back end answers on login (`POST /api/login`). */
interface LoginAnswer {
  address: string
  phone?: string
  session: string
}

let backendUrl = ''
let session = ''

/** Shows an error with its code (4001 rejected, 4100 not allowed, `invalid_grant`…) for the user and the tests. */
function fail(error: unknown): void {
  const e = error as { code?: number | string; error?: string; message?: string }
  const code = String(e.code ?? e.error ?? 'error')
  errorBox.dataset.code = code
  errorBox.textContent = `${code}: ${e.message ?? e.error ?? String(error)}`
}

/** Asks the wallet for `scope`, then lets the back end redeem the code. */
async function login(scope: ('user:basic' | 'user:phone')[]): Promise<void> {
  errorBox.textContent = ''
  delete errorBox.dataset.code
  const { code, codeVerifier } = await authorize({ scope })
  const response = await fetch(`${backendUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier }),
  })
  const body = (await response.json()) as LoginAnswer | { error: string; error_description?: string }
  if (!response.ok || 'error' in body) {
    const failed = body as { error: string; error_description?: string }
    throw { code: failed.error, message: failed.error_description ?? failed.error }
  }
  session = body.session
  $('address').textContent = body.address
  $('phone').textContent = body.phone ?? '—'
  $('session').textContent = 'active'
  status.textContent = body.phone ? 'Logged in; delivery phone shared' : 'Logged in'
  status.dataset.state = 'logged-in'
  phoneButton.disabled = false
}

/** Asks the back end whether its tokens are still live (it introspects them at the platform). */
async function checkSession(): Promise<void> {
  if (!session) return
  const response = await fetch(`${backendUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session }),
  })
  const body = (await response.json()) as { active?: boolean }
  $('session').textContent = body.active ? 'active' : 'inactive'
}

async function main(): Promise<void> {
  // The sandbox tells the page where the shop's back end listens (8791 with `npm start`).
  backendUrl = ((await (await fetch('./config.json')).json()) as { backendUrl: string }).backendUrl
  const context = await ready()
  document.documentElement.dataset.theme = context.theme
  on('themeChanged', (theme) => {
    document.documentElement.dataset.theme = theme
  })
  // The user disconnected the shop in the wallet: its tokens are revoked at the platform.
  on('authRevoked', ({ scopes }) => {
    status.textContent = `Access revoked in the wallet (${scopes.join(', ')})`
    status.dataset.state = 'revoked'
    phoneButton.disabled = true
    void checkSession().catch(fail)
  })
  loginButton.disabled = false
  loginButton.onclick = () => void login(['user:basic']).catch(fail)
  // Incremental consent: user:basic is already granted, so the wallet asks for the phone only.
  phoneButton.onclick = () => void login(['user:basic', 'user:phone']).catch(fail)
  status.textContent = 'Ready'
  status.dataset.state = 'ready'
  document.documentElement.dataset.ready = 'true'
}

main().catch((error: { code?: number; message?: string }) => {
  status.textContent = `Not inside a Chainless wallet (${error.code}: ${error.message})`
  status.dataset.state = 'error'
})
