import { TimeoutError, UserRejectedError } from '@chainless/protocol'
import { getBytes, Transaction, verifyMessage } from 'ethers'
import { describe, expect, it, vi } from 'vitest'
import { SignerError } from './errors.js'
import { LocalKeySigner } from './local-key.js'
import { WebViewSigner } from './webview.js'
import type { WebViewSignerCancel, WebViewSignerRequest } from './webview-protocol.js'

const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const keys = LocalKeySigner.fromMnemonic('test test test test test test test test test test test junk', {
  count: 2,
})
type Win = Record<string, unknown> & { chainlessSignerReply?: (json: unknown) => boolean }
type Msg = WebViewSignerRequest | WebViewSignerCancel

/** A native side that answers from a LocalKeySigner, or as `behave` says. */
function nativeApp(win: Win, behave: (m: WebViewSignerRequest) => unknown | 'silent' = () => undefined) {
  const seen: Msg[] = []
  const answer = async (m: Msg) => {
    seen.push(m)
    if (m.type !== 'chainless:signer-request') return
    const custom = behave(m)
    if (custom === 'silent') return
    const reply = (body: object) =>
      win.chainlessSignerReply?.(JSON.stringify({ type: 'chainless:signer-reply', id: m.id, ...body }))
    if (custom !== undefined) return reply(custom as object)
    const p = m.params as { address: string; message: string; typedData: never; transaction: string }
    const result =
      m.method === 'getAddresses'
        ? await keys.getAddresses()
        : m.method === 'signMessage'
          ? await keys.signMessage(p)
          : m.method === 'signTypedData'
            ? await keys.signTypedData(p)
            : await keys.signTransaction(p)
    reply({ result })
  }
  return { seen, answer }
}

const unsignedTx = Transaction.from({
  type: 2,
  chainId: 49569,
  nonce: 0,
  to: ACCOUNT1,
  value: 1n,
  gasLimit: 21000,
  maxFeePerGas: 2n,
  maxPriorityFeePerGas: 1n,
}).unsignedSerialized

describe('WebViewSigner', () => {
  it('iOS: posts the request object to webkit.messageHandlers.chainlessSigner and takes the reply', async () => {
    const win: Win = {}
    const native = nativeApp(win)
    win.webkit = { messageHandlers: { chainlessSigner: { postMessage: (m: Msg) => void native.answer(m) } } }
    const signer = new WebViewSigner({ window: win })
    expect(await signer.getAddresses()).toEqual([ACCOUNT0, ACCOUNT1])
    const sig = await signer.signMessage({ address: ACCOUNT0, message: '0x6869' })
    expect(verifyMessage(getBytes('0x6869'), sig)).toBe(ACCOUNT0)
    expect(native.seen[1]).toMatchObject({
      type: 'chainless:signer-request',
      v: 1,
      method: 'signMessage',
      params: { address: ACCOUNT0, message: '0x6869' },
    })
    expect(native.seen[0]?.id).not.toBe(native.seen[1]?.id)
  })

  it('Android and React Native: post JSON strings', async () => {
    for (const name of ['ChainlessSigner', 'ReactNativeWebView']) {
      const win: Win = {}
      const native = nativeApp(win)
      win[name] = { postMessage: (json: string) => void native.answer(JSON.parse(json) as Msg) }
      const signer = new WebViewSigner({ window: win })
      const raw = await signer.signTransaction({ address: ACCOUNT1, transaction: unsignedTx })
      expect(Transaction.from(raw).from).toBe(ACCOUNT1)
    }
  })

  it('native decline → UserRejectedError 4001; native failure → SignerError; 4080 → TimeoutError', async () => {
    const win: Win = {}
    let error = { code: 4001, message: 'User declined' }
    const native = nativeApp(win, () => ({ error }))
    const signer = new WebViewSigner({ window: win, target: (m) => void native.answer(m) })
    const e = await signer.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)
    expect(e).toBeInstanceOf(UserRejectedError)
    expect(e.code).toBe(4001)
    error = { code: 4080, message: 'prompt timed out' }
    expect(await signer.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)).toBeInstanceOf(
      TimeoutError,
    )
    error = { code: -32603, message: 'keychain locked' }
    const f = await signer.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)
    expect(f).toBeInstanceOf(SignerError)
    expect(f.reason).toBe('native_error')
  })

  it('no answer → TimeoutError 4080 and a cancel message; a late answer is ignored', async () => {
    vi.useFakeTimers()
    try {
      const win: Win = {}
      const native = nativeApp(win, () => 'silent')
      const signer = new WebViewSigner({ window: win, timeoutMs: 1000, target: (m) => void native.answer(m) })
      const p = signer.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)
      await vi.advanceTimersByTimeAsync(1001)
      const e = await p
      expect(e).toBeInstanceOf(TimeoutError)
      expect(e.code).toBe(4080)
      const request = native.seen[0] as WebViewSignerRequest
      expect(native.seen[1]).toEqual({
        type: 'chainless:signer-cancel',
        v: 1,
        id: request.id,
        reason: 'timeout',
      })
      const late = JSON.stringify({
        type: 'chainless:signer-reply',
        id: request.id,
        result: `0x${'11'.repeat(65)}`,
      })
      expect(win.chainlessSignerReply?.(late)).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('an abort cancels the native prompt', async () => {
    const win: Win = {}
    const native = nativeApp(win, () => 'silent')
    const signer = new WebViewSigner({ window: win, target: (m) => void native.answer(m) })
    const c = new AbortController()
    const p = signer.signMessage({ address: ACCOUNT0, message: '0x00', signal: c.signal }).catch((x) => x)
    c.abort()
    expect(((await p) as SignerError).reason).toBe('aborted')
    expect(native.seen[1]).toMatchObject({ type: 'chainless:signer-cancel', reason: 'aborted' })
  })

  it('wrong result types for the method → SignerError invalid_reply; unknown ids and junk → ignored', async () => {
    const win: Win = {}
    const results: unknown[] = [
      '0x1234',
      ['0xnope'],
      [ACCOUNT0.replace('f39F', 'F39f')],
      42,
      { signature: `0x${'11'.repeat(65)}` },
    ]
    let next: unknown
    const native = nativeApp(win, () => ({ result: next }))
    const signer = new WebViewSigner({ window: win, target: (m) => void native.answer(m) })
    for (const r of results) {
      next = r
      const e = await signer.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)
      expect(e, JSON.stringify(r)).toBeInstanceOf(SignerError)
      expect(e.reason).toBe('invalid_reply')
      const g = await signer.getAddresses().catch((x) => x)
      expect(g).toBeInstanceOf(SignerError)
    }
    // A reply with both result and error, or extra keys, for a pending id → invalid_reply.
    const both = nativeApp(win, (m) => ({
      result: `0x${'11'.repeat(65)}`,
      error: { code: 4001, message: 'x' },
      id: m.id,
    }))
    const s2 = new WebViewSigner({ window: win, target: (m) => void both.answer(m) })
    expect(
      ((await s2.signMessage({ address: ACCOUNT0, message: '0x00' }).catch((x) => x)) as SignerError).reason,
    ).toBe('invalid_reply')
    for (const junk of [
      undefined,
      1,
      '{',
      '[]',
      '{"type":"chainless:signer-reply","id":"nope","result":1}',
      { id: 'x' },
    ])
      expect(win.chainlessSignerReply?.(junk)).toBe(false)
  })

  it('one reply hook per window, not writable; no bridge → SignerError', async () => {
    const win: Win = {}
    const a = new WebViewSigner({ window: win })
    new WebViewSigner({ window: win })
    const hook = win.chainlessSignerReply
    expect(() => {
      win.chainlessSignerReply = () => true
    }).toThrow()
    expect(win.chainlessSignerReply).toBe(hook)
    expect(((await a.getAddresses().catch((x) => x)) as SignerError).reason).toBe('no_native_bridge')
    const taken = { chainlessSignerReply: () => true }
    Object.freeze(taken)
    expect(() => new WebViewSigner({ window: taken })).toThrow(SignerError)
    const throwing = new WebViewSigner({
      window: {},
      target: () => {
        throw new Error('bridge gone')
      },
    })
    expect(((await throwing.getAddresses().catch((x) => x)) as SignerError).reason).toBe('native_unavailable')
  })

  it('checks the address before asking the native side', async () => {
    const seen: Msg[] = []
    const signer = new WebViewSigner({ window: {}, target: (m) => void seen.push(m) })
    const bad = ACCOUNT0.replace('f39F', 'F39f')
    expect(
      ((await signer.signMessage({ address: bad, message: '0x00' }).catch((x) => x)) as SignerError).reason,
    ).toBe('invalid_address')
    expect(seen).toEqual([])
  })
})
