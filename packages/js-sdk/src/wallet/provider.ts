import { type BridgeError, DisconnectedError } from '@chainless/protocol'
import { type Connection, current, emit as emitTo, watchSessions } from '../bridge.js'
import { on } from '../events.js'
import { announce } from './eip6963.js'
import { walletRequest } from './rpc.js'
import { parseTxStatus } from './tx-status.js'
import { ADDRESS, invalid, isRecord, matches } from './validate.js'

/** An EIP-1193 request: a method name and its (positional) params. */
export interface RequestArguments {
  readonly method: string
  readonly params?: readonly unknown[] | object
}

/** Payload of the `connect` event (EIP-1193): the hex chain id the provider serves. */
export interface ProviderConnectInfo {
  readonly chainId: string
}

/**
 * Payload of the `message` event (EIP-1193). Chainless sends `{ type: 'txStatus', data: TxStatus }`
 * for each status change of a transaction the wallet sent for the app.
 */
export interface ProviderMessage {
  readonly type: string
  readonly data: unknown
}

/**
 * EIP-1193's `ProviderRpcError`: every error the provider rejects with or emits is a protocol
 * {@link BridgeError} (numeric `code`, `message`, `data`).
 */
export type ProviderRpcError = BridgeError

/** The events of {@link Eip1193Provider} and their payloads (EIP-1193). */
export interface ProviderEvents {
  accountsChanged: string[]
  chainChanged: string
  connect: ProviderConnectInfo
  disconnect: ProviderRpcError
  message: ProviderMessage
}

/** A provider event name. */
export type ProviderEventName = keyof ProviderEvents

/**
 * An EIP-1193 provider (what ethers' `BrowserProvider`, viem's `custom` transport and @wagmi/core's
 * `injected` connector take).
 * @see https://eips.ethereum.org/EIPS/eip-1193
 */
export interface Eip1193Provider {
  /** Sends one request to the wallet; resolves with its JSON-RPC result, unchanged. */
  request<T = unknown>(args: RequestArguments): Promise<T>
  /** Adds a listener (Node `EventEmitter` style: returns the provider). */
  on<E extends ProviderEventName>(event: E, listener: (data: ProviderEvents[E]) => void): this
  /** Removes a listener added with `on`. */
  removeListener<E extends ProviderEventName>(event: E, listener: (data: ProviderEvents[E]) => void): this
}

type Listener = (data: never) => void

// A hex chain id (EIP-695), at most 64 bits.
const CHAIN_ID = /^0x[0-9a-fA-F]{1,16}$/

let instance: Eip1193Provider | undefined

/**
 * The Chainless EIP-1193 provider of this window: the same instance on every call. The first call
 * announces it by EIP-6963 (see {@link announceProvider}); nothing is set on `window` (see
 * {@link installProvider}).
 *
 * @example
 * ```ts
 * import { getProvider } from '@chainless/js-sdk/wallet'
 * import { BrowserProvider } from 'ethers'
 * const signer = await new BrowserProvider(getProvider()).getSigner() // eth_requestAccounts: the user connects
 * ```
 */
export function getProvider(): Eip1193Provider {
  if (!instance) {
    instance = createProvider()
    announce(instance)
  }
  return instance
}

/**
 * Sets `window.ethereum` to the provider when no other wallet set it (for code that only looks
 * there), and returns the provider. Opt-in: EIP-6963 is the discovery path.
 */
export function installProvider(): Eip1193Provider {
  const provider = getProvider()
  if (typeof window !== 'undefined') (window as { ethereum?: unknown }).ethereum ??= provider
  return provider
}

/**
 * @internal A provider fed by the bridge's sessions and host events. EIP-1193 semantics: `connect`
 * once a session is up and the chain id is known, `disconnect` (4900) when the session ends or the
 * host says so, `chainChanged` only for a new chain id. A throwing listener never stops the others.
 */
export function createProvider(): Eip1193Provider {
  const listeners = new Map<string, Set<Listener>>()
  // The chain id while connected; `undefined` while disconnected.
  let chainId: string | undefined
  let session = 0
  const emit = <E extends ProviderEventName>(event: E, data: ProviderEvents[E]) =>
    emitTo(listeners.get(event), data)
  const setChain = (id: unknown) => {
    if (!matches(CHAIN_ID, id) || id === chainId) return
    const was = chainId
    chainId = id
    if (was === undefined) emit('connect', { chainId: id })
    else emit('chainChanged', id)
  }
  const disconnected = (error: ProviderRpcError) => {
    if (chainId === undefined) return
    chainId = undefined
    emit('disconnect', error)
  }
  const onSession = (connection?: Connection) => {
    const mine = ++session
    if (!connection) return disconnected(new DisconnectedError())
    // The chain id makes the connection (EIP-1193 `connect`); a host without a wallet never connects.
    walletRequest('eth_chainId', undefined, { timeout: 10_000 }).then(
      (id) => mine === session && setChain(id),
      () => {},
    )
  }
  watchSessions(onSession)
  on('connect', (data) => isRecord(data) && setChain(data.chainId))
  on('chainChanged', setChain)
  // EIP-1193: `disconnect` is the loss of every chain, 4900, whatever the host's payload says.
  on('disconnect', () => disconnected(new DisconnectedError()))
  on('accountsChanged', (data) => {
    // Array.from: a hole becomes `undefined` and fails the check, as does anything not an address.
    const accounts = Array.isArray(data) ? Array.from(data as unknown[]) : [0]
    if (accounts.every((a) => matches(ADDRESS, a))) {
      emit('accountsChanged', accounts as string[])
    }
  })
  on('txStatus', (data) => {
    const status = parseTxStatus(data)
    if (status) emit('message', { type: 'txStatus', data: status })
  })
  if (current()) onSession(current())

  const provider: Eip1193Provider = {
    request<T>(args: RequestArguments) {
      if (!isRecord(args) || typeof args.method !== 'string' || !args.method) {
        return Promise.reject(invalid('method', 'Expected a method'))
      }
      return walletRequest(args.method, args.params) as Promise<T>
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set.add(listener as Listener))
      return provider
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener as Listener)
      return provider
    },
  }
  return provider
}
