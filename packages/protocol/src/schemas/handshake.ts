/** Schemas of the window-level handshake messages the host receives. */
import * as v from 'valibot'
import { shortText, strictRecord } from './shared.js'

/** Schema of the app's `hello` (strict: unknown keys are refused). */
export const helloSchema = strictRecord({
  type: v.literal('chainless:hello'),
  protocol: shortText(16),
  sdkVersion: shortText(64),
})
