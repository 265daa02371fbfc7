import type { AppContext } from './context.js'
import type { ErrorPayload } from './errors.js'
import type { HostEventName, HostEvents } from './events.js'
import type { MethodName } from './methods.js'

/** Prefix of every window-level message, so unrelated `postMessage` traffic is ignored. */
export const MESSAGE_PREFIX = 'chainless:'

/** App → `window.parent`: the first message; carries no secrets. */
export interface HelloMessage {
  type: 'chainless:hello'
  protocol: string
  sdkVersion: string
}

/** Host → app, with the private `MessagePort` transferred alongside, to the app's exact origin. */
export interface WelcomeMessage {
  type: 'chainless:welcome'
  protocol: string
  capabilities: readonly MethodName[]
  context: AppContext
}

/** Host → app when the handshake is refused (e.g. a newer major protocol). No port. */
export interface RefuseMessage {
  type: 'chainless:refuse'
  error: ErrorPayload
}

/** Host → app over the port: an event. */
export interface EventMessage<E extends HostEventName = HostEventName> {
  type: 'chainless:event'
  event: E
  data: HostEvents[E]
}

/** Host → app over the port: the session is over; pending calls settle with 4900. */
export interface DisconnectMessage {
  type: 'chainless:disconnect'
  reason: string
}

/**
 * Host → the app's document (`iframe.contentWindow`), posted with the manifest's origin as target so
 * only the app's own document can receive it: is the connected app still in this iframe?
 */
export interface ProbeMessage {
  type: 'chainless:probe'
  /** At most 64 characters. */
  id: string
}

/** App document → `window.parent`, to the connected host's origin: the answer to a {@link ProbeMessage}. */
export interface ProbeAckMessage {
  type: 'chainless:probe-ack'
  id: string
}
