import type { ProbeAckMessage } from '@chainless/protocol'

// The origin of the host we last connected to (and did not refuse): the only one we answer.
let hostOrigin: string | undefined
let listening = false

/**
 * @internal Answers the host's window-level liveness probe (`chainless:probe` from `window.parent` on
 * the connected host's origin) for as long as this document lives, also between sessions. Only the
 * app's own document receives the probe (the host targets the app's origin), so a frame that holds a
 * copy of our port cannot answer for us.
 */
export function answerProbes(origin: string | undefined): void {
  hostOrigin = origin
  if (listening || !origin) return
  listening = true
  window.addEventListener('message', ({ source, origin, data }) => {
    if (source !== window.parent || origin !== hostOrigin) return
    const { type, id } = (typeof data === 'object' && data) || {}
    if (type !== 'chainless:probe' || typeof id !== 'string' || id.length > 64) return
    try {
      window.parent.postMessage({ type: 'chainless:probe-ack', id } satisfies ProbeAckMessage, origin)
    } catch {
      // An opaque ("null") host origin cannot be a target: such a host gets no answer.
    }
  })
}
