import {
  type AppContext,
  type ErrorPayload,
  isCompatibleProtocol,
  MESSAGE_PREFIX,
  type MethodName,
  PROTOCOL_VERSION,
  toErrorPayload,
  UnauthorizedError,
  UnsupportedMethodError,
  type WelcomeMessage,
} from '@chainless/protocol'
import { helloSchema } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { TokenBucket } from './rate-limit.js'

/** What a window message from an app's iframe means. */
export type WindowMessage =
  /** Not ours (no `chainless:` type) or not meaningful: ignored. */
  | { kind: 'ignore' }
  /** A `chainless:` message from another origin: a foreign document is in the iframe. */
  | { kind: 'foreign'; error: ErrorPayload }
  /** A hello from the manifest's origin with an incompatible protocol: refuse it. */
  | { kind: 'refuse'; error: ErrorPayload }
  /** A valid hello from the manifest's origin: build a channel. */
  | { kind: 'hello' }
  /** The app's document answered a window probe. */
  | { kind: 'probe-ack'; id: string }

/** Handshakes per app: bursts of 5, then one a second; the rest is dropped without a channel. */
export const HELLO_RATE_LIMIT = { capacity: 5, refillPerSecond: 1 } as const
/** Hellos dropped by the limit after which the app is closed (`rate-limited`). */
export const HELLO_FLOOD_CLOSE = 50

/**
 * Reads a window message whose `event.source` is the app's iframe. Total: it reads `type`/`id` only
 * through `typeof` checks and validates a hello strictly (`helloSchema`).
 */
export function readWindowMessage(data: unknown, origin: string, appOrigin: string): WindowMessage {
  if (typeof data !== 'object' || data === null) return { kind: 'ignore' }
  const type = (data as { type?: unknown }).type
  if (typeof type !== 'string' || !type.startsWith(MESSAGE_PREFIX)) return { kind: 'ignore' }
  if (origin !== appOrigin) {
    return {
      kind: 'foreign',
      error: toErrorPayload(new UnauthorizedError('Message from an unexpected origin', { origin })),
    }
  }
  if (type === 'chainless:probe-ack') {
    const id = (data as { id?: unknown }).id
    return typeof id === 'string' && id.length <= 64 ? { kind: 'probe-ack', id } : { kind: 'ignore' }
  }
  if (type !== 'chainless:hello') return { kind: 'ignore' }
  const hello = v.safeParse(helloSchema, data)
  if (!hello.success) return { kind: 'ignore' }
  if (!isCompatibleProtocol(PROTOCOL_VERSION, hello.output.protocol)) {
    const error = toErrorPayload(
      new UnsupportedMethodError('Unsupported protocol version', {
        host: PROTOCOL_VERSION,
        app: hello.output.protocol,
      }),
    )
    return { kind: 'refuse', error }
  }
  return { kind: 'hello' }
}

/** The `welcome` the host sends with the port. */
export function welcomeMessage(capabilities: ReadonlySet<MethodName>, context: AppContext): WelcomeMessage {
  return {
    type: 'chainless:welcome',
    protocol: PROTOCOL_VERSION,
    capabilities: [...capabilities],
    context,
  } satisfies WelcomeMessage
}

/** A new per-app handshake limiter. */
export function helloBucket(now?: () => number): TokenBucket {
  return new TokenBucket(HELLO_RATE_LIMIT, now)
}
