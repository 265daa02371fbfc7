// Test helpers (not exported by the package): a fake app document that says hello to a mounted
// AppHandle and talks to the host over the real MessagePort it gets, in comlink's wire format.
import type { ErrorPayload } from '@chainless/protocol'
import type { AppHandle } from './app-handle.js'

/** What the app got for one call. */
export type Answer = { ok: true; value: unknown } | { ok: false; error: ErrorPayload }

/** The app's side of a connected bridge. */
export interface FakeApp {
  /** Calls `method` and resolves with the answer (never rejects). */
  call(method: string, params?: unknown): Promise<Answer>
  /** Posts any message on the port (answered ones resolve through `answers`). */
  post(message: unknown): void
  /** Host events received so far. */
  readonly events: { event: string; data: unknown }[]
  /** Every reply received, in order. */
  readonly replies: Record<string, unknown>[]
}

let nextId = 0

/** Says hello to `app` from a stand-in window and returns the app's end of the bridge. */
export function connectApp(app: AppHandle): FakeApp {
  let port: MessagePort | undefined
  const source = {
    postMessage(_message: unknown, _origin: string, transfer?: Transferable[]) {
      port ??= transfer?.[0] as MessagePort | undefined
    },
  }
  app.handleWindowMessage({
    data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' },
    origin: app.manifest.origin,
    source,
  } as unknown as MessageEvent)
  if (!port) throw new Error('no welcome')
  const waiting = new Map<string, (answer: Answer) => void>()
  const events: { event: string; data: unknown }[] = []
  const replies: Record<string, unknown>[] = []
  port.onmessage = (event: MessageEvent) => {
    const data = event.data as Record<string, unknown>
    if (data.type === 'chainless:event') {
      events.push({ event: data.event as string, data: data.data })
      return
    }
    replies.push(data)
    const done = waiting.get(data.id as string)
    if (!done) return
    waiting.delete(data.id as string)
    if (data.type === 'RAW') done({ ok: true, value: data.value })
    else done({ ok: false, error: (data.value as { value: ErrorPayload }).value })
  }
  const bridge = port
  return {
    events,
    replies,
    post: (message) => bridge.postMessage(message),
    call(method, params) {
      const id = `c${++nextId}`
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        bridge.postMessage({
          id,
          type: 'APPLY',
          path: [method],
          argumentList: params === undefined ? [] : [{ type: 'RAW', value: params }],
        })
      })
    },
  }
}
