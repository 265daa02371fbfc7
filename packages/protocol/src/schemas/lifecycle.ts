/** Param and result schemas of the lifecycle methods (`ready`, `close`, `setBackButton`, `getContext`, `ping`). */
import * as v from 'valibot'
import { appContextSchema } from './context.js'
import { noParams, optionalParams, shortText, strictRecord } from './shared.js'

/** Schemas of the lifecycle methods; their TypeScript types are inferred from these. */
export const lifecycleSchemas = {
  /** The app has rendered its first screen: the host drops its splash. */
  ready: { params: noParams, result: v.null() },
  /** The app asks to be closed. */
  close: { params: optionalParams(strictRecord({ reason: v.optional(shortText(200)) })), result: v.null() },
  /** Show or hide the host's back button; presses arrive as the `backButton` event. */
  setBackButton: { params: strictRecord({ visible: v.boolean() }), result: v.null() },
  /** The current context (theme and insets may have changed since the handshake). */
  getContext: { params: noParams, result: appContextSchema },
  /** Liveness check; resolves with the host's clock (ms since epoch). */
  ping: { params: noParams, result: strictRecord({ time: v.number() }) },
} as const
