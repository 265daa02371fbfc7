import type { MethodName } from '@chainless/protocol'
import type { MethodHandler } from './app-handle.js'

/** The lifecycle methods every host serves. */
export const lifecycleHandlers: ReadonlyMap<MethodName, MethodHandler> = new Map<MethodName, MethodHandler>([
  [
    'ready',
    (_params, { app }) => {
      app.markReady()
      return null
    },
  ],
  [
    'close',
    (_params, { app }) => {
      // Answer first, then close: the app's call resolves before its document goes away.
      setTimeout(() => app.close('app'), 0)
      return null
    },
  ],
  [
    'setBackButton',
    (params, { app }) => {
      app.setBackButtonVisible((params as { visible: boolean }).visible)
      return null
    },
  ],
  ['getContext', (_params, { app }) => app.context],
  ['ping', () => ({ time: Date.now() })],
])
