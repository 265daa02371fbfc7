// A dapp as a mini-program: the wallet's EIP-1193 provider under ethers, so ordinary web3 code runs
// unchanged. Connect, balances, sign and verify, CRC20 transfer, pay, CRC721, a call batch, and the
// live status of every transaction it sent. A sponsored twin (web3-sponsored) runs the same files.
import { on, ready } from '@chainless/js-sdk'
import { getProvider, onTxStatus, pay } from '@chainless/js-sdk/wallet'
import { BrowserProvider, Contract, formatUnits, Interface, parseUnits, verifyMessage } from 'ethers'

/** The standard contracts at the addresses every sandbox chain deploys them to (account 0, nonces 0–2). */
const CRC20 = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const CRC721 = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const erc20 = new Interface([
  'function balanceOf(address) view returns (uint256)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function symbol() view returns (string)',
])
const erc721 = new Interface([
  'function owner() view returns (address)',
  'function ownerOf(uint256) view returns (address)',
  'function balanceOf(address) view returns (uint256)',
  'function mint(address to) returns (uint256)',
  'function transferFrom(address from, address to, uint256 tokenId)',
])

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const value = (id: string) => $<HTMLInputElement>(id).value.trim()
const eip1193 = getProvider()
const provider = new BrowserProvider(eip1193, 'any')
let account = ''
let chainId = 0n

/** Shows an action's outcome; errors keep their EIP-1193 code for the user (and for tests). */
function report(id: string, text: string, code?: number): void {
  const out = $(id)
  out.textContent = text
  if (code === undefined) delete out.dataset.code
  else out.dataset.code = String(code)
}

function errorOf(error: unknown): { code?: number; message: string } {
  // ethers wraps provider errors: the wallet's own code is on `error` (or `info.error`).
  const e = error as { code?: unknown; message?: string; error?: { code?: number; message?: string } }
  const inner = e.error ?? (e as { info?: { error?: { code?: number; message?: string } } }).info?.error
  const code = typeof e.code === 'number' ? e.code : inner?.code
  return { ...(code === undefined ? {} : { code }), message: inner?.message ?? e.message ?? String(error) }
}

async function action(id: string, run: () => Promise<string>): Promise<void> {
  report(id, '…')
  try {
    report(id, await run())
  } catch (error) {
    const { code, message } = errorOf(error)
    report(id, `Error ${code ?? ''}: ${message}`, code ?? -1)
  }
}

// Transactions this app sent, with their live status (the wallet's txStatus events).
const txs = new Map<string, HTMLLIElement>()
function track(hash: string, label: string, status = 'pending'): void {
  let item = txs.get(hash.toLowerCase())
  if (!item) {
    item = document.createElement('li')
    item.dataset.hash = hash
    txs.set(hash.toLowerCase(), item)
    $('txs').prepend(item)
  }
  item.dataset.label = label
  setStatus(item, status)
}
function setStatus(item: HTMLLIElement, status: string): void {
  item.dataset.status = status
  item.textContent = `${item.dataset.label} ${item.dataset.hash!.slice(0, 10)}… ${status}`
}
onTxStatus(({ hash, status }) => {
  const item = txs.get(hash.toLowerCase())
  if (item) setStatus(item, status)
  if (status !== 'pending') void refresh()
})

async function refresh(): Promise<void> {
  $('account').textContent = account || '—'
  $('connect').hidden = account !== ''
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-needs-account]'))
    button.disabled = account === ''
  if (!account) {
    for (const id of ['balance-native', 'balance-crc20', 'nft']) $(id).textContent = '—'
    return
  }
  try {
    const [native, token, nftOwner] = await Promise.all([
      provider.getBalance(account),
      new Contract(CRC20, erc20, provider).getFunction('balanceOf')(account) as Promise<bigint>,
      new Contract(CRC721, erc721, provider).getFunction('owner')() as Promise<string>,
    ])
    $('balance-native').textContent = `${formatUnits(native, 18)} DW20`
    $('balance-native').dataset.wei = native.toString()
    $('balance-crc20').textContent = `${formatUnits(token, 18)} CTC`
    $('balance-crc20').dataset.units = token.toString()
    // The standard CRC721 mints only for its owner (test account #0); others transfer what they hold.
    $('mint').hidden = nftOwner.toLowerCase() !== account.toLowerCase()
    $('nft').textContent = `owner of the collection: ${nftOwner}`
  } catch (error) {
    report('status', `Chain unavailable: ${errorOf(error).message}`)
  }
}

async function showFeePayer(): Promise<void> {
  const hexChain = `0x${chainId.toString(16)}`
  try {
    const caps = (await eip1193.request({
      method: 'wallet_getCapabilities',
      params: account ? [account, [hexChain]] : [],
    })) as Record<string, { sponsorship?: { supported?: boolean } } | undefined>
    const sponsored = caps[hexChain]?.sponsorship?.supported === true
    $('fees').textContent = sponsored ? 'Fees paid by the platform' : 'Fees paid by you (DW20)'
    $('fees').dataset.sponsored = String(sponsored)
  } catch (error) {
    $('fees').textContent = `Fees: unknown (${errorOf(error).message})`
  }
}

function useAccounts(accounts: readonly string[]): void {
  account = accounts[0] ?? ''
  void refresh()
  void showFeePayer()
}

$('connect').onclick = () =>
  void action('status', async () => {
    useAccounts((await eip1193.request({ method: 'eth_requestAccounts' })) as string[])
    return 'Connected'
  })

$('sign').onclick = () =>
  void action('sign-result', async () => {
    const message = value('message') || 'Hello from web3-demo'
    const signer = await provider.getSigner(account)
    const signature = await signer.signMessage(message)
    $('signature').textContent = signature
    // Anyone can check it: the signature recovers to the connected address.
    const recovered = verifyMessage(message, signature)
    const ok = recovered.toLowerCase() === account.toLowerCase()
    $('sign-result').dataset.verified = String(ok)
    return ok ? `Verified: signed by ${recovered}` : `NOT verified: recovers to ${recovered}`
  })

$('transfer').onclick = () =>
  void action('transfer-result', async () => {
    const signer = await provider.getSigner(account)
    const token = new Contract(CRC20, erc20, signer)
    const tx = await token.getFunction('transfer')(value('to'), parseUnits(value('amount') || '1', 18))
    track(tx.hash, 'CRC20 transfer')
    return `Sent ${tx.hash}`
  })

for (const [id, token] of [
  ['pay-native', undefined],
  ['pay-crc20', CRC20],
] as const) {
  $(id).onclick = () =>
    void action('pay-result', async () => {
      const amount = parseUnits(value('amount') || '1', 18).toString()
      // pay() resolves when the transaction is final; its hash arrives in the status list first.
      const result = await pay({ to: value('to'), amount, ...(token ? { token } : {}) }, { wait: false })
      track(result.hash, token ? 'Pay CTC' : 'Pay DW20', result.status)
      return `Paid: ${result.hash}`
    })
}

$('mint').onclick = () =>
  void action('nft-result', async () => {
    const signer = await provider.getSigner(account)
    const tx = await new Contract(CRC721, erc721, signer).getFunction('mint')(account)
    track(tx.hash, 'Mint CRC721')
    return `Minting: ${tx.hash}`
  })

$('nft-transfer').onclick = () =>
  void action('nft-result', async () => {
    const signer = await provider.getSigner(account)
    const id = BigInt(value('nft-id') || '0')
    const tx = await new Contract(CRC721, erc721, signer).getFunction('transferFrom')(
      account,
      value('to'),
      id,
    )
    track(tx.hash, `CRC721 #${id}`)
    return `Sent #${id}: ${tx.hash}`
  })

$('batch').onclick = () =>
  void action('batch-result', async () => {
    const units = parseUnits(value('amount') || '1', 18)
    const data = erc20.encodeFunctionData('transfer', [value('to'), units])
    // EIP-5792: two calls, one confirmation.
    const { id } = (await eip1193.request({
      method: 'wallet_sendCalls',
      params: [
        {
          version: '2.0.0',
          from: account,
          chainId: `0x${chainId.toString(16)}`,
          atomicRequired: false,
          calls: [
            { to: CRC20, data },
            { to: CRC20, data },
          ],
        },
      ],
    })) as { id: string }
    $('batch-result').dataset.id = id
    void pollBatch(id)
    return `Batch ${id} sent`
  })

async function pollBatch(id: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const result = (await eip1193.request({ method: 'wallet_getCallsStatus', params: [id] })) as {
      status: number
      receipts?: { transactionHash: string }[]
    }
    $('batch-result').dataset.status = String(result.status)
    $('batch-status').textContent = `status ${result.status}, ${result.receipts?.length ?? 0} receipt(s)`
    if (result.status >= 200) return void refresh()
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

$('refresh').onclick = () => void refresh()

ready()
  .then(async (context) => {
    document.documentElement.dataset.theme = context.theme
    on('themeChanged', (theme) => {
      document.documentElement.dataset.theme = theme
    })
    eip1193.on('accountsChanged', (accounts) => useAccounts(accounts as string[]))
    eip1193.on('chainChanged', (hex) => {
      chainId = BigInt(hex as string)
      $('chain').textContent = String(chainId)
    })
    chainId = BigInt((await eip1193.request({ method: 'eth_chainId' })) as string)
    $('chain').textContent = String(chainId)
    // Connected before (this account): no prompt; otherwise the Connect button asks.
    useAccounts((await eip1193.request({ method: 'eth_accounts' })) as string[])
    report('status', account ? 'Connected' : 'Not connected')
    document.documentElement.dataset.ready = 'true'
  })
  .catch((error: { code?: number; message?: string }) => {
    report('status', `Not inside a Chainless wallet (${error.code}: ${error.message})`, error.code)
  })
