/** UI action methods: registry entries and types (no runtime dependency; schemas in `schemas/ui-actions.ts`). */
import type { uiActionSchemas } from '../schemas/ui-actions.js'
import { INSTANT, type MethodInfo, type MethodTypes, USER_TIMEOUT_MS } from './registry.js'

/** Params and result of the UI action methods, inferred from their schemas. */
export type UiActionMethods = MethodTypes<typeof uiActionSchemas>

/** A method that shows the user a sheet and waits for the answer. */
const ASKS_USER: MethodInfo = /* @__PURE__ */ Object.freeze({
  scope: null,
  waitsForUser: true,
  timeoutMs: USER_TIMEOUT_MS,
})

/**
 * Registry entries of the UI action methods. No scope: they carry no user data to the app. The host
 * still checks the manifest's browser permissions where an action touches the device (`camera` for
 * `uiScanQr`, `clipboard-write` for `uiWriteClipboard`: 4100 when undeclared) and rate-limits each
 * method per app (4290).
 */
export const UI_ACTION_METHODS = {
  uiOpenLink: ASKS_USER,
  uiShowPopup: ASKS_USER,
  uiShare: ASKS_USER,
  uiWriteClipboard: ASKS_USER,
  uiSetMainButton: INSTANT,
  uiHaptic: INSTANT,
  uiExpand: INSTANT,
  uiScanQr: ASKS_USER,
} as const satisfies { readonly [M in keyof UiActionMethods]: MethodInfo }

/** A UI action method name. */
export type UiActionMethodName = keyof UiActionMethods

/**
 * Host → app events of the UI actions (part of `HostEvents`).
 */
export interface UiActionEvents {
  /** The app's visible height changed (CSS px), e.g. after `uiExpand` or a resize of the host. */
  viewportChanged: { height: number; expanded: boolean }
  /** The user pressed the main button (`uiSetMainButton`). */
  mainButtonPressed: Record<string, never>
}
