import type { PlatformClient } from '../platform/client.js'
import { type CallOptions, forward } from './call-options.js'

/** A message pushed to one user of the app (shown in the wallet's notifications). */
export interface MessageInput {
  /** The user: the `sub` of the app's access tokens (lower-case 0x address). */
  userId: string
  /** 1..120 characters. */
  title: string
  /** 1..2000 characters. */
  body: string
  /** A link (http/https, ≤ 2048) the wallet opens. */
  url?: string | undefined
}

/** What the platform recorded. */
export interface SentMessage {
  id: string
  createdAt: string
}

/** `client.messages`. */
export interface MessagesService {
  /**
   * Pushes a message (`POST /api/v1/messages`). Retried calls carry the same `Idempotency-Key`, so a
   * message whose answer was lost is recorded once. 404 `unknown_user` when the user never authorized
   * the app.
   */
  send(message: MessageInput, options?: CallOptions): Promise<SentMessage>
}

/**
 * Builds `client.messages` on `client`.
 *
 * @example
 * ```ts
 * await messagesService(client).send({ userId: '0xf39f…', title: 'Order shipped', body: 'It is on its way' })
 * ```
 */
export function messagesService(client: PlatformClient): MessagesService {
  return {
    send: (message, options) => {
      const body: MessageInput = { userId: message.userId, title: message.title, body: message.body }
      if (message.url !== undefined) body.url = message.url
      return client.request<SentMessage>('POST', '/api/v1/messages', { ...forward(options), body })
    },
  }
}
