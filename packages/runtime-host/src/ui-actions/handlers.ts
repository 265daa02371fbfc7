import {
  type BrowserPermission,
  InvalidParamsError,
  type MethodName,
  type UiActionEvents,
  type UiActionMethodName,
  type UiAdapter,
  UnauthorizedError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
import { uiActionSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import type { AppHandle, MethodHandler } from '../app-handle.js'
import { hapticPattern, type UiActionDevice } from './device.js'
import type { UiActionLimiter } from './limits.js'
import { MainButton } from './main-button.js'

/** The sheets the UI actions ask the user with: the optional methods of {@link UiAdapter}. */
export type UiActionSheets = Required<
  Pick<UiAdapter, 'popup' | 'confirmLink' | 'share' | 'confirmClipboard' | 'scanQr'>
>
type SheetKind = keyof UiActionSheets

/** @internal What the UI action handlers need from the host. */
export interface UiActionDeps {
  /** The host's UI adapter: its own sheet methods are used when it has them. */
  ui: () => Promise<UiAdapter>
  /** The sheets used for what the adapter lacks (default: `@chainless/ui-kit/actions`). */
  sheets: () => Promise<UiActionSheets>
  device: UiActionDevice
  limiter: UiActionLimiter<AppHandle>
  /** Makes the app's frame as tall as the wallet allows (`uiExpand`). */
  expand: (app: AppHandle) => void
}

/**
 * Sends a UI action event. `HostEvents` is the protocol's list of host events; these two are declared
 * with the UI actions (`UiActionEvents`), hence the one widening here.
 */
export function sendUiEvent<E extends keyof UiActionEvents>(
  app: AppHandle,
  event: E,
  data: UiActionEvents[E],
): boolean {
  return (app.send as (event: string, data: unknown) => boolean)(event, data)
}

function parse<M extends UiActionMethodName>(
  method: M,
  params: unknown,
): v.InferOutput<(typeof uiActionSchemas)[M]['params']> {
  const result = v.safeParse(uiActionSchemas[method].params, params)
  if (!result.success) {
    throw new InvalidParamsError('Invalid params', {
      issues: result.issues.slice(0, 10).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`),
    })
  }
  return result.output
}

/** 4100 unless the manifest declares `permission` (what the user saw in the security notice). */
function assertDeclared(app: AppHandle, permission: BrowserPermission): void {
  if (!app.manifest.permissions?.includes(permission)) {
    throw new UnauthorizedError('Permission not declared in the manifest', {
      permission,
      reason: 'permission_not_declared',
    })
  }
}

/** `fallback` when the user closed the sheet (4001); any other error passes. */
async function unlessRejected<T>(ask: Promise<T>, fallback: T): Promise<T> {
  try {
    return await ask
  } catch (error) {
    if (error instanceof UserRejectedError) return fallback
    throw error
  }
}

/**
 * @internal The handlers of the UI action methods, and the per-app state they keep (the main button,
 * whether the app expanded). Every handler takes a rate-limit token first (4290), then validates.
 */
export function uiActionHandlers(deps: UiActionDeps): {
  handlers: ReadonlyMap<MethodName, MethodHandler>
  /** The app's main button, created on its first `uiSetMainButton`. */
  mainButton(app: AppHandle): MainButton
  /** Height of the app's frame, CSS px, and whether it expanded. */
  viewport(app: AppHandle): UiActionEvents['viewportChanged']
} {
  const buttons = new WeakMap<AppHandle, MainButton>()
  const expanded = new WeakSet<AppHandle>()

  const sheet = async <K extends SheetKind>(kind: K): Promise<UiActionSheets[K]> => {
    const adapter = await deps.ui()
    const own = adapter[kind]
    if (own) return own.bind(adapter) as UiActionSheets[K]
    const sheets = await deps.sheets()
    return sheets[kind].bind(sheets) as UiActionSheets[K]
  }

  const mainButton = (app: AppHandle): MainButton => {
    let button = buttons.get(app)
    if (!button) {
      button = new MainButton(app.iframe, () => sendUiEvent(app, 'mainButtonPressed', {}))
      buttons.set(app, button)
      const created = button
      app.on('close', () => created.remove())
    }
    return button
  }

  const viewport = (app: AppHandle) => ({
    height: Math.round(app.iframe.getBoundingClientRect().height),
    expanded: expanded.has(app),
  })

  const limited = <M extends UiActionMethodName>(
    method: M,
    handle: (
      params: v.InferOutput<(typeof uiActionSchemas)[M]['params']>,
      context: { app: AppHandle; signal: AbortSignal },
    ) => unknown,
  ): [MethodName, MethodHandler] => [
    method,
    (params, context) => {
      deps.limiter.take(context.app, method)
      return handle(parse(method, params), context)
    },
  ]

  const handlers = new Map<MethodName, MethodHandler>([
    limited('uiOpenLink', async ({ url }, { app, signal }) => {
      // The app's own origin opens at once; any other site is confirmed by the user first.
      if (new URL(url).origin !== new URL(app.manifest.origin).origin) {
        const confirm = await sheet('confirmLink')
        const confirmed = await unlessRejected(
          confirm({ manifest: app.manifest, url, signal }).then(() => true),
          false,
        )
        if (!confirmed) return { opened: false }
      }
      return { opened: (await deps.device.openUrl(url)) === true }
    }),
    limited('uiShowPopup', async ({ title, message, buttons }, { app, signal }) => {
      const popup = await sheet('popup')
      const request = {
        manifest: app.manifest,
        message,
        buttons: (buttons ?? [{ id: 'ok', text: 'OK' }]).map((b) => ({ ...b, style: b.style ?? 'default' })),
        signal,
        ...(title === undefined ? {} : { title }),
      }
      const { buttonId } = await unlessRejected(popup(request), { buttonId: null })
      // Only an id the app gave can come back, whatever the adapter answers.
      return { buttonId: request.buttons.some((b) => b.id === buttonId) ? buttonId : null }
    }),
    limited('uiShare', async (data, { app, signal }) => {
      const system = await deps.device.share(data)
      if (system !== undefined) return { shared: system }
      const share = await sheet('share')
      const { shared } = await unlessRejected(share({ manifest: app.manifest, ...data, signal }), {
        shared: false,
      })
      return { shared: shared === true }
    }),
    limited('uiWriteClipboard', async ({ text }, { app, signal }) => {
      assertDeclared(app, 'clipboard-write')
      // A click in the app's frame activates the host page too (activation propagates to ancestors and
      // cannot be forged by script); without one, the user confirms, which activates the host page.
      if (!deps.device.hasUserActivation()) {
        const confirm = await sheet('confirmClipboard')
        const confirmed = await unlessRejected(
          confirm({ manifest: app.manifest, text, signal }).then(() => true),
          false,
        )
        if (!confirmed) return { written: false }
      }
      return { written: (await deps.device.writeClipboard(text)) === true }
    }),
    limited('uiSetMainButton', (state, { app }) => {
      mainButton(app).set(state)
      return null
    }),
    limited('uiHaptic', ({ kind, style }) => {
      deps.device.vibrate(hapticPattern(kind, style))
      return null
    }),
    limited('uiExpand', (_params, { app }) => {
      expanded.add(app)
      deps.expand(app)
      const current = viewport(app)
      sendUiEvent(app, 'viewportChanged', current)
      return current
    }),
    limited('uiScanQr', async (params, { app, signal }) => {
      assertDeclared(app, 'camera')
      const reason = await deps.device.scanUnavailable()
      if (reason) {
        throw new UnsupportedMethodError(
          reason === 'no_camera' ? 'This device has no camera' : 'This browser cannot read QR codes',
          { method: 'uiScanQr', reason },
        )
      }
      const scan = await sheet('scanQr')
      const { text } = await scan({
        manifest: app.manifest,
        signal,
        ...(params?.hint ? { hint: params.hint } : {}),
      })
      return { text: String(text).slice(0, 4096) }
    }),
  ])
  return { handlers, mainButton, viewport }
}
