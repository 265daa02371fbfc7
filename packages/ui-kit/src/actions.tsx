// @chainless/ui-kit/actions: the sheets of the host UI actions (popup, link confirmation, share
// fallback, clipboard confirmation, QR scan). A separate entry: a wallet loads it on an app's first UI
// action, and the consent and signing sheets of `./adapter` do not grow.
import {
  type ClipboardRequest,
  type Confirmation,
  LimitExceededError,
  type LinkRequest,
  type Manifest,
  type PopupDecision,
  type PopupRequest,
  type ScanQrRequest,
  type ScanQrResult,
  type ShareDecision,
  type ShareRequest,
  type Theme,
  UserRejectedError,
} from '@chainless/protocol'
import { type ComponentChildren, Fragment, render } from 'preact'
import { ClipboardSheet } from './actions/ClipboardSheet.js'
import { LinkSheet } from './actions/LinkSheet.js'
import { ACTION_MESSAGES, type ActionMessages } from './actions/messages.js'
import { PopupSheet } from './actions/PopupSheet.js'
import { ScanQrSheet } from './actions/ScanQrSheet.js'
import { ShareSheet } from './actions/ShareSheet.js'
import { ArmDelayContext, PRIMARY_ACTION_DELAY_MS } from './components/armed.js'
import { UiProvider } from './components/UiProvider.js'

export { ClipboardSheet, type ClipboardSheetProps } from './actions/ClipboardSheet.js'
export { LinkSheet, type LinkSheetProps } from './actions/LinkSheet.js'
export { ACTION_MESSAGES, type ActionMessages } from './actions/messages.js'
export { PopupSheet, type PopupSheetProps } from './actions/PopupSheet.js'
export { ScanQrSheet, type ScanQrSheetProps } from './actions/ScanQrSheet.js'
export { ShareSheet, type ShareSheetProps } from './actions/ShareSheet.js'

/** Options of {@link createActionSheets}. */
export interface ActionSheetsOptions {
  /** Where sheets render; default a `<div>` appended to `document.body` while one is open. */
  container?: HTMLElement
  /** `light` or `dark`, or a getter read at each sheet (to follow the host's theme). */
  theme?: Theme | (() => Theme | undefined)
  /** BCP 47 tag, for the shared ui-kit strings and text direction. */
  locale?: string
  /** Replacements of the English {@link ACTION_MESSAGES}. */
  messages?: Partial<ActionMessages>
  /** How long (ms) the Open and Copy buttons stay disabled after a sheet appears; default 500. */
  primaryActionDelayMs?: number
  /** Writes to the clipboard for the share sheet's copy button; default `navigator.clipboard.writeText`. */
  copy?: (text: string) => Promise<boolean>
  /** Requests one app may have open or queued; more reject at once with `LimitExceededError` (-32005). Default 5. */
  maxPendingPerApp?: number
}

/** The UI action sheets: the optional methods of `UiAdapter`, all present. */
export interface ActionSheets {
  popup(request: PopupRequest): Promise<PopupDecision>
  confirmLink(request: LinkRequest): Promise<Confirmation>
  share(request: ShareRequest): Promise<ShareDecision>
  confirmClipboard(request: ClipboardRequest): Promise<Confirmation>
  scanQr(request: ScanQrRequest): Promise<ScanQrResult>
  /** Closes any open or queued sheet (each rejects with `UserRejectedError`). */
  destroy(): void
}

type View = (resolve: (value: never) => void, reject: () => void) => ComponentChildren
interface Job {
  id: number
  app: string
  view: View
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  signal?: AbortSignal | undefined
}

const defaultCopy = (text: string) =>
  navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  )

/**
 * Creates the sheets the runtime host uses for the UI actions when the wallet's adapter has none of
 * its own. One sheet at a time, in order; a dismissed popup resolves `{ buttonId: null }`, a dismissed
 * share sheet `{ shared: false }`, the other sheets reject with `UserRejectedError` (4001); an aborted
 * `signal` closes the sheet and rejects with its reason.
 *
 * @example
 * ```ts
 * import { createActionSheets } from '@chainless/ui-kit/actions'
 * const sheets = createActionSheets({ theme: 'dark' })
 * const { buttonId } = await sheets.popup({ manifest, message: 'Delete?', buttons: [{ id: 'yes', text: 'Delete', style: 'destructive' }] })
 * ```
 */
export function createActionSheets(options: ActionSheetsOptions = {}): ActionSheets {
  const messages: ActionMessages = { ...ACTION_MESSAGES, ...options.messages }
  const delay = options.primaryActionDelayMs ?? PRIMARY_ACTION_DELAY_MS
  const copy = options.copy ?? defaultCopy
  const maxPending = options.maxPendingPerApp ?? 5
  const queue: Job[] = []
  let ids = 0
  let container: HTMLElement | undefined

  const paint = () => {
    const job = queue[0]
    if (!job) {
      if (container) render(null, container)
      if (container && !options.container) container.remove()
      container = undefined
      return
    }
    container ??= options.container ?? document.body.appendChild(document.createElement('div'))
    const theme = typeof options.theme === 'function' ? options.theme() : options.theme
    render(
      <ArmDelayContext.Provider value={delay}>
        <UiProvider theme={theme} locale={options.locale}>
          <Fragment key={job.id}>
            {job.view(
              (value) => finish(job, () => job.resolve(value)),
              () => finish(job, () => job.reject(new UserRejectedError())),
            )}
          </Fragment>
        </UiProvider>
      </ArmDelayContext.Provider>,
      container,
    )
  }
  const onAbort = (job: Job) => () => finish(job, () => job.reject(job.signal?.reason))
  const aborts = new WeakMap<Job, () => void>()
  const finish = (job: Job, settle: () => void) => {
    const i = queue.indexOf(job)
    if (i === -1) return
    queue.splice(i, 1)
    const abort = aborts.get(job)
    if (abort) job.signal?.removeEventListener('abort', abort)
    settle()
    if (i === 0) paint()
  }
  const open = <T,>(
    request: { manifest: Manifest; signal?: AbortSignal | undefined },
    view: View,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const signal = request.signal
      if (signal?.aborted) return reject(signal.reason)
      // One app cannot bury the user (or another app) under sheets: its excess is refused at once.
      const app = String(request.manifest?.appId)
      if (queue.filter((j) => j.app === app).length >= maxPending)
        return reject(new LimitExceededError('Too many pending requests'))
      const job: Job = { id: ++ids, app, view, resolve: resolve as (value: unknown) => void, reject, signal }
      if (signal) {
        const abort = onAbort(job)
        aborts.set(job, abort)
        signal.addEventListener('abort', abort, { once: true })
      }
      queue.push(job)
      if (queue.length === 1) paint()
    })
  const strip = <R extends { signal?: AbortSignal }>({ signal: _, ...rest }: R) => rest

  return {
    popup: (r) =>
      open(r, (done) => <PopupSheet {...strip(r)} onDecision={done as (d: PopupDecision) => void} />),
    confirmLink: (r) =>
      open(r, (done, no) => (
        <LinkSheet
          {...strip(r)}
          messages={messages}
          onConfirm={() => (done as (c: Confirmation) => void)({ confirmed: true })}
          onReject={no}
        />
      )),
    share: (r) =>
      open(r, (done) => (
        <ShareSheet
          {...strip(r)}
          messages={messages}
          copy={copy}
          onDecision={done as (d: ShareDecision) => void}
        />
      )),
    confirmClipboard: (r) =>
      open(r, (done, no) => (
        <ClipboardSheet
          {...strip(r)}
          messages={messages}
          onConfirm={() => (done as (c: Confirmation) => void)({ confirmed: true })}
          onReject={no}
        />
      )),
    scanQr: (r) =>
      open(r, (done, no) => (
        <ScanQrSheet
          {...strip(r)}
          messages={messages}
          onResult={done as (s: ScanQrResult) => void}
          onReject={no}
        />
      )),
    destroy() {
      for (const job of queue.splice(0)) job.reject(new UserRejectedError('UI destroyed'))
      paint()
    },
  }
}
