/**
 * Follows the transactions an app sent until they reach a final status, so that `transaction.confirmed`
 * webhooks fire without anyone asking `GET /api/v1/tx/{hash}`: polls `status(hash)` (which records the
 * receipt) every `intervalMs`, at most `maxPolls` times, a bounded number of transactions at once.
 */
export class TxTracker {
  readonly #status: (hash: string) => Promise<{ status: string }>
  readonly #intervalMs: number
  readonly #maxPolls: number
  readonly #tracked = new Map<string, NodeJS.Timeout>()
  readonly #onError: (e: unknown) => void
  /** At most this many transactions are followed at once (the rest are found by status queries). */
  static readonly MAX_TRACKED = 1000

  constructor(options: {
    status: (hash: string) => Promise<{ status: string }>
    intervalMs?: number
    maxPolls?: number
    onError?: (e: unknown) => void
  }) {
    this.#status = options.status
    this.#intervalMs = options.intervalMs ?? 1000
    this.#maxPolls = options.maxPolls ?? 300
    this.#onError = options.onError ?? (() => {})
  }

  /** Starts following `hash` (no-op when followed already or when too many are). */
  track(hash: string): void {
    if (this.#tracked.has(hash) || this.#tracked.size >= TxTracker.MAX_TRACKED) return
    this.#poll(hash, 0, 0)
  }

  /** Stops every poll. */
  close(): void {
    for (const t of this.#tracked.values()) clearTimeout(t)
    this.#tracked.clear()
  }

  #poll(hash: string, n: number, delayMs: number): void {
    const timer = setTimeout(async () => {
      let final = false
      try {
        final = (await this.#status(hash)).status !== 'pending'
      } catch (e) {
        this.#onError(e)
      }
      if (!this.#tracked.has(hash)) return // closed meanwhile
      if (final || n + 1 >= this.#maxPolls) this.#tracked.delete(hash)
      else this.#poll(hash, n + 1, this.#intervalMs)
    }, delayMs)
    timer.unref()
    this.#tracked.set(hash, timer)
  }
}
