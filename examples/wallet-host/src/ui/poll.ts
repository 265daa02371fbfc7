// A light poll for lists that change under the host (IndexedDB records, the tracker, the platform).
import { useEffect, useRef } from 'preact/hooks'

/**
 * Calls `load` now, whenever `deps` change, and every `ms` while the page is visible; a slow load is
 * never overlapped by the next one. Errors are the caller's to show (they are caught and logged here).
 *
 * @example
 * ```ts
 * usePoll(async () => setRows(await wallet.transactions()), 1000, [account])
 * ```
 */
export function usePoll(load: () => Promise<void>, ms: number, deps: readonly unknown[]): void {
  const latest = useRef(load)
  latest.current = load
  useEffect(() => {
    let running = false
    let stopped = false
    const tick = async () => {
      if (running || stopped) return
      running = true
      try {
        await latest.current()
      } catch (error) {
        console.warn('wallet poll:', (error as Error).message)
      } finally {
        running = false
      }
    }
    void tick()
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') void tick()
    }, ms)
    return () => {
      stopped = true
      clearInterval(id)
    }
  }, deps)
}
