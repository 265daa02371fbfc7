import { TimeoutError, type TypedData, UserRejectedError } from '@chainless/protocol'
import { getAddress } from 'ethers'
import { SignerError } from './errors.js'
import type { Signer } from './signer.js'
import {
  checkResult,
  parseReply,
  type WebViewMethod,
  type WebViewSignerCancel,
  type WebViewSignerRequest,
} from './webview-protocol.js'

/** Where requests go: a named native bridge, or a function (tests, custom shells). */
export type WebViewTarget =
  | 'ios'
  | 'android'
  | 'react-native'
  | ((message: WebViewSignerRequest | WebViewSignerCancel) => void)

/** Options of {@link WebViewSigner}. */
export interface WebViewSignerOptions {
  /** How long the native side has to answer one request (the user reads and confirms in it). Default 120 000 ms. */
  timeoutMs?: number
  /** Default: the first bridge present, in the order iOS, Android, React Native. */
  target?: WebViewTarget
  /** The window the native side talks to. Default `globalThis`. */
  window?: object
}

interface Pending {
  method: WebViewMethod
  resolve(value: unknown): void
  reject(error: Error): void
}

/** One reply hook per window, shared by every WebViewSigner (and every copy of this module). */
interface Dispatcher {
  pending: Map<string, Pending>
}

const DISPATCHER = Symbol.for('chainless.webviewSigner.dispatcher')
/** The global the native side calls with each reply (a JSON string). */
export const REPLY_FUNCTION = 'chainlessSignerReply'

function dispatcherFor(win: object): Dispatcher {
  const w = win as Record<PropertyKey, unknown>
  const existing = w[DISPATCHER] as Dispatcher | undefined
  if (existing) return existing
  const dispatcher: Dispatcher = { pending: new Map() }
  const reply = (json: unknown): boolean => {
    const parsed = parseReply(json)
    const entry = parsed.id === undefined ? undefined : dispatcher.pending.get(parsed.id)
    // Unknown ids (never sent, already settled, timed out) are ignored: a late answer changes nothing.
    if (!entry || parsed.id === undefined) return false
    dispatcher.pending.delete(parsed.id)
    if (!parsed.ok) {
      entry.reject(
        new SignerError('invalid_reply', 'Malformed reply from the native signer', {
          details: parsed.reason,
        }),
      )
    } else if ('error' in parsed) {
      entry.reject(nativeError(parsed.error))
    } else {
      const value = checkResult(entry.method, parsed.result)
      if (value === undefined)
        entry.reject(
          new SignerError(
            'invalid_reply',
            `Native signer sent a result that is not a ${entry.method} result`,
          ),
        )
      else entry.resolve(value)
    }
    return true
  }
  try {
    Object.defineProperty(w, DISPATCHER, {
      value: dispatcher,
      configurable: false,
      writable: false,
      enumerable: false,
    })
    // Non-writable: once installed, no later script swaps the hook to read or forge replies.
    Object.defineProperty(w, REPLY_FUNCTION, {
      value: reply,
      configurable: false,
      writable: false,
      enumerable: false,
    })
  } catch (e) {
    throw new SignerError('reply_hook_taken', `window.${REPLY_FUNCTION} is already defined by someone else`, {
      cause: e,
    })
  }
  return dispatcher
}

function nativeError(error: { code: number; message: string }): Error {
  const details = error.message.slice(0, 200)
  if (error.code === 4001) return new UserRejectedError('User rejected the request', undefined, { details })
  if (error.code === 4080) return new TimeoutError('Native signer timed out', undefined, { details })
  return new SignerError('native_error', `Native signer failed (${error.code})`, { details })
}

function randomId(): string {
  // getRandomValues works outside secure contexts too (a WebView on a LAN address); randomUUID does not.
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

type Poster = (message: WebViewSignerRequest | WebViewSignerCancel) => void

/** The bridge for `target` in `win`, looked up at each call (native shells may inject it late). */
function posterFor(win: object, target: WebViewTarget | undefined): Poster | undefined {
  if (typeof target === 'function') return target
  const w = win as {
    webkit?: { messageHandlers?: { chainlessSigner?: { postMessage(m: unknown): void } } }
    ChainlessSigner?: { postMessage(json: string): void }
    ReactNativeWebView?: { postMessage(json: string): void }
  }
  const ios = w.webkit?.messageHandlers?.chainlessSigner
  const android = w.ChainlessSigner
  const rn = w.ReactNativeWebView
  if ((target === undefined || target === 'ios') && typeof ios?.postMessage === 'function')
    return (m) => ios.postMessage(m)
  if ((target === undefined || target === 'android') && typeof android?.postMessage === 'function')
    return (m) => android.postMessage(JSON.stringify(m))
  if ((target === undefined || target === 'react-native') && typeof rn?.postMessage === 'function')
    return (m) => rn.postMessage(JSON.stringify(m))
  return undefined
}

/**
 * A {@link Signer} for a wallet host running inside a native app's WebView: each call goes to the native
 * app (`webkit.messageHandlers.chainlessSigner`, Android's `ChainlessSigner` interface, React Native's
 * `ReactNativeWebView`), which holds the keys, asks its user and answers by calling
 * `window.chainlessSignerReply(json)`. The contract is in docs/SIGNERS.md.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ manifestKeys, wallet: { signer: new WebViewSigner(), apiUrl, chains } })
 * ```
 */
export class WebViewSigner implements Signer {
  readonly #timeoutMs: number
  readonly #target: WebViewTarget | undefined
  readonly #window: object

  constructor(options: WebViewSignerOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 120_000
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new SignerError('invalid_options', 'timeoutMs must be a positive number')
    this.#timeoutMs = timeoutMs
    this.#target = options.target
    this.#window = options.window ?? globalThis
    dispatcherFor(this.#window)
  }

  async getAddresses(): Promise<readonly string[]> {
    return (await this.#call('getAddresses', {}, undefined)) as readonly string[]
  }

  async signMessage(request: { address: string; message: string; signal?: AbortSignal }): Promise<string> {
    return (await this.#call(
      'signMessage',
      { address: checksum(request.address), message: request.message },
      request.signal,
    )) as string
  }

  async signTypedData(request: {
    address: string
    typedData: TypedData
    signal?: AbortSignal
  }): Promise<string> {
    return (await this.#call(
      'signTypedData',
      { address: checksum(request.address), typedData: request.typedData },
      request.signal,
    )) as string
  }

  async signTransaction(request: {
    address: string
    transaction: string
    signal?: AbortSignal
  }): Promise<string> {
    return (await this.#call(
      'signTransaction',
      { address: checksum(request.address), transaction: request.transaction },
      request.signal,
    )) as string
  }

  toJSON(): { kind: 'webview' } {
    return { kind: 'webview' }
  }

  #call(
    method: WebViewMethod,
    params: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const post = posterFor(this.#window, this.#target)
    if (!post)
      return Promise.reject(new SignerError('no_native_bridge', 'No native signer bridge in this WebView'))
    if (signal?.aborted) return Promise.reject(new SignerError('aborted', 'Signing aborted'))
    const { pending } = dispatcherFor(this.#window)
    const id = randomId()
    return new Promise((resolve, reject) => {
      const cancel = (reason: 'timeout' | 'aborted', error: Error) => {
        if (!pending.delete(id)) return
        settle()
        reject(error)
        try {
          post({ type: 'chainless:signer-cancel', v: 1, id, reason })
        } catch {
          // The request already failed; a bridge that cannot take the cancel changes nothing.
        }
      }
      const timer = setTimeout(
        () =>
          cancel(
            'timeout',
            new TimeoutError('Native signer did not answer in time', { timeoutMs: this.#timeoutMs }),
          ),
        this.#timeoutMs,
      )
      const onAbort = () => cancel('aborted', new SignerError('aborted', 'Signing aborted'))
      const settle = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      pending.set(id, {
        method,
        resolve: (v) => {
          settle()
          resolve(v)
        },
        reject: (e) => {
          settle()
          reject(e)
        },
      })
      try {
        post({ type: 'chainless:signer-request', v: 1, id, method, params })
      } catch (e) {
        pending.delete(id)
        settle()
        reject(
          new SignerError('native_unavailable', 'The native signer bridge refused the request', { cause: e }),
        )
      }
    })
  }
}

function checksum(address: string): string {
  try {
    return getAddress(address)
  } catch {
    throw new SignerError('invalid_address', 'Invalid address', { details: String(address).slice(0, 64) })
  }
}
