import type { MethodName, Theme, UiActionMethodName, UiAdapter } from '@chainless/protocol'
import type { AppHandle, MethodHandler } from '../app-handle.js'
import type { RateLimitOptions } from '../rate-limit.js'
import { browserDevice, type UiActionDevice } from './device.js'
import { sendUiEvent, type UiActionSheets, uiActionHandlers } from './handlers.js'
import { UiActionLimiter } from './limits.js'

export type { ShareData, UiActionDevice } from './device.js'
export type { UiActionSheets } from './handlers.js'
export { DEFAULT_UI_ACTION_LIMITS } from './limits.js'
export type { MainButtonState } from './main-button.js'

/**
 * Options of the host UI actions (`uiActions` of `createRuntimeHost`).
 *
 * @example
 * ```ts
 * createRuntimeHost({ uiActions: { rateLimits: { uiShowPopup: { capacity: 1, refillPerSecond: 1 / 30 } } } })
 * ```
 */
export interface UiActionsOptions {
  /** Per-app limits of each method, replacing those of {@link DEFAULT_UI_ACTION_LIMITS}. */
  rateLimits?: Partial<Record<UiActionMethodName, RateLimitOptions>>
  /** Replaces parts of the browser's device access (a native wallet's share sheet, haptics, ...). */
  device?: Partial<UiActionDevice>
  /**
   * The sheets for what the wallet's `ui` adapter does not implement (`popup`, `confirmLink`, `share`,
   * `confirmClipboard`, `scanQr`). Default: `@chainless/ui-kit/actions`, loaded on first use.
   */
  sheets?: UiActionSheets | (() => Promise<UiActionSheets>)
  /**
   * Makes the app's frame as tall as the wallet's layout allows (`uiExpand`). Default: marks the
   * frame `data-expanded` (style it in the wallet's CSS).
   */
  expand?: (app: AppHandle) => void
}

/** @internal What the host passes besides the options. */
export interface UiActionsHost {
  ui: () => Promise<UiAdapter>
  theme: () => Theme
  locale: string
}

/**
 * @internal The UI action handlers of a host, and `attach`, which follows an app's frame height
 * (`viewportChanged`).
 * @throws {InvalidOptionError} when a rate limit is not usable
 */
export function createUiActions(
  options: UiActionsOptions,
  host: UiActionsHost,
): { handlers: ReadonlyMap<MethodName, MethodHandler>; attach(app: AppHandle): void } {
  let loading: Promise<UiActionSheets> | undefined
  const sheets = (): Promise<UiActionSheets> => {
    const given = options.sheets
    if (typeof given === 'object') return Promise.resolve(given)
    loading ??= (
      typeof given === 'function'
        ? given()
        : import('@chainless/ui-kit/actions').then(({ createActionSheets }) =>
            createActionSheets({ theme: host.theme, locale: host.locale }),
          )
    ).catch((error: unknown) => {
      loading = undefined // a failed chunk load is tried again on the next call
      throw error
    })
    return loading
  }
  const { handlers, viewport } = uiActionHandlers({
    ui: host.ui,
    sheets,
    device: { ...browserDevice, ...options.device },
    limiter: new UiActionLimiter(options.rateLimits),
    expand:
      options.expand ??
      ((app) => {
        app.iframe.dataset.expanded = ''
      }),
  })
  return {
    handlers,
    attach(app) {
      if (typeof ResizeObserver !== 'function') return
      // A frame not laid out yet (height 0, e.g. hidden) has no viewport to report.
      let last = 0
      const report = () => {
        if (app.state !== 'ready') return
        const current = viewport(app)
        if (current.height === last) return
        last = current.height
        sendUiEvent(app, 'viewportChanged', current)
      }
      const observer = new ResizeObserver(report)
      observer.observe(app.iframe)
      app.on('ready', report)
      app.on('close', () => observer.disconnect())
    },
  }
}
