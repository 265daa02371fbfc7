import { keccak256, Transaction } from 'ethers'
import { getBroadcast, recordBroadcast, type Store, setBroadcastStatus } from '../store/index.js'
import { ChainRpcError, chainRequest } from './chainClient.js'
import { ApiProblem } from './problem.js'

/** Largest raw transaction accepted: 128 KiB (the txpool limit of common clients). */
export const DEFAULT_MAX_TX_BYTES = 128 * 1024

/** Answer of a broadcast: the same for every submission of the same raw transaction. */
export interface BroadcastResult {
  hash: string
  chainId: number
}

/** Answer of a status query (the document's `TxStatus`). */
export interface TxStatusResult {
  hash: string
  status: 'pending' | 'confirmed' | 'failed' | 'dropped'
  blockNumber?: number
  blockHash?: string
  confirmations?: number
  gasUsed?: string
  reason?: string
}

/**
 * Broadcasts signed raw transactions, idempotent by hash: concurrent submissions of the same raw share
 * one in-flight send; later ones find the transaction on the node by hash and are not sent again.
 * Nothing is recorded when the node refuses.
 */
export class Broadcaster {
  readonly #inflight = new Map<string, Promise<BroadcastResult>>()
  readonly #store: Store
  readonly #rpcUrl: string
  readonly #chainId: number
  readonly #maxTxBytes: number
  constructor(options: { store: Store; rpcUrl: string; chainId: number; maxTxBytes?: number }) {
    this.#store = options.store
    this.#rpcUrl = options.rpcUrl
    this.#chainId = options.chainId
    this.#maxTxBytes = options.maxTxBytes ?? DEFAULT_MAX_TX_BYTES
  }

  /**
   * Decodes and checks `raw` (signed, this chain, canonical encoding, size), sends it once.
   * @throws {ApiProblem} 413 `tx_too_large`, 400 `invalid_transaction`, 422 `wrong_chain` / `tx_rejected`, 502.
   */
  submit(raw: string, appId: string | null): Promise<BroadcastResult> {
    const bytes = (raw.length - 2) / 2
    if (bytes > this.#maxTxBytes)
      throw new ApiProblem(413, 'tx_too_large', `Transaction is ${bytes} bytes (at most ${this.#maxTxBytes})`)
    let tx: Transaction
    try {
      tx = Transaction.from(raw)
    } catch (e) {
      throw new ApiProblem(
        400,
        'invalid_transaction',
        `Not a transaction: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`,
      )
    }
    if (!tx.signature || !tx.hash)
      throw new ApiProblem(400, 'invalid_transaction', 'Transaction is not signed')
    const hash = keccak256(raw).toLowerCase()
    if (tx.hash.toLowerCase() !== hash)
      throw new ApiProblem(400, 'invalid_transaction', 'Transaction is not canonically encoded')
    if (tx.chainId !== BigInt(this.#chainId))
      throw new ApiProblem(
        422,
        'wrong_chain',
        `Transaction is for chain ${tx.chainId} (EIP-155), this platform serves ${this.#chainId}`,
      )
    const existing = this.#inflight.get(hash)
    if (existing) return existing
    const p = this.#send(hash, raw.toLowerCase(), appId).finally(() => this.#inflight.delete(hash))
    this.#inflight.set(hash, p)
    return p
  }

  async #send(hash: string, raw: string, appId: string | null): Promise<BroadcastResult> {
    const result = { hash, chainId: this.#chainId }
    // Never send a transaction the node already has: some nodes (Ganache 7) execute a resent, already
    // mined raw transaction again. Asking by hash also covers a store that outlived a restarted chain.
    const known = await chainRequest(this.#rpcUrl, 'eth_getTransactionByHash', [hash])
    if (!known) {
      try {
        await chainRequest(this.#rpcUrl, 'eth_sendRawTransaction', [raw])
      } catch (e) {
        if (!(e instanceof ChainRpcError)) throw e
        throw new ApiProblem(422, 'tx_rejected', `The chain refused the transaction: ${e.message}`)
      }
    }
    recordBroadcast(this.#store, { hash, raw, chainId: this.#chainId, appId })
    return result
  }

  /**
   * Status from the chain: confirmed / failed once there is a receipt (with block and confirmations),
   * pending while the node or the store knows it. Updates the store.
   * @throws {ApiProblem} 404 `tx_not_found`, 502.
   */
  async status(hashIn: string): Promise<TxStatusResult> {
    const hash = hashIn.toLowerCase()
    const receipt = (await chainRequest(this.#rpcUrl, 'eth_getTransactionReceipt', [hash])) as {
      blockNumber: string
      blockHash: string
      status?: string
      gasUsed?: string
    } | null
    if (receipt) {
      const blockNumber = Number.parseInt(receipt.blockNumber, 16)
      const latest = Number.parseInt(String(await chainRequest(this.#rpcUrl, 'eth_blockNumber')), 16)
      const ok = receipt.status === '0x1'
      if (getBroadcast(this.#store, hash))
        setBroadcastStatus(this.#store, hash, ok ? 'confirmed' : 'failed', blockNumber)
      const out: TxStatusResult = {
        hash,
        status: ok ? 'confirmed' : 'failed',
        blockNumber,
        blockHash: receipt.blockHash.toLowerCase(),
        confirmations: Math.max(1, latest - blockNumber + 1),
      }
      if (receipt.gasUsed) out.gasUsed = BigInt(receipt.gasUsed).toString()
      if (!ok) out.reason = 'reverted'
      return out
    }
    const tx = await chainRequest(this.#rpcUrl, 'eth_getTransactionByHash', [hash])
    const known = getBroadcast(this.#store, hash)
    // dropped at start (a fresh chain): it stays so unless the same raw transaction was sent again
    if (!tx && known?.status === 'dropped') return { hash, status: 'dropped' }
    if (tx || known) return { hash, status: 'pending' }
    throw new ApiProblem(404, 'tx_not_found', `No transaction ${hash}`)
  }
}
