import {
  type AppInfoDecision,
  type AppInfoRequest,
  type Confirmation,
  type ConsentDecision,
  type ConsentRequest,
  InvalidParamsError,
  LimitExceededError,
  type Manifest,
  type SecurityNoticeRequest,
  type SignMessageRequest,
  type SignTypedDataRequest,
  type TransactionRequest,
  type UiAdapter,
  UserRejectedError,
} from '@chainless/protocol'
import { type ComponentChildren, Fragment, render } from 'preact'
import { ArmDelayContext, PRIMARY_ACTION_DELAY_MS } from './components/armed.js'
import { UiProvider } from './components/UiProvider.js'
import { addLocale, type Messages } from './i18n.js'
import { AppInfoPage } from './sheets/AppInfoPage.js'
import { ConsentSheet } from './sheets/ConsentSheet.js'
import { SecurityNotice } from './sheets/SecurityNotice.js'
import { SignMessageSheet } from './sheets/SignMessageSheet.js'
import { TransactionSheet } from './sheets/TransactionSheet.js'

/** Options of {@link createSheetUi}. */
export interface SheetUiOptions {
  /** Where sheets render; default a `<div>` appended to `document.body` on first use. */
  container?: HTMLElement
  /** BCP 47 tag (default: `<html lang>`, then `navigator.language`). */
  locale?: string
  /** `light` or `dark`; omitted: follow `prefers-color-scheme`. */
  theme?: 'light' | 'dark'
  /**
   * Languages to add besides English, by tag (see {@link addLocale}), e.g.
   * `{ 'zh-CN': zhCN }` with `zhCN` from `@chainless/ui-kit/locales/zh-CN`.
   */
  locales?: Record<string, Messages>
  /**
   * How long (ms) each sheet's primary action (Confirm, Sign, Allow, Continue, Share…) stays
   * disabled after the sheet appears; default {@link PRIMARY_ACTION_DELAY_MS} (500). Tests may pass 0.
   */
  primaryActionDelayMs?: number
  /**
   * Requests one app (`request.manifest.appId`) may have pending, shown one included; default
   * {@link MAX_PENDING_PER_APP} (5). More reject at once with `LimitExceededError` (-32005).
   */
  maxPendingPerApp?: number
}

/** Default of {@link SheetUiOptions.maxPendingPerApp}. */
export const MAX_PENDING_PER_APP = 5

/** The default UI adapter: a {@link UiAdapter} plus theme and locale control. */
export interface SheetUi extends UiAdapter {
  /** Follows the host's theme; an open sheet re-renders. */
  setTheme(theme: 'light' | 'dark' | undefined): void
  /** Changes the language; an open sheet re-renders. */
  setLocale(locale: string): void
  /** Closes any open or queued sheet (each rejects with `UserRejectedError`) and removes what it added. */
  destroy(): void
}

type Settle<T> = { resolve: (value: T) => void; reject: (reason: unknown) => void }
type Render = (done: (value: unknown) => void, reject: () => void) => ComponentChildren
interface Job {
  /** Unique: the key of its sheet, so no request ever reuses the component state of another. */
  id: number
  app: string
  view: Render
  settle: Settle<unknown>
  signal?: AbortSignal
  onAbort?: () => void
}

/**
 * Creates the default UI adapter that `@chainless/runtime-host` uses when the wallet passes none:
 * it renders the ui-kit system sheets in the host page, one at a time (later requests wait in
 * order). Each method resolves with the user's typed decision; rejecting, the close button, Escape
 * and a backdrop click reject with `UserRejectedError` (4001); an aborted `signal` closes the sheet
 * and rejects with `signal.reason`.
 *
 * @example
 * ```ts
 * import { createSheetUi } from '@chainless/ui-kit/adapter'
 * import { zhCN } from '@chainless/ui-kit/locales/zh-CN'
 * const ui = createSheetUi({ theme: 'dark', locale: 'zh-CN', locales: { 'zh-CN': zhCN } })
 * const { granted } = await ui.consent({ manifest, scopes: ['user:basic', 'user:phone'] })
 * ```
 */
export function createSheetUi(options: SheetUiOptions = {}): SheetUi {
  for (const [tag, messages] of Object.entries(options.locales ?? {})) addLocale(tag, messages)
  let theme = options.theme
  let locale =
    options.locale ||
    (typeof document !== 'undefined' && document.documentElement.lang) ||
    (typeof navigator !== 'undefined' && navigator.language) ||
    'en'
  let container = options.container
  let owned = false
  const queue: Job[] = []
  let destroyed = false
  let ids = 0
  const delay = options.primaryActionDelayMs ?? PRIMARY_ACTION_DELAY_MS
  const maxPending = options.maxPendingPerApp ?? MAX_PENDING_PER_APP

  const paint = () => {
    const job = queue[0]
    if (!container) {
      if (!job) return
      container = document.createElement('div')
      container.dataset.chainlessUi = ''
      document.body.append(container)
      owned = true
    }
    try {
      render(
        job ? (
          <ArmDelayContext.Provider value={delay}>
            <UiProvider theme={theme} locale={locale || undefined}>
              <Fragment key={job.id}>
                {job.view(
                  (value) => finish(job, () => job.settle.resolve(value)),
                  () => finish(job, () => job.settle.reject(new UserRejectedError())),
                )}
              </Fragment>
            </UiProvider>
          </ArmDelayContext.Provider>
        ) : null,
        container,
      )
    } catch (error) {
      // A request the sheets cannot show is refused, and the queue moves on to the next one.
      if (!job) throw error
      render(null, container)
      finish(job, () => job.settle.reject(new InvalidParamsError('Cannot show this request')))
    }
  }

  const finish = (job: Job, settle: () => void) => {
    const i = queue.indexOf(job)
    if (i === -1) return
    queue.splice(i, 1)
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort)
    settle()
    if (i === 0) paint()
  }

  const open = <T,>(r: { manifest: Manifest; signal?: AbortSignal }, view: Render): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const signal = r.signal
      if (destroyed) return reject(new UserRejectedError('UI destroyed'))
      if (signal?.aborted) return reject(signal.reason)
      // One app cannot bury the user (or another app) under sheets: its excess is refused at once.
      const app = String(r.manifest?.appId)
      if (queue.filter((j) => j.app === app).length >= maxPending)
        return reject(new LimitExceededError('Too many pending requests'))
      const job: Job = {
        id: ++ids,
        app,
        view,
        settle: { resolve: resolve as (v: unknown) => void, reject },
        signal,
      }
      if (signal) {
        job.onAbort = () => finish(job, () => reject(signal.reason))
        signal.addEventListener('abort', job.onAbort, { once: true })
      }
      queue.push(job)
      if (queue.length === 1) paint()
    })

  return {
    consent: (r: ConsentRequest) =>
      open<ConsentDecision>(r, (done, no) => (
        <ConsentSheet
          manifest={r.manifest}
          scopes={r.scopes}
          account={r.account}
          onDecision={done}
          onReject={no}
        />
      )),
    signMessage: (r: SignMessageRequest) =>
      open<Confirmation>(r, (done, no) => (
        <SignMessageSheet
          manifest={r.manifest}
          address={r.address}
          message={r.message}
          warnings={r.warnings}
          onDecision={done}
          onReject={no}
        />
      )),
    signTypedData: (r: SignTypedDataRequest) =>
      open<Confirmation>(r, (done, no) => (
        <SignMessageSheet
          manifest={r.manifest}
          address={r.address}
          typedData={r.typedData}
          warnings={r.warnings}
          onDecision={done}
          onReject={no}
        />
      )),
    transaction: (r: TransactionRequest) =>
      open<Confirmation>(r, (done, no) => {
        const { signal: _, ...props } = r
        return <TransactionSheet {...props} onDecision={done} onReject={no} />
      }),
    securityNotice: (r: SecurityNoticeRequest) =>
      open<Confirmation>(r, (done, no) => (
        <SecurityNotice manifest={r.manifest} reportUrl={r.reportUrl} onDecision={done} onReject={no} />
      )),
    appInfo: (r: AppInfoRequest) =>
      open<AppInfoDecision>(r, (done, no) => (
        <AppInfoPage manifest={r.manifest} grants={r.grants} onDecision={done} onReject={no} />
      )),
    setTheme(next) {
      theme = next
      if (queue.length) paint()
    },
    setLocale(next) {
      locale = next
      if (queue.length) paint()
    },
    destroy() {
      destroyed = true
      const pending = queue.splice(0)
      for (const job of pending) {
        if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort)
        job.settle.reject(new UserRejectedError('UI destroyed'))
      }
      if (container) {
        render(null, container)
        if (owned) container.remove()
      }
      container = undefined
    },
  }
}
