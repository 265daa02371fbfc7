// A mini-program for e2e/ui-actions.spec.ts: the js-sdk UI actions exposed to Playwright. Calls that
// wait for the user are started with `start(name, ...)` and read back with `result(name)`; every
// outcome is plain JSON (result, or error name / code / data).
import {
  confirm,
  expand,
  haptic,
  mainButton,
  onViewportChanged,
  openLink,
  ready,
  scanQr,
  share,
  showPopup,
  writeClipboard,
} from '@chainless/js-sdk'

/** What a call answered, as plain JSON. */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; name: string; code?: number; message: string; data?: unknown }

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await run()
    return { ok: true, result: result === undefined ? '(undefined)' : JSON.parse(JSON.stringify(result)) }
  } catch (error) {
    const e = error as { name?: string; code?: number; message?: string; data?: unknown }
    return {
      ok: false,
      name: String(e.name),
      ...(e.code === undefined ? {} : { code: e.code }),
      message: String(e.message ?? error),
      ...(e.data === undefined ? {} : { data: JSON.parse(JSON.stringify(e.data)) }),
    }
  }
}

const calls = {
  openLink: (url: string) => openLink(url),
  showPopup: (params: Parameters<typeof showPopup>[0]) => showPopup(params),
  confirm: (message: string) => confirm(message),
  share: (params: Parameters<typeof share>[0]) => share(params),
  writeClipboard: (text: string) => writeClipboard(text),
  showMainButton: (text: string) => mainButton.show(text),
  haptic: () => haptic('impact', 'heavy'),
  expand: () => expand(),
  scanQr: () => scanQr({ hint: 'Scan a ticket' }),
}
type Name = keyof typeof calls

const results: Record<string, Outcome> = {}
const uiApp = {
  presses: 0,
  viewports: [] as unknown[],
  /** Calls `name` and waits for its outcome. */
  run: (name: Name, ...args: unknown[]) =>
    outcome(() => (calls[name] as (...a: unknown[]) => Promise<unknown>)(...args)),
  /** Starts `name`; its outcome is read with `result(key)`. */
  start(key: string, name: Name, ...args: unknown[]) {
    delete results[key]
    void uiApp.run(name, ...args).then((o) => {
      results[key] = o
    })
  },
  /** Starts `name` after `delayMs`: a call made when the user's last gesture has expired. */
  startLater(key: string, delayMs: number, name: Name, ...args: unknown[]) {
    delete results[key]
    setTimeout(() => uiApp.start(key, name, ...args), delayMs)
  },
  result: (key: string): Outcome | null => results[key] ?? null,
}
declare global {
  interface Window {
    uiApp: typeof uiApp
  }
}
window.uiApp = uiApp

// A copy button: the click is the user gesture the host sees (activation reaches ancestor frames).
const copy = document.createElement('button')
copy.id = 'copy'
copy.textContent = 'Copy code'
copy.onclick = () => uiApp.start('copy', 'writeClipboard', 'code-4242')
document.body.append(copy)

mainButton.onPress(() => {
  uiApp.presses++
})
onViewportChanged((viewport) => uiApp.viewports.push(viewport))
await ready()
document.documentElement.dataset.ready = 'true'
