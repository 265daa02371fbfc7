/** A tiny typed event emitter. A throwing listener is reported, never breaks the others. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(data: never) => void>>()

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: (data: Events[E]) => void): () => void {
    let set = this.#listeners.get(event)
    if (!set) {
      set = new Set()
      this.#listeners.set(event, set)
    }
    set.add(listener as (data: never) => void)
    return () => this.off(event, listener)
  }

  /** Unsubscribes a listener added with `on`. */
  off<E extends keyof Events>(event: E, listener: (data: Events[E]) => void): void {
    this.#listeners.get(event)?.delete(listener as (data: never) => void)
  }

  /** Calls every listener of `event` with `data`. */
  protected fire<E extends keyof Events>(event: E, data: Events[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        ;(listener as (data: Events[E]) => void)(data)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}
