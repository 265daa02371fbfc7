import type { ChainInfo } from '@chainless/protocol'
import { getAddress } from 'ethers'
import { InvalidOptionError } from '../invalid-option-error.js'
import type { WalletChain } from './call-context.js'
import type { KeyValueStore } from './kv.js'
import type { PolicyOptions } from './policy-options.js'
import type { Signer } from './signers/signer.js'
import type { TxRetryOptions } from './tx-tracker.js'

/** A chain as the wallet configures it: `rpcUrl` defaults to the platform's RPC proxy for the chain. */
export interface WalletChainOptions extends ChainInfo {
  /** JSON-RPC endpoint; default `${apiUrl}/api/v1/rpc/${chainId}`. */
  rpcUrl?: string
  /** The chain's ERC-2771 forwarder, for sponsored apps (the sandbox reports it in its config). */
  forwarder?: { address: string; name: string; version: string }
  /** Standard contracts the wallet knows on this chain (not flagged as unknown by the policy). */
  contracts?: readonly string[]
}

/**
 * The `wallet` option of `createRuntimeHost`: who signs, where the platform is, which chains.
 * Omit it and the host serves no wallet methods (`walletRequest` / `walletPay` answer 4200).
 *
 * @example
 * ```ts
 * const wallet: WalletOptions = {
 *   signer: LocalKeySigner.fromMnemonic(TEST_MNEMONIC, { count: 10 }),
 *   apiUrl: 'http://127.0.0.1:8787',
 *   chains: [{ ...CHAINLESS_DEV_CHAIN, forwarder }],
 * }
 * ```
 */
export interface WalletOptions {
  /** Holds the keys: `LocalKeySigner`, `RemoteSigner`, `WebViewSigner` or your own. */
  signer: Signer
  /** The platform API base URL (broadcast, relay, RPC proxy). */
  apiUrl: string
  /** The chains the wallet serves (at least one; ids unique). */
  chains: readonly WalletChainOptions[]
  /** The chain to start on; default `chains[0].chainId`. */
  chainId?: number
  /** Limits and warnings (see POLICY.md); sensible defaults. */
  policy?: PolicyOptions
  /** Where pending transactions, the audit log and policy counters live; default IndexedDB (`chainless-wallet`). */
  store?: KeyValueStore
  fetch?: typeof fetch
  /** The wallet session's bearer token, sent as `Authorization` on broadcast and relay when given. */
  getSessionToken?: () => Promise<string | undefined>
  /** Broadcast retry rules (full jitter within a budget; default 30 s). */
  retry?: TxRetryOptions
  /** Time between status polls of a pending transaction; default 1000 ms. */
  pollIntervalMs?: number
  /** Longest wait for one JSON-RPC answer; default 15000 ms. */
  rpcTimeoutMs?: number
}

/** @internal {@link WalletOptions} checked, with defaults resolved. */
export interface ResolvedWalletOptions {
  signer: Signer
  apiUrl: string
  chains: ReadonlyMap<number, WalletChain>
  chainId: number
  rpcTimeoutMs: number
}

const isFunction = (value: unknown): boolean => typeof value === 'function'

/** Checks `options` where the wallet passes them; throws {@link InvalidOptionError} naming the bad one. */
export function resolveWalletOptions(options: WalletOptions): ResolvedWalletOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('wallet', 'an object')
  const signer = options.signer as Partial<Signer> | undefined
  if (
    typeof signer !== 'object' ||
    signer === null ||
    !['getAddresses', 'signMessage', 'signTypedData', 'signTransaction'].every((m) =>
      isFunction((signer as Record<string, unknown>)[m]),
    )
  ) {
    throw new InvalidOptionError(
      'wallet.signer',
      'a Signer (getAddresses, signMessage, signTypedData, signTransaction)',
    )
  }
  const apiUrl = httpUrl('wallet.apiUrl', options.apiUrl)
  if (!Array.isArray(options.chains) || options.chains.length === 0 || options.chains.length > 64) {
    throw new InvalidOptionError('wallet.chains', 'an array of 1 to 64 chains')
  }
  const chains = new Map<number, WalletChain>()
  options.chains.forEach((chain: WalletChainOptions, i) => {
    const at = `wallet.chains[${i}]`
    if (typeof chain !== 'object' || chain === null) throw new InvalidOptionError(at, 'a chain')
    if (!Number.isSafeInteger(chain.chainId) || chain.chainId < 1) {
      throw new InvalidOptionError(`${at}.chainId`, 'a positive integer')
    }
    if (chains.has(chain.chainId))
      throw new InvalidOptionError(`${at}.chainId`, 'a chain id not listed before')
    if (typeof chain.name !== 'string' || chain.name === '')
      throw new InvalidOptionError(`${at}.name`, 'a name')
    const currency = chain.nativeCurrency
    if (
      typeof currency !== 'object' ||
      currency === null ||
      typeof currency.symbol !== 'string' ||
      typeof currency.name !== 'string' ||
      !Number.isSafeInteger(currency.decimals) ||
      currency.decimals < 0 ||
      currency.decimals > 36
    ) {
      throw new InvalidOptionError(`${at}.nativeCurrency`, '{ name, symbol, decimals: 0 … 36 }')
    }
    const rpcUrl =
      chain.rpcUrl === undefined
        ? new URL(`/api/v1/rpc/${chain.chainId}`, apiUrl).href
        : httpUrl(`${at}.rpcUrl`, chain.rpcUrl)
    const resolved: WalletChain = {
      chainId: chain.chainId,
      name: chain.name,
      nativeCurrency: { name: currency.name, symbol: currency.symbol, decimals: currency.decimals },
      rpcUrl,
    }
    if (chain.forwarder !== undefined) {
      const f = chain.forwarder
      if (
        typeof f !== 'object' ||
        f === null ||
        typeof f.name !== 'string' ||
        typeof f.version !== 'string'
      ) {
        throw new InvalidOptionError(`${at}.forwarder`, '{ address, name, version }')
      }
      resolved.forwarder = {
        address: address(`${at}.forwarder.address`, f.address),
        name: f.name,
        version: f.version,
      }
    }
    if (chain.contracts !== undefined) {
      if (!Array.isArray(chain.contracts))
        throw new InvalidOptionError(`${at}.contracts`, 'an array of addresses')
      resolved.contracts = chain.contracts.map((a, j) => address(`${at}.contracts[${j}]`, a))
    }
    chains.set(chain.chainId, Object.freeze(resolved))
  })
  const chainId = options.chainId ?? options.chains[0]!.chainId
  if (!chains.has(chainId)) throw new InvalidOptionError('wallet.chainId', 'the id of one of wallet.chains')
  for (const name of ['fetch', 'getSessionToken'] as const) {
    if (options[name] !== undefined && !isFunction(options[name])) {
      throw new InvalidOptionError(`wallet.${name}`, 'a function')
    }
  }
  const store = options.store as Partial<KeyValueStore> | undefined
  if (
    store !== undefined &&
    !['get', 'set', 'delete', 'keys'].every((m) => isFunction((store as Record<string, unknown>)[m]))
  ) {
    throw new InvalidOptionError('wallet.store', 'a KeyValueStore (get, set, delete, keys)')
  }
  const rpcTimeoutMs = options.rpcTimeoutMs ?? 15_000
  if (!Number.isFinite(rpcTimeoutMs) || rpcTimeoutMs < 1 || rpcTimeoutMs > 600_000) {
    throw new InvalidOptionError('wallet.rpcTimeoutMs', 'a number from 1 to 600000')
  }
  return { signer: options.signer, apiUrl, chains, chainId, rpcTimeoutMs }
}

/** An absolute http(s) URL, as given (normalised by `URL`). */
function httpUrl(name: string, value: unknown): string {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new InvalidOptionError(name, 'an absolute http(s) URL')
  }
  if (typeof value !== 'string' || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOptionError(name, 'an absolute http(s) URL')
  }
  return url.href
}

/** A checksummed address (a mixed-case one must carry a valid EIP-55 checksum). */
function address(name: string, value: unknown): string {
  try {
    if (typeof value !== 'string') throw new TypeError()
    return getAddress(value)
  } catch {
    throw new InvalidOptionError(name, 'a 20-byte address (valid EIP-55 checksum when mixed case)')
  }
}
