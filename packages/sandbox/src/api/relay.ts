import { getAddress, Interface, keccak256, Wallet } from 'ethers'
import { FORWARDER_ARTIFACT, STANDARD_ARTIFACTS } from '../chain/artifacts.js'
import { STANDARD_CONTRACT_ADDRESSES } from '../chain/constants.js'
import { findApp, getRelay, recordBroadcast, recordRelay, type Store } from '../store/index.js'
import type { BroadcastResult } from './broadcast.js'
import { ChainRpcError, chainRequest } from './chainClient.js'
import { ApiProblem } from './problem.js'

/** Largest `gas` a relayed request may ask for (the platform pays it). */
export const MAX_RELAY_GAS = 2_000_000n

/**
 * Gas the relayer adds to the request's own: the forwarder's work around the call (EIP-712 hash,
 * `ecrecover`, the nonce write, the event, calldata). The forwarder also keeps 1/63 of the request's gas
 * back (EIP-150: a call gets at most 63/64 of what is left; `_checkForwardedGas` fails a relay that gave
 * the call less than asked), so that share is added too.
 */
export const RELAY_GAS_OVERHEAD = 120_000n

/** The body of `POST /api/v1/tx/relay` (validated by the document's `RelayRequest` schema). */
export interface RelayInput {
  appId: string
  request: {
    from: string
    to: string
    value: string
    gas: string
    nonce: string
    /** Unix seconds. */
    deadline: number
    data: string
  }
  /** The user's EIP-712 signature of `request` (65 bytes, 0x-hex). */
  signature: string
}

/**
 * The checksummed form of a 0x-hex address (shape checked by the schema). All-lower or all-upper hex
 * carries no checksum; mixed case must be a valid EIP-55 checksum.
 * @throws {ApiProblem} 400 `invalid_body`
 * @see https://eips.ethereum.org/EIPS/eip-55
 */
function checksummed(address: string, pointer: string): string {
  const hex = address.slice(2)
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return getAddress(`0x${hex.toLowerCase()}`)
  try {
    return getAddress(address)
  } catch {
    throw new ApiProblem(400, 'invalid_body', 'Bad EIP-55 address checksum', {
      errors: [{ pointer, message: 'bad EIP-55 checksum' }],
    })
  }
}

/** The forwarder's `ForwardRequestData` as ethers encodes it. */
interface Forward {
  from: string
  to: string
  value: bigint
  gas: bigint
  deadline: number
  data: string
  signature: string
}

/** How often a request with a later nonce goes back in the queue behind its sender's other requests. */
const MAX_REQUEUES = 16
const REQUEUE = Symbol('requeue')

const GWEI = 10n ** 9n
const PRIORITY_FEE = 1n * GWEI
const forwarderAbi = new Interface(FORWARDER_ARTIFACT.abi)
// isTrustedForwarder(address) is the same in the three standard ABIs (ERC2771Context).
const trustAbi = new Interface(STANDARD_ARTIFACTS.CRC20.abi)

/**
 * The platform relayer (DESIGN.md, "Fees"): checks a sponsored app's ERC-2771 forward request and
 * submits `execute(request)` on the trusted forwarder from the relayer account, which pays the fee.
 * Idempotent by signature: concurrent submissions share one send; later ones answer the stored hash.
 * Relays are serialized after the static checks (the user's forwarder nonce, the signature, a
 * simulation and the relayer's nonce each see the previous relay sent), and each is simulated first, so
 * a request that would revert costs the relayer nothing.
 *
 * @example
 * ```ts
 * const relayer = new Relayer({ store, rpcUrl, chainId: 0xc1a1, forwarder: FORWARDER_ADDRESS, relayerKey })
 * const { hash } = await relayer.submit({ appId: 'web3-sponsored', request, signature })
 * ```
 */
export class Relayer {
  readonly #inflight = new Map<string, Promise<BroadcastResult>>()
  readonly #store: Store
  readonly #rpcUrl: string
  readonly #chainId: number
  readonly #forwarder: string
  readonly #wallet: Wallet
  readonly #now: () => number
  #queue: Promise<unknown> = Promise.resolve()
  /** Relays queued or running, per sender. */
  readonly #queued = new Map<string, number>()

  constructor(options: {
    store: Store
    rpcUrl: string
    chainId: number
    /** The trusted forwarder's address. */
    forwarder: string
    /** The relayer account's private key (0x-hex). */
    relayerKey: string
    /** Clock in ms (tests). Default: the store's. */
    now?: () => number
  }) {
    this.#store = options.store
    this.#rpcUrl = options.rpcUrl
    this.#chainId = options.chainId
    this.#forwarder = getAddress(options.forwarder)
    this.#wallet = new Wallet(options.relayerKey)
    this.#now = options.now ?? options.store.now
  }

  /** The relayer account's address. */
  get address(): string {
    return this.#wallet.address
  }

  /**
   * Checks `input` and relays it once.
   * @throws {ApiProblem} 404 `app_not_found`, 403 `not_sponsored`, 422 `value_not_allowed` /
   * `target_not_allowed` / `gas_too_high` / `request_expired` / `invalid_signature` / `tx_rejected`, 502.
   */
  submit(input: RelayInput): Promise<BroadcastResult> {
    const key = input.signature.toLowerCase()
    const known = getRelay(this.#store, key)
    if (known) return Promise.resolve({ hash: known.hash, chainId: known.chainId })
    const existing = this.#inflight.get(key)
    if (existing) return existing
    const p = this.#relay(key, input).finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, p)
    return p
  }

  async #relay(signature: string, input: RelayInput): Promise<BroadcastResult> {
    const { appId, request } = input
    const from = checksummed(request.from, '/request/from')
    const to = checksummed(request.to, '/request/to')
    const app = findApp(this.#store, appId)
    if (!app) throw new ApiProblem(404, 'app_not_found', `No app "${appId}"`)
    if (app.sponsored !== true || app.status === 'delisted')
      throw new ApiProblem(403, 'not_sponsored', `App "${appId}" is not sponsored: its users pay their fees`)
    if (BigInt(request.value) !== 0n)
      throw new ApiProblem(
        422,
        'value_not_allowed',
        'A relayed request carries no value: the platform pays fees, never the value',
      )
    const allowed = new Set(
      [
        ...Object.values(STANDARD_CONTRACT_ADDRESSES),
        ...(app.contracts ?? []).filter((c) => c.chainId === this.#chainId).map((c) => c.address),
      ].map((a) => a.toLowerCase()),
    )
    if (!allowed.has(to.toLowerCase()) || !(await this.#trusts(to)))
      throw new ApiProblem(
        422,
        'target_not_allowed',
        `${to} is not a contract of this app or a standard one that trusts the forwarder`,
      )
    const gas = BigInt(request.gas)
    if (gas > MAX_RELAY_GAS)
      throw new ApiProblem(422, 'gas_too_high', `gas ${gas} is above the relay limit ${MAX_RELAY_GAS}`)
    if (request.deadline <= Math.floor(this.#now() / 1000))
      throw new ApiProblem(
        422,
        'request_expired',
        `The request expired at ${request.deadline} (Unix seconds)`,
      )
    // The rest runs one relay at a time: the user's forwarder nonce and the signature are checked, the
    // call simulated and the relayer's nonce taken with every earlier relay already sent (and, automining,
    // mined), so a wallet's requests N and N + 1 posted together both pass, whichever arrives first.
    const forward = { from, to, value: 0n, gas, deadline: request.deadline, data: request.data, signature }
    this.#queued.set(from, (this.#queued.get(from) ?? 0) + 1)
    return this.#enqueue(forward, BigInt(request.nonce), appId, MAX_REQUEUES).finally(() => {
      const left = (this.#queued.get(from) ?? 1) - 1
      if (left > 0) this.#queued.set(from, left)
      else this.#queued.delete(from)
    })
  }

  /** Runs {@link #send} in turn; a request ahead of its sender's other queued ones goes to the back. */
  #enqueue(forward: Forward, nonce: bigint, appId: string, requeues: number): Promise<BroadcastResult> {
    const step = this.#queue.then(() => this.#send(forward, nonce, appId, requeues > 0))
    this.#queue = step.catch(() => {})
    return step.then((r) => (r === REQUEUE ? this.#enqueue(forward, nonce, appId, requeues - 1) : r))
  }

  async #send(
    forward: Forward,
    nonce: bigint,
    appId: string,
    mayRequeue: boolean,
  ): Promise<BroadcastResult | typeof REQUEUE> {
    const { from, to, gas } = forward
    const expectedNonce = BigInt(
      (await this.#call(this.#forwarder, forwarderAbi.encodeFunctionData('nonces', [from]))) ?? '0x0',
    )
    // A later nonce while the same user has other requests queued: they may be the missing ones.
    if (nonce > expectedNonce && mayRequeue && (this.#queued.get(from) ?? 0) > 1) return REQUEUE
    if (nonce !== expectedNonce)
      throw new ApiProblem(
        422,
        'invalid_signature',
        `nonce ${nonce} is not the forwarder's next nonce for ${from} (${expectedNonce})`,
      )
    const verified = await this.#call(this.#forwarder, forwarderAbi.encodeFunctionData('verify', [forward]))
    if (!verified || BigInt(verified) !== 1n)
      throw new ApiProblem(422, 'invalid_signature', `The signature is not ${from}'s for this request`)
    const data = forwarderAbi.encodeFunctionData('execute', [forward])
    const gasLimit = gas + gas / 63n + RELAY_GAS_OVERHEAD + 16n * BigInt((forward.data.length - 2) / 2)
    const relayer = this.#wallet.address
    try {
      await chainRequest(this.#rpcUrl, 'eth_call', [
        { from: relayer, to: this.#forwarder, data, gas: `0x${gasLimit.toString(16)}` },
        'latest',
      ])
    } catch (e) {
      if (!(e instanceof ChainRpcError)) throw e
      throw new ApiProblem(422, 'tx_rejected', `The forwarded call would fail: ${e.message}`)
    }
    const relayerNonce = Number(
      await chainRequest(this.#rpcUrl, 'eth_getTransactionCount', [relayer, 'pending']),
    )
    const block = (await chainRequest(this.#rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as {
      baseFeePerGas?: string
    } | null
    const baseFee = BigInt(block?.baseFeePerGas ?? '0x0')
    const raw = await this.#wallet.signTransaction({
      type: 2,
      chainId: this.#chainId,
      nonce: relayerNonce,
      to: this.#forwarder,
      value: 0n,
      data,
      // Always explicit: Ganache would use 90,000 otherwise.
      gasLimit,
      maxPriorityFeePerGas: PRIORITY_FEE,
      maxFeePerGas: 2n * baseFee + PRIORITY_FEE,
    })
    const hash = keccak256(raw).toLowerCase()
    try {
      await chainRequest(this.#rpcUrl, 'eth_sendRawTransaction', [raw])
    } catch (e) {
      if (!(e instanceof ChainRpcError)) throw e
      throw new ApiProblem(502, 'relay_failed', `The relayer's transaction was refused: ${e.message}`)
    }
    // The raw bytes go with the broadcasts (status), the signature → hash mapping makes it idempotent.
    recordBroadcast(this.#store, { hash, raw, chainId: this.#chainId, appId })
    recordRelay(this.#store, {
      signature: forward.signature,
      hash,
      appId,
      sender: from,
      target: to,
      chainId: this.#chainId,
    })
    return { hash, chainId: this.#chainId }
  }

  /** `to.isTrustedForwarder(forwarder)`; false for an account without code or a call that fails. */
  async #trusts(to: string): Promise<boolean> {
    const result = await this.#call(to, trustAbi.encodeFunctionData('isTrustedForwarder', [this.#forwarder]))
    return typeof result === 'string' && /^0x[0-9a-f]{64}$/i.test(result) && BigInt(result) === 1n
  }

  /** `eth_call` at latest; `undefined` when it reverts or answers nothing. */
  async #call(to: string, data: string): Promise<string | undefined> {
    try {
      const result = await chainRequest(this.#rpcUrl, 'eth_call', [{ to, data }, 'latest'])
      return typeof result === 'string' && /^0x[0-9a-fA-F]+$/.test(result) ? result : undefined
    } catch (e) {
      if (e instanceof ChainRpcError) return undefined
      throw e
    }
  }
}
