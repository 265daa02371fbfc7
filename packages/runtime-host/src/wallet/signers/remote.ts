import type { TypedData } from '@chainless/protocol'
import { getAddress, isHexString } from 'ethers'
import { SignerError } from './errors.js'
import { type HeadersOption, requestJson, trimUrl } from './http.js'
import type { PasskeyGate } from './passkey.js'
import type { SignKind } from './payload-hash.js'
import type { Signer } from './signer.js'

/** Options of {@link RemoteSigner}. */
export interface RemoteSignerOptions {
  /** Base URL of the signing service, e.g. `http://127.0.0.1:8790`. */
  url: string
  fetch?: typeof fetch
  /** Sent with every request (e.g. the wallet session's `authorization`). */
  headers?: HeadersOption
  /** Per HTTP request; past it → TimeoutError 4080. Default 60 000 ms. */
  timeoutMs?: number
  /** User verification before each signature (a passkey); its assertion goes with the sign request. */
  userVerification?: PasskeyGate
}

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/
const MAX_ADDRESSES = 1000

/**
 * A {@link Signer} that asks a signing service over HTTP: the keys (or key shares, for an MPC threshold
 * signer) never reach the wallet page. Protocol (docs/SIGNERS.md):
 * `GET {url}/addresses` → `{ addresses }`;
 * `POST {url}/sign { kind, address, payload, assertion? }` → `{ signature }` (transactions: `{ raw }`);
 * errors are `application/problem+json` with a `code`.
 *
 * @example
 * ```ts
 * const signer = new RemoteSigner({ url: 'http://127.0.0.1:8790', userVerification: passkeyGate({ url: 'http://127.0.0.1:8790' }) })
 * const [address] = await signer.getAddresses()
 * ```
 */
export class RemoteSigner implements Signer {
  readonly #url: string
  readonly #options: RemoteSignerOptions

  constructor(options: RemoteSignerOptions) {
    this.#url = trimUrl(options.url)
    const timeoutMs = options.timeoutMs ?? 60_000
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new SignerError('invalid_options', 'timeoutMs must be a positive number')
    this.#options = { ...options, timeoutMs }
  }

  /** The service's accounts (checksummed); an answer that is not a list of addresses is a SignerError. */
  async getAddresses(): Promise<readonly string[]> {
    const body = await requestJson(`${this.#url}/addresses`, { method: 'GET' }, this.#http(undefined))
    const list = body.addresses
    if (!Array.isArray(list) || list.length > MAX_ADDRESSES)
      throw new SignerError('invalid_response', 'Signing service sent no address list')
    return Object.freeze(list.map((a) => checksum(a)))
  }

  async signMessage(request: { address: string; message: string; signal?: AbortSignal }): Promise<string> {
    return this.#sign('message', request.address, request.message, request.signal)
  }

  async signTypedData(request: {
    address: string
    typedData: TypedData
    signal?: AbortSignal
  }): Promise<string> {
    return this.#sign('typedData', request.address, request.typedData, request.signal)
  }

  async signTransaction(request: {
    address: string
    transaction: string
    signal?: AbortSignal
  }): Promise<string> {
    return this.#sign('transaction', request.address, request.transaction, request.signal)
  }

  /** The plain form for logs: the service URL, never headers (they may carry a token). */
  toJSON(): { kind: 'remote'; url: string } {
    return { kind: 'remote', url: this.#url }
  }

  async #sign(
    kind: SignKind,
    address: string,
    payload: unknown,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const account = checksum(address)
    // The gate throws UserRejectedError (4001) when the user cancels: nothing is sent to /sign then.
    const assertion = await this.#options.userVerification?.verify({
      address: account,
      kind,
      payload,
      ...(signal ? { signal } : {}),
    })
    const body = await requestJson(
      `${this.#url}/sign`,
      { method: 'POST', body: { kind, address: account, payload, ...(assertion ? { assertion } : {}) } },
      this.#http(signal),
    )
    if (kind === 'transaction') {
      if (typeof body.raw !== 'string' || !isHexString(body.raw) || body.raw.length < 4)
        throw new SignerError('invalid_response', 'Signing service sent no raw transaction')
      return body.raw
    }
    if (typeof body.signature !== 'string' || !SIGNATURE.test(body.signature))
      throw new SignerError('invalid_response', 'Signing service sent no 65-byte signature')
    return body.signature
  }

  #http(signal: AbortSignal | undefined) {
    return {
      fetch: this.#options.fetch ?? globalThis.fetch.bind(globalThis),
      headers: this.#options.headers,
      timeoutMs: this.#options.timeoutMs ?? 60_000,
      signal,
    }
  }
}

function checksum(address: unknown): string {
  try {
    return getAddress(String(address))
  } catch {
    throw new SignerError('invalid_address', 'Invalid address', { details: String(address).slice(0, 64) })
  }
}
