import type { Store } from '../../store/index.js'
import { hasAuthorized, insertMessage, listMessages } from '../../store/messages.js'
import { findWalletSession } from '../../store/wallet-sessions.js'
import type { Handlers } from '../context.js'
import { ApiProblem } from '../problem.js'

/** Body of `POST /api/v1/messages` (validated by the OpenAPI document before the handler). */
interface MessageBody {
  userId: string
  title: string
  body: string
  url?: string
}

/**
 * `POST /api/v1/messages` (app, HMAC: a message to one of its users, who must have authorized it) and
 * `GET /api/v1/wallet/messages` (the wallet session's messages, newest first).
 *
 * @example
 * ```ts
 * const handlers = { ...messageRoutes({ store }) }
 * ```
 */
export function messageRoutes(deps: { store: Store }): Handlers {
  const { store } = deps
  return {
    sendMessage: ({ appId, body }) => {
      const message = body as MessageBody
      if (!hasAuthorized(store, appId!, message.userId))
        throw new ApiProblem(404, 'unknown_user', 'This user never authorized the app')
      const created = insertMessage(store, { appId: appId!, ...message })
      return { status: 201, body: created }
    },
    listWalletMessages: ({ req }) => {
      const token = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(req.headers.authorization ?? '')?.[1]
      const session = token === undefined ? undefined : findWalletSession(store, token)
      if (!session)
        throw new ApiProblem(401, 'invalid_session', 'A live wallet session is required', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        })
      return { status: 200, body: { messages: listMessages(store, session.address) } }
    },
  }
}
