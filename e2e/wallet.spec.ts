// The wallet end to end in Chromium against the real sandbox: the demo wallet (runtime host with a
// LocalKeySigner over the test mnemonic) and mini-programs on their own origins, every EIP-1193 method
// through the js-sdk provider, sheets decided with the real ui-kit buttons, the chain mining for real.
import { Interface, Transaction, TypedDataEncoder, verifyMessage, verifyTypedData } from 'ethers'
import {
  approve,
  broadcast,
  connect,
  events,
  expectNoSheet,
  openApp,
  openWallet,
  pay,
  reject,
  request,
  signTransaction,
  waitForTransaction,
} from './support/wallet-page.js'
import { expect, test } from './support/wallet-test.js'

test.describe.configure({ timeout: 90_000 })

const CRC20 = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
/** Test account #1: the recipient of the transfers below. */
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const erc20 = new Interface([
  'function transfer(address,uint256) returns (bool)',
  'function approve(address,uint256) returns (bool)',
  'function balanceOf(address) view returns (uint256)',
])
const hexOf = (n: bigint) => `0x${n.toString(16)}`
const DW20 = 10n ** 18n

test('web3-demo: connect shows the address; sign and verify with ethers on the provider', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'web3-demo')
  await expect(frame.locator('#account')).toHaveText('—')
  await frame.click('#connect')
  await approve(page)
  const account = wallet.sandbox.chain.accounts[0]!.address
  await expect(frame.locator('#account')).toHaveText(account)
  await expect(frame.locator('#balance-native')).toContainText('DW20')
  await expect(frame.locator('#fees')).toHaveAttribute('data-sponsored', 'false')
  // The wallet lists the connection, revocably.
  await expect(page.locator('#connections li[data-app-id="web3-demo"]')).toBeVisible()

  await frame.fill('#message', 'I am the demo')
  await frame.click('#sign')
  const shown = await approve(page)
  expect(shown).toContain('I am the demo')
  await expect(frame.locator('#sign-result')).toHaveAttribute('data-verified', 'true')

  // CRC20 transfer through ethers' Contract → eth_sendTransaction; the status list goes live.
  await frame.fill('#to', BOB)
  await frame.fill('#amount', '2')
  await frame.click('#transfer')
  await approve(page)
  await expect(frame.locator('#txs li').first()).toHaveAttribute('data-status', 'confirmed', {
    timeout: 30_000,
  })
  await expect(page.locator('#activity li[data-state="confirmed"]').first()).toBeVisible({ timeout: 10_000 })

  // Disconnect from the wallet: the app is told (accountsChanged []).
  await page.click('#connections li[data-app-id="web3-demo"] button')
  await expect(frame.locator('#account')).toHaveText('—')
})

test('web3-demo: pay, a sendCalls batch and a CRC721 mint from its buttons', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'web3-demo')
  await frame.click('#connect')
  await approve(page)
  await expect(frame.locator('#balance-crc20')).toContainText('CTC')
  await frame.fill('#to', BOB)
  await frame.fill('#amount', '1')

  await frame.click('#pay-native')
  await approve(page)
  await expect(frame.locator('#txs li[data-label="Pay DW20"]')).toHaveAttribute('data-status', 'confirmed', {
    timeout: 30_000,
  })
  await frame.click('#pay-crc20')
  await approve(page)
  await expect(frame.locator('#txs li[data-label="Pay CTC"]')).toHaveAttribute('data-status', 'confirmed', {
    timeout: 30_000,
  })

  await frame.click('#batch')
  await approve(page)
  await expect(frame.locator('#batch-result')).toHaveAttribute('data-status', '200', { timeout: 30_000 })
  await expect(frame.locator('#batch-status')).toContainText('2 receipt(s)')

  // Test account #0 owns the collection: it may mint.
  await expect(frame.locator('#mint')).toBeVisible()
  await frame.click('#mint')
  await approve(page)
  await expect(frame.locator('#txs li[data-label="Mint CRC721"]')).toHaveAttribute(
    'data-status',
    'confirmed',
    {
      timeout: 30_000,
    },
  )
})

test('account switch: an app connected to #0 hears [] on #1 and its address again on #0', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  const permissions = (await request(frame, 'wallet_getPermissions')) as { ok: true; result: unknown[] }
  expect(permissions.ok).toBe(true)
  expect(JSON.stringify(permissions.result)).toContain('eth_accounts')
  await page.selectOption('#account', BOB)
  await expect
    .poll(async () => (await request(frame, 'eth_accounts')) as unknown)
    .toEqual({ ok: true, result: [] })
  await expect(page.locator('#connections li')).toHaveCount(0)
  await page.selectOption('#account', account)
  await expect
    .poll(async () => (await request(frame, 'eth_accounts')) as unknown)
    .toEqual({ ok: true, result: [account] })
  const changes = (await events(frame)).filter((e) => e.event === 'accountsChanged').map((e) => e.data)
  expect(changes).toEqual(expect.arrayContaining([[], [account]]))
  await expect(page.locator('#connections li[data-app-id="dapp"]')).toBeVisible()
})

test('an unconnected app learns no address and may not sign or send (4100)', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  expect(await request(frame, 'eth_accounts')).toEqual({ ok: true, result: [] })
  for (const [method, params] of [
    ['personal_sign', ['0x68656c6c6f', BOB]],
    ['eth_sendTransaction', [{ from: BOB, to: BOB, value: '0x1' }]],
    ['eth_signTransaction', [{ from: BOB, to: BOB, value: '0x1' }]],
  ] as const) {
    expect(await request(frame, method, params), method).toMatchObject({ ok: false, code: 4100 })
  }
  expect(await pay(frame, { to: BOB, amount: '1' })).toMatchObject({ ok: false, code: 4100 })
  await expectNoSheet(page)
  const text = await frame.locator('body').innerText()
  expect(text).not.toContain(wallet.sandbox.chain.accounts[0]!.address)
})

test('an app that did not declare tx:sign gets 4100 even when connected', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'basic')
  const account = await connect(page, frame)
  expect(await request(frame, 'personal_sign', ['0x68656c6c6f', account])).toMatchObject({
    ok: false,
    code: 4100,
  })
  expect(await request(frame, 'eth_sendTransaction', [{ from: account, to: BOB }])).toMatchObject({
    ok: false,
    code: 4100,
  })
  await expectNoSheet(page)
})

test('reject → 4001 on every sheet kind, nothing signed or sent', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  // Consent
  let pending = request(frame, 'eth_requestAccounts')
  await reject(page)
  expect(await pending).toMatchObject({ ok: false, code: 4001 })
  expect(await request(frame, 'eth_accounts')).toEqual({ ok: true, result: [] })
  const account = await connect(page, frame)
  const nonce = await wallet.chain<string>('eth_getTransactionCount', [account, 'latest'])
  const cases: [string, () => Promise<unknown>][] = [
    ['personal_sign', () => request(frame, 'personal_sign', ['0x68656c6c6f', account])],
    [
      'eth_signTypedData_v4',
      () =>
        request(frame, 'eth_signTypedData_v4', [
          account,
          JSON.stringify(typedData(wallet.sandbox.chain.chainId)),
        ]),
    ],
    [
      'eth_signTransaction',
      () => request(frame, 'eth_signTransaction', [{ from: account, to: BOB, value: '0x1' }]),
    ],
    [
      'eth_sendTransaction',
      () => request(frame, 'eth_sendTransaction', [{ from: account, to: BOB, value: '0x1' }]),
    ],
    [
      'wallet_sendCalls',
      () =>
        request(frame, 'wallet_sendCalls', [
          {
            version: '2.0.0',
            from: account,
            chainId: hexOf(BigInt(wallet.sandbox.chain.chainId)),
            atomicRequired: false,
            calls: [
              { to: BOB, value: '0x1' },
              { to: BOB, value: '0x2' },
            ],
          },
        ]),
    ],
    ['pay', () => pay(frame, { to: BOB, amount: '1' })],
  ]
  for (const [name, run] of cases) {
    pending = run() as Promise<never>
    await reject(page)
    expect(await pending, name).toMatchObject({ ok: false, code: 4001 })
  }
  expect(await wallet.chain('eth_getTransactionCount', [account, 'latest'])).toBe(nonce)
})

function typedData(chainId: number) {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
      ],
      Mail: [
        { name: 'to', type: 'address' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    domain: { name: 'Demo', version: '1', chainId },
    message: { to: BOB, contents: 'Hello, Bob!' },
  }
}

test('personal_sign, eth_signTypedData_v4 and eth_signTransaction + broadcast', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)

  let pending = request(frame, 'personal_sign', ['0x48656c6c6f20776f726c64', account])
  expect(await approve(page)).toContain('Hello world')
  const signed = await pending
  expect(signed.ok).toBe(true)
  expect(verifyMessage('Hello world', (signed as { result: string }).result)).toBe(account)

  const data = typedData(wallet.sandbox.chain.chainId)
  pending = request(frame, 'eth_signTypedData_v4', [account, JSON.stringify(data)])
  expect(await approve(page)).toContain('Hello, Bob!')
  const typed = (await pending) as { ok: true; result: string }
  expect(typed.ok).toBe(true)
  const { EIP712Domain: _, ...types } = data.types
  expect(verifyTypedData(data.domain, types, data.message, typed.result)).toBe(account)
  expect(TypedDataEncoder.hash(data.domain, types, data.message)).toMatch(/^0x/)

  // The separate interfaces: sign now, broadcast later, wait for the status.
  const signing = signTransaction(frame, { from: account, to: BOB, value: hexOf(DW20 / 100n) })
  await approve(page)
  const raw = (await signing) as { ok: true; result: string }
  expect(raw.ok).toBe(true)
  const tx = Transaction.from(raw.result)
  expect(tx.from).toBe(account)
  expect(tx.to).toBe(BOB)
  expect(tx.chainId).toBe(BigInt(wallet.sandbox.chain.chainId))
  const sent = (await broadcast(frame, raw.result)) as { ok: true; result: string }
  expect(sent).toMatchObject({ ok: true })
  const hash = typeof sent.result === 'string' ? sent.result : (sent.result as { hash: string }).hash
  expect(hash).toBe(tx.hash)
  expect(await waitForTransaction(frame, hash)).toMatchObject({ ok: true, result: { status: 'confirmed' } })
})

test('eth_sendTransaction: txStatus pending then confirmed, with the receipt', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  const before = BigInt(await wallet.chain<string>('eth_getBalance', [BOB, 'latest']))
  const pending = request(frame, 'eth_sendTransaction', [{ from: account, to: BOB, value: hexOf(DW20) }])
  const shown = await approve(page)
  expect(shown).toContain('DW20')
  const sent = (await pending) as { ok: true; result: string }
  expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/)
  await expect
    .poll(async () =>
      (await events(frame))
        .filter((e) => e.event === 'txStatus')
        .map((e) => (e.data as { status: string }).status),
    )
    .toEqual(['pending', 'confirmed'])
  const confirmed = (await events(frame)).find(
    (e) => e.event === 'txStatus' && (e.data as { status: string }).status === 'confirmed',
  )!.data as { hash: string; receipt: { status: string } }
  expect(confirmed.hash).toBe(sent.result)
  expect(confirmed.receipt.status).toBe('0x1')
  expect(BigInt(await wallet.chain<string>('eth_getBalance', [BOB, 'latest'])) - before).toBe(DW20)
})

test('pay: native and CRC20 in one call each', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  await connect(page, frame)
  const native = BigInt(await wallet.chain<string>('eth_getBalance', [BOB, 'latest']))
  let pending = pay(frame, { to: BOB, amount: (3n * DW20).toString() })
  expect(await approve(page)).toContain('3')
  expect(await pending).toMatchObject({ ok: true, result: { status: 'confirmed' } })
  expect(BigInt(await wallet.chain<string>('eth_getBalance', [BOB, 'latest'])) - native).toBe(3n * DW20)

  const balanceOf = async () =>
    BigInt(
      await wallet.chain<string>('eth_call', [
        { to: CRC20, data: erc20.encodeFunctionData('balanceOf', [BOB]) },
        'latest',
      ]),
    )
  const tokens = await balanceOf()
  pending = pay(frame, { to: BOB, amount: (5n * DW20).toString(), token: CRC20 })
  expect(await approve(page)).toContain('CTC')
  expect(await pending).toMatchObject({ ok: true, result: { status: 'confirmed' } })
  expect((await balanceOf()) - tokens).toBe(5n * DW20)
})

test('wallet_sendCalls: two calls, one confirmation, wallet_getCallsStatus 200 with receipts', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  const caps = (await request(frame, 'wallet_getCapabilities', [account])) as {
    ok: true
    result: Record<string, unknown>
  }
  expect(caps.ok).toBe(true)
  const chainHex = hexOf(BigInt(wallet.sandbox.chain.chainId))
  expect(caps.result[chainHex]).toMatchObject({ sponsorship: { supported: false } })
  const data = erc20.encodeFunctionData('transfer', [BOB, DW20])
  const pending = request(frame, 'wallet_sendCalls', [
    {
      version: '2.0.0',
      from: account,
      chainId: chainHex,
      atomicRequired: false,
      calls: [
        { to: CRC20, data },
        { to: CRC20, data },
      ],
    },
  ])
  await approve(page)
  const sent = (await pending) as { ok: true; result: { id: string } }
  expect(sent.result.id).toBeTruthy()
  await expect
    .poll(
      async () =>
        ((await request(frame, 'wallet_getCallsStatus', [sent.result.id])) as { result: { status: number } })
          .result?.status,
      { timeout: 30_000 },
    )
    .toBe(200)
  const status = (await request(frame, 'wallet_getCallsStatus', [sent.result.id])) as {
    result: { receipts: { status: string }[] }
  }
  expect(status.result.receipts).toHaveLength(2)
  expect(status.result.receipts.every((r) => r.status === '0x1')).toBe(true)
})

test('chain: eth_chainId, switching to the current chain, and 4902 for a chain the wallet does not know', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const chainHex = hexOf(BigInt(wallet.sandbox.chain.chainId))
  expect(await request(frame, 'eth_chainId')).toEqual({ ok: true, result: chainHex })
  await connect(page, frame)
  expect(await request(frame, 'wallet_switchEthereumChain', [{ chainId: chainHex }])).toEqual({
    ok: true,
    result: null,
  })
  expect(await request(frame, 'wallet_switchEthereumChain', [{ chainId: '0x1' }])).toMatchObject({
    ok: false,
    code: 4902,
  })
  expect(await request(frame, 'eth_chainId')).toEqual({ ok: true, result: chainHex })
  expect(await request(frame, 'eth_blockNumber')).toMatchObject({ ok: true })
  expect(await request(frame, 'eth_coinbase')).toMatchObject({ ok: false, code: 4200 })
})

test('policy: an unlimited approval is a danger to acknowledge; a value above the maximum is refused (-32003)', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  const data = erc20.encodeFunctionData('approve', [BOB, 2n ** 256n - 1n])
  const pending = request(frame, 'eth_sendTransaction', [{ from: account, to: CRC20, data }])
  const dialog = page.locator('dialog[open]').last()
  await expect(dialog).toContainText('Danger')
  const confirm = dialog.getByRole('button', { name: 'Confirm' })
  // Not before the danger is acknowledged, however long the user waits.
  await page.waitForTimeout(700)
  await expect(confirm).toBeDisabled()
  await approve(page, { acknowledge: true })
  expect(await pending).toMatchObject({ ok: true })

  const nonce = await wallet.chain<string>('eth_getTransactionCount', [account, 'pending'])
  expect(
    await request(frame, 'eth_sendTransaction', [{ from: account, to: BOB, value: hexOf(11n * DW20) }]),
  ).toMatchObject({
    ok: false,
    code: -32003,
  })
  await expectNoSheet(page)
  expect(await wallet.chain('eth_getTransactionCount', [account, 'pending'])).toBe(nonce)
})

test('reload of the app mid-transaction: the reloaded app still learns the final status', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  let frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  await wallet.chain('miner_stop')
  try {
    const pending = request(frame, 'eth_sendTransaction', [{ from: account, to: BOB, value: '0x1' }])
    await approve(page)
    const { result: hash } = (await pending) as { ok: true; result: string }
    expect(await wallet.chain('eth_getTransactionReceipt', [hash])).toBeNull()
    await frame.evaluate(() => location.reload())
    frame = await waitForDapp(page, wallet.origin('dapp'))
    const waiting = waitForTransaction(frame, hash)
    await wallet.chain('miner_start')
    expect(await waiting).toMatchObject({ ok: true, result: { hash, status: 'confirmed' } })
  } finally {
    await wallet.chain('miner_start')
  }
})

test('reload of the wallet mid-transaction: resume tracks it to the end and the app learns it', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  let frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  await wallet.chain('miner_stop')
  try {
    const pending = request(frame, 'eth_sendTransaction', [{ from: account, to: BOB, value: '0x2' }])
    await approve(page)
    const { result: hash } = (await pending) as { ok: true; result: string }
    await page.reload()
    await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
    await expect(page.locator(`#activity li[data-hash="${hash}"]`)).toHaveAttribute('data-state', 'pending')
    await wallet.chain('miner_start')
    await expect(page.locator(`#activity li[data-hash="${hash}"]`)).toHaveAttribute(
      'data-state',
      'confirmed',
      {
        timeout: 30_000,
      },
    )
    frame = await openApp(page, wallet, 'dapp')
    expect(await waitForTransaction(frame, hash)).toMatchObject({ ok: true, result: { status: 'confirmed' } })
  } finally {
    await wallet.chain('miner_start')
  }
})

test('sponsored twin: a CRC20 transfer relayed, the user pays no DW20', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'web3-sponsored')
  await frame.click('#connect')
  await approve(page)
  const account = wallet.sandbox.chain.accounts[0]!.address
  await expect(frame.locator('#account')).toHaveText(account)
  await expect(frame.locator('#fees')).toHaveAttribute('data-sponsored', 'true')
  const before = await wallet.chain<string>('eth_getBalance', [account, 'latest'])
  await frame.fill('#to', BOB)
  await frame.fill('#amount', '4')
  await frame.click('#transfer')
  expect(await approve(page)).toMatch(/paid by the platform/i)
  await expect(frame.locator('#txs li').first()).toHaveAttribute('data-status', 'confirmed', {
    timeout: 30_000,
  })
  expect(await wallet.chain<string>('eth_getBalance', [account, 'latest'])).toBe(before)
  await expect(page.locator('#activity li').first()).toContainText('sponsored')
})

test('bad input: typed errors, no sheet, nothing signed or sent', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'dapp')
  const account = await connect(page, frame)
  const nonce = await wallet.chain<string>('eth_getTransactionCount', [account, 'pending'])
  const badChecksum = BOB.replace('C', 'c') // EIP-55: one case flipped
  const mistyped = JSON.stringify({
    ...typedData(wallet.sandbox.chain.chainId),
    message: { to: 'nobody', contents: 7 },
  })
  const notJson = '{nope'
  const cases: [string, string, unknown, number[]][] = [
    ['malformed tx', 'eth_sendTransaction', [{ from: account, to: '0x1234', value: 'ten' }], [-32602]],
    ['not a tx', 'eth_sendTransaction', ['0xdeadbeef'], [-32602]],
    [
      'wrong chain id',
      'eth_sendTransaction',
      [{ from: account, to: BOB, value: '0x1', chainId: '0x1' }],
      [4901, -32602],
    ],
    [
      'oversized data',
      'eth_sendTransaction',
      [{ from: account, to: BOB, data: `0x${'00'.repeat(300_000)}` }],
      [-32602, -32005],
    ],
    ['bad checksum', 'eth_sendTransaction', [{ from: account, to: badChecksum, value: '0x1' }], [-32602]],
    [
      'overflowing value',
      'eth_sendTransaction',
      [{ from: account, to: BOB, value: `0x1${'0'.repeat(64)}` }],
      [-32602],
    ],
    ['another from', 'eth_sendTransaction', [{ from: BOB, to: BOB, value: '0x1' }], [4100, -32602]],
    ['sign for another', 'personal_sign', ['0x68656c6c6f', BOB], [4100, -32602]],
    ['typed data not matching its types', 'eth_signTypedData_v4', [account, mistyped], [-32602]],
    ['typed data not JSON', 'eth_signTypedData_v4', [account, notJson], [-32602]],
    ['bad raw tx', 'eth_sendRawTransaction', ['0x02f8'], [-32602]],
    ['unknown method', 'eth_sign', [account, '0x00'], [4200]],
  ]
  for (const [name, method, params, codes] of cases) {
    const outcome = await request(frame, method, params)
    expect(outcome.ok, name).toBe(false)
    expect(codes, `${name}: ${JSON.stringify(outcome).slice(0, 300)}`).toContain(
      (outcome as { code: number }).code,
    )
  }
  expect(await pay(frame, { to: badChecksum, amount: '1' })).toMatchObject({ ok: false, code: -32602 })
  expect(await pay(frame, { to: BOB, amount: (2n ** 256n).toString() })).toMatchObject({
    ok: false,
    code: -32602,
  })
  await expectNoSheet(page)
  expect(await wallet.chain('eth_getTransactionCount', [account, 'pending'])).toBe(nonce)
})

async function waitForDapp(page: import('@playwright/test').Page, origin: string) {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(origin))
    if (frame) {
      try {
        await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, {
          timeout: 500,
        })
        return frame
      } catch {
        // the old document, or not ready yet
      }
    }
    await page.waitForTimeout(50)
  }
  throw new Error(`dapp at ${origin} not ready after reload`)
}
