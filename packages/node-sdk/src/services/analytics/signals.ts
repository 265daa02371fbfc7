// One listener per signal for every analytics instance that asked for it: each is closed (flushed)
// before the process goes down, then the signal is raised again so the default action (exit) or the
// application's own listeners decide what happens next.

/** What `handleSignals` takes. */
export interface SignalOptions {
  /** Signals that flush and stop. Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[] | undefined
  /** Longest time spent flushing before the process is let go, ms. Default 10,000. */
  timeoutMs?: number | undefined
}

type Closer = (timeoutMs: number) => Promise<void>

const registered = new Map<Closer, SignalOptions>()
const listening = new Map<NodeJS.Signals, () => void>()

function onSignal(signal: NodeJS.Signals): void {
  for (const [s, listener] of listening) process.off(s, listener)
  listening.clear()
  const closers = [...registered]
  registered.clear()
  void Promise.allSettled(closers.map(([close, options]) => close(options.timeoutMs ?? 10_000))).then(() => {
    // Nobody else listens: re-raise for the default action (exit with 128 + signal number).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  })
}

function listen(): void {
  const wanted = new Set<NodeJS.Signals>()
  for (const options of registered.values())
    for (const s of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) wanted.add(s)
  for (const s of wanted) {
    if (listening.has(s)) continue
    const listener = () => onSignal(s)
    listening.set(s, listener)
    process.on(s, listener)
  }
}

/**
 * Closes `close` (flush, with a time bound) when the process receives one of `options.signals`.
 * Returns the function that unregisters it (called by `close()` itself).
 */
export function onTerminationSignal(close: Closer, options: SignalOptions = {}): () => void {
  registered.set(close, options)
  listen()
  return () => {
    registered.delete(close)
    if (registered.size === 0) {
      for (const [s, listener] of listening) process.off(s, listener)
      listening.clear()
    }
  }
}
