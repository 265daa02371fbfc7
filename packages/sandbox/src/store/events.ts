import type { Store } from './store.js'

/** Something that happened in the store that an app's back end hears about (a webhook event). */
export type StoreEvent =
  | {
      type: 'authorization.revoked'
      appId: string
      data: { userId: string; scope: string[] }
    }
  | {
      type: 'transaction.confirmed'
      appId: string
      data: { hash: string; status: 'confirmed' | 'failed'; blockNumber: number; chainId: number }
    }
  | {
      /** A transaction was recorded as pending (the API tracks it to its final status). */
      type: 'broadcast.recorded'
      appId: string | null
      data: { hash: string; chainId: number }
    }

/** Hears {@link StoreEvent}s. Must not throw (errors are swallowed). */
export type StoreEventListener = (event: StoreEvent) => void

const listeners = new WeakMap<Store, Set<StoreEventListener>>()

/**
 * Subscribes to the store's events (the platform API turns them into webhooks). Answers the unsubscribe.
 *
 * @example
 * ```ts
 * const off = onStoreEvent(store, (e) => console.log(e.type, e.appId))
 * off()
 * ```
 */
export function onStoreEvent(store: Store, listener: StoreEventListener): () => void {
  const set = listeners.get(store) ?? new Set<StoreEventListener>()
  listeners.set(store, set)
  set.add(listener)
  return () => set.delete(listener)
}

/** Tells the listeners (after the change is written; a failing listener does not undo it). */
export function emitStoreEvent(store: Store, event: StoreEvent): void {
  for (const listener of listeners.get(store) ?? []) {
    try {
      listener(event)
    } catch {
      // a listener's failure is its own
    }
  }
}
