import type { ProbeMessage } from '@chainless/protocol'

/** Options of a {@link Liveness} watch. */
export interface LivenessOptions {
  /** The app's iframe: probes go to its `contentWindow`. */
  iframe: HTMLIFrameElement
  /** The manifest's origin: the probe's target, so only the app's own document can receive it. */
  origin: string
  /** Time between rounds while the app is shown. */
  intervalMs: number
  /** How long each probe waits for its ack. */
  timeoutMs: number
  /** Consecutive unanswered probes before the document counts as gone. */
  misses: number
  /** The app's document did not answer `misses` probes in a row. */
  onLost: () => void
}

/**
 * Asks the app's document, through the iframe's window, whether it is still there (probe.md): on each
 * iframe `load` and every `intervalMs` while the app is shown. A round sends up to `misses` probes,
 * one after the other; an ack of any probe of the round ends it. A foreign page in the iframe cannot
 * receive a probe (the target origin is the app's), and a frame holding a leaked port cannot answer
 * one (the ack must come from the iframe's window on the app's origin), so neither keeps the app shown.
 */
export class Liveness {
  readonly #options: LivenessOptions
  #interval: ReturnType<typeof setInterval> | undefined
  #probeTimer: ReturnType<typeof setTimeout> | undefined
  /** Ids of the probes of the round in progress (an ack of an earlier one still counts). */
  readonly #round = new Set<string>()
  #missed = 0
  #late = 0
  #sentAt = 0
  #counter = 0

  constructor(options: LivenessOptions) {
    this.#options = options
  }

  /** Whether periodic probing is on. */
  get watching(): boolean {
    return this.#interval !== undefined
  }

  /** Starts periodic rounds (the app is shown). */
  start(): void {
    if (this.#interval !== undefined) return
    this.#interval = setInterval(() => this.check(), this.#options.intervalMs)
  }

  /** Stops every probe and forgets the round in progress. */
  stop(): void {
    clearInterval(this.#interval)
    clearTimeout(this.#probeTimer)
    this.#interval = undefined
    this.#probeTimer = undefined
    this.#round.clear()
    this.#missed = 0
    this.#late = 0
  }

  /** Starts a round now, unless one is in progress. */
  check(): void {
    if (this.#round.size > 0) return
    this.#missed = 0
    this.#late = 0
    this.#send()
  }

  /** An ack from the iframe's window on the app's origin (the caller checked source and origin). */
  ack(id: string): void {
    if (!this.#round.has(id)) return
    clearTimeout(this.#probeTimer)
    this.#probeTimer = undefined
    this.#round.clear()
    this.#missed = 0
    this.#late = 0
  }

  #send(): void {
    const id = `${Date.now().toString(36)}.${++this.#counter}`
    this.#round.add(id)
    try {
      this.#options.iframe.contentWindow?.postMessage(
        { type: 'chainless:probe', id } satisfies ProbeMessage,
        this.#options.origin,
      )
    } catch {
      // A detached window: the probe simply goes unanswered.
    }
    this.#sentAt = performance.now()
    this.#probeTimer = setTimeout(() => this.#onTimeout(), this.#options.timeoutMs)
  }

  #onTimeout(): void {
    this.#probeTimer = undefined
    // A timer that fired late means this page's own thread was busy (another app's flood): the ack
    // may be queued behind that work, so the miss is not the app's. Forgiven at most `misses` times
    // per round, so a page that keeps the host busy cannot stay shown by it.
    const late = performance.now() - this.#sentAt > this.#options.timeoutMs * 2 + 100
    if (late && this.#late < this.#options.misses) {
      this.#late++
      this.#send()
      return
    }
    if (++this.#missed < this.#options.misses) {
      this.#send()
      return
    }
    this.stop()
    this.#options.onLost()
  }
}
