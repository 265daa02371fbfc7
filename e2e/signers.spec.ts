// The signing service from the sandbox sources (its package index export is pending).
import { createSigningService, type SigningService } from '@chainless/sandbox'
import { test as base, expect } from '@playwright/test'
import { getBytes, HDNodeWallet, Transaction, verifyMessage } from 'ethers'
import { bundle } from './support/bundle.js'
import { startSites } from './support/static-server.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const unsignedTx = Transaction.from({
  type: 2,
  chainId: 49569,
  nonce: 0,
  to: ACCOUNT1,
  value: 10n ** 15n,
  gasLimit: 21000,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
}).unsignedSerialized

type Site = Awaited<ReturnType<typeof startSites>>
const test = base.extend<object, { site: Site }>({
  site: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const script = await bundle(new URL('./pages/signer-page.ts', import.meta.url))
      const site = await startSites({
        'wallet.localhost': {
          '/': {
            type: 'text/html; charset=utf-8',
            body: '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><script type="module" src="/signer.js"></script></body></html>',
          },
          '/signer.js': { type: 'text/javascript; charset=utf-8', body: script },
        },
      })
      await use(site)
      await site.close()
    },
    { scope: 'worker' },
  ],
})

/** The native app, played by Node: holds the keys, answers by calling window.chainlessSignerReply(json). */
const root = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0")
const keys = new Map([root.deriveChild(0), root.deriveChild(1)].map((w) => [w.address, w]))

test.describe('WebViewSigner with a native side (exposeBinding)', () => {
  test('signs a message and a transaction; decline → 4001; silence → 4080', async ({ page, site }) => {
    const requests: Record<string, unknown>[] = []
    let mode: 'sign' | 'decline' | 'silent' = 'sign'
    // Android's JavaScript interface: ChainlessSigner.postMessage(json) → the binding.
    await page.exposeBinding('__native', async (_source, json: string) => {
      const m = JSON.parse(json) as {
        type: string
        id: string
        method: string
        params: Record<string, string>
      }
      requests.push(m)
      if (m.type !== 'chainless:signer-request' || mode === 'silent') return
      let body: Record<string, unknown>
      if (mode === 'decline') body = { error: { code: 4001, message: 'User declined in the app' } }
      else {
        const wallet = m.method === 'getAddresses' ? undefined : keys.get(m.params.address as string)
        if (m.method === 'getAddresses') body = { result: [...keys.keys()] }
        else if (!wallet) body = { error: { code: 4100, message: 'unknown account' } }
        else if (m.method === 'signMessage')
          body = { result: await wallet.signMessage(getBytes(m.params.message as string)) }
        else {
          const tx = Transaction.from(m.params.transaction as string)
          tx.signature = wallet.signingKey.sign(tx.unsignedHash)
          body = { result: tx.serialized }
        }
      }
      const reply = JSON.stringify({ type: 'chainless:signer-reply', id: m.id, ...body })
      // As native code does: evaluateJavascript in the main frame, after the bridge call returned.
      setTimeout(() => void page.evaluate((r) => window.chainlessSignerReply?.(r), reply).catch(() => {}), 10)
    })
    await page.addInitScript(() => {
      const w = window as unknown as { ChainlessSigner: unknown; __native(json: string): Promise<void> }
      w.ChainlessSigner = { postMessage: (json: string) => void w.__native(json) }
    })
    await page.goto(site.origin('wallet.localhost'))
    await expect(page).toHaveTitle('signer-ready')

    const addresses = await page.evaluate(() => window.run(new window.signers.WebViewSigner().getAddresses()))
    expect(addresses).toEqual({ ok: true, value: [ACCOUNT0, ACCOUNT1] })
    const signed = await page.evaluate(
      (a) =>
        window.run(new window.signers.WebViewSigner().signMessage({ address: a, message: '0x68656c6c6f' })),
      ACCOUNT1,
    )
    expect(signed.ok).toBe(true)
    expect(verifyMessage(getBytes('0x68656c6c6f'), (signed as { value: string }).value)).toBe(ACCOUNT1)
    const raw = await page.evaluate(
      ([a, t]) =>
        window.run(new window.signers.WebViewSigner().signTransaction({ address: a, transaction: t })),
      [ACCOUNT0, unsignedTx] as const,
    )
    expect(raw.ok).toBe(true)
    const tx = Transaction.from((raw as { value: string }).value)
    expect(tx.from).toBe(ACCOUNT0)
    expect(tx.unsignedSerialized).toBe(unsignedTx)

    mode = 'decline'
    const declined = await page.evaluate(
      (a) => window.run(new window.signers.WebViewSigner().signMessage({ address: a, message: '0x00' })),
      ACCOUNT0,
    )
    expect(declined).toMatchObject({ ok: false, code: 4001 })

    mode = 'silent'
    const before = requests.length
    const silent = await page.evaluate(
      (a) =>
        window.run(
          new window.signers.WebViewSigner({ timeoutMs: 300 }).signMessage({ address: a, message: '0x00' }),
        ),
      ACCOUNT0,
    )
    expect(silent).toMatchObject({ ok: false, code: 4080 })
    // The native side was told to dismiss its prompt.
    await expect
      .poll(() => requests.slice(before).map((r) => r.type))
      .toEqual(['chainless:signer-request', 'chainless:signer-cancel'])
    // Hooks cannot be replaced, and a forged reply for an unknown id is ignored.
    expect(
      await page.evaluate(() => {
        const w = window as unknown as { chainlessSignerReply: unknown }
        try {
          w.chainlessSignerReply = () => true
        } catch {}
        return window.chainlessSignerReply?.('{"type":"chainless:signer-reply","id":"x","result":1}')
      }),
    ).toBe(false)
  })
})

test.describe('passkey gate with Chromium’s virtual authenticator', () => {
  let service: SigningService
  let url: string
  let close: () => Promise<void>
  test.beforeAll(async ({ site }) => {
    service = createSigningService({
      origin: site.origin('wallet.localhost'),
      rpId: 'wallet.localhost',
      count: 2,
    })
    ;({ url, close } = await service.listen({ port: 0, host: '127.0.0.1' }))
  })
  test.afterAll(() => close())

  test('register, sign with user verification; UV failing → refused, nothing signed', async ({
    page,
    site,
  }) => {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    })
    await page.goto(site.origin('wallet.localhost'))
    await expect(page).toHaveTitle('signer-ready')

    const registered = await page.evaluate(
      ([u, a]) => window.run(window.signers.registerPasskey({ url: u, address: a })),
      [url, ACCOUNT0] as const,
    )
    expect(registered).toMatchObject({ ok: true })

    const sign = (message: string) =>
      page.evaluate(
        ([u, a, m]) => {
          const { RemoteSigner, passkeyGate } = window.signers
          const signer = new RemoteSigner({ url: u, userVerification: passkeyGate({ url: u }) })
          return window.run(signer.signMessage({ address: a, message: m }))
        },
        [url, ACCOUNT0, message] as const,
      )
    const ok = await sign('0x6869')
    expect(ok.ok).toBe(true)
    expect(verifyMessage(getBytes('0x6869'), (ok as { value: string }).value)).toBe(ACCOUNT0)
    const raw = await page.evaluate(
      ([u, a, t]) => {
        const { RemoteSigner, passkeyGate } = window.signers
        return window.run(
          new RemoteSigner({ url: u, userVerification: passkeyGate({ url: u }) }).signTransaction({
            address: a,
            transaction: t,
          }),
        )
      },
      [url, ACCOUNT0, unsignedTx] as const,
    )
    expect(Transaction.from((raw as { value: string }).value).from).toBe(ACCOUNT0)
    expect(service.signatureCount).toBe(2)

    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })
    const refused = await sign('0x6869')
    // Chromium refuses the ceremony when user verification is required and fails: the user is told no
    // (4001) and nothing reaches /sign. (The service's own refusal of an assertion without UV is unit-tested.)
    expect(refused).toMatchObject({ ok: false, code: 4001 })
    expect(service.signatureCount).toBe(2)

    // Without the gate, the service still refuses: every signature needs an assertion.
    const bare = await page.evaluate(
      ([u, a]) =>
        window.run(new window.signers.RemoteSigner({ url: u }).signMessage({ address: a, message: '0x00' })),
      [url, ACCOUNT0] as const,
    )
    expect(bare).toMatchObject({ ok: false, reason: 'user_verification_required' })
    expect(service.signatureCount).toBe(2)
  })
})
