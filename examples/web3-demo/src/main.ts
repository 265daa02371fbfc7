// Reads the chain through the platform's read-only RPC proxy (no chain library: two hex calls).
// Signing and broadcasting arrive with the wallet interfaces.
import { on, ready } from '@chainless/js-sdk'

const $ = (id: string) => document.getElementById(id)!
let account = ''
let rpcUrl = ''

async function rpc(method: string, params: unknown[]): Promise<string> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: string; error?: { message: string }; detail?: string }
  if (!response.ok || body.error)
    throw new Error(body.error?.message ?? body.detail ?? `HTTP ${response.status}`)
  return body.result ?? '0x0'
}

function formatEther(hex: string): string {
  const wei = BigInt(hex)
  const whole = wei / 10n ** 18n
  const fraction = (wei % 10n ** 18n).toString().padStart(18, '0').slice(0, 4)
  return `${whole}.${fraction} ETH`
}

async function refresh(): Promise<void> {
  $('account').textContent = account || '—'
  if (!rpcUrl) return
  try {
    const [block, balance] = await Promise.all([
      rpc('eth_blockNumber', []),
      account ? rpc('eth_getBalance', [account, 'latest']) : Promise.resolve('0x0'),
    ])
    $('block').textContent = String(BigInt(block))
    $('balance').textContent = formatEther(balance)
    $('status').textContent = 'Connected'
  } catch (error) {
    $('status').textContent = `Chain unavailable: ${(error as Error).message}`
  }
}

ready()
  .then((context) => {
    document.documentElement.dataset.theme = context.theme
    const { apiUrl, chainId } = context.launchParams
    account = context.launchParams.account ?? ''
    if (apiUrl && chainId) rpcUrl = `${apiUrl}/api/v1/rpc/${chainId}`
    $('chain').textContent = chainId ?? '—'
    on('accountsChanged', (accounts) => {
      account = accounts[0] ?? ''
      void refresh()
    })
    on('themeChanged', (theme) => {
      document.documentElement.dataset.theme = theme
    })
    $('refresh').onclick = () => void refresh()
    return refresh()
  })
  .catch((error: { code?: number; message?: string }) => {
    $('status').textContent = `Not inside a Chainless wallet (${error.code}: ${error.message})`
  })
