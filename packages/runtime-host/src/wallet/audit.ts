import { InvalidOptionError } from '../invalid-option-error.js'
import type { KeyValueStore } from './kv.js'

/** One sensitive call the wallet served: who asked, what, the decision and what policy said. */
export interface AuditEntry {
  /** Random id (UUID). */
  id: string
  /** When it was logged, ms since the epoch. */
  time: number
  appId: string
  /** Checksummed account the call acted for, when there was one. */
  account?: string
  /** The bridge or EIP-1193 method, e.g. `eth_sendTransaction`, `walletPay`. */
  method: string
  /** `approved` by the user, `rejected` by the user, `refused` by policy or scopes, `failed` on error. */
  decision: 'approved' | 'rejected' | 'refused' | 'failed'
  /** Policy rule names that fired (see POLICY.md). */
  policyHits: readonly string[]
  /** Transaction hash, when one was broadcast. */
  hash?: string
  /** Error code, when the call failed or was refused. */
  code?: number
}

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** Most entries kept; the oldest is dropped beyond it. Integer ≥ 1; default 1000. */
  max?: number
}

const KEY = 'audit'
const DEFAULT_MAX = 1000

/**
 * The wallet's audit log: every sensitive call (connect, sign, send, pay, chain switch) with app,
 * method, decision, policy hits, hash and time. A ring of at most `max` entries kept in the
 * {@link KeyValueStore} under one key (newest first), readable and exportable by the wallet.
 * Appends are serialised, so concurrent calls never lose an entry.
 *
 * @example
 * ```ts
 * const audit = new AuditLog(new MemoryKeyValueStore(), { max: 500 })
 * await audit.append({ appId: 'web3-demo', method: 'personal_sign', decision: 'approved', policyHits: [] })
 * const json = await audit.export()   // pretty JSON array, newest first
 * ```
 */
export class AuditLog {
  readonly #store: KeyValueStore
  readonly #max: number
  #queue: Promise<unknown> = Promise.resolve()

  constructor(store: KeyValueStore, options: AuditLogOptions = {}) {
    const max = options.max ?? DEFAULT_MAX
    if (!Number.isSafeInteger(max) || max < 1) throw new InvalidOptionError('audit.max', 'an integer ≥ 1')
    this.#store = store
    this.#max = max
  }

  /** Adds an entry (id and time filled in); drops the oldest beyond `max`. */
  append(entry: Omit<AuditEntry, 'id' | 'time'>): Promise<void> {
    const full: AuditEntry = {
      ...entry,
      policyHits: [...entry.policyHits],
      id: crypto.randomUUID(),
      time: Date.now(),
    }
    return this.#serial(async () => {
      const all = await this.#read()
      await this.#store.set(KEY, [full, ...all].slice(0, this.#max))
    })
  }

  /** Entries, newest first; `appId` filters, `limit` caps the count. */
  async list(filter: { appId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    await this.#queue
    const all = await this.#read()
    const matching = filter.appId === undefined ? all : all.filter((e) => e.appId === filter.appId)
    return filter.limit === undefined ? matching : matching.slice(0, Math.max(0, filter.limit))
  }

  /** Every entry as a pretty-printed JSON array, newest first (for the wallet's "export" button). */
  async export(): Promise<string> {
    return JSON.stringify(await this.list(), null, 2)
  }

  /** Deletes every entry. */
  clear(): Promise<void> {
    return this.#serial(() => this.#store.delete(KEY))
  }

  async #read(): Promise<AuditEntry[]> {
    const value = await this.#store.get<unknown>(KEY)
    return Array.isArray(value) ? (value as AuditEntry[]) : []
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
