import type { Theme, UiAdapter } from '@chainless/protocol'

/** A UI adapter, or a function that loads one on first use. */
export type UiOption = UiAdapter | (() => Promise<UiAdapter>)

/** A UI adapter that may also follow the host's theme (the default sheets do). */
type Themable = UiAdapter & { setTheme?: (theme: Theme) => void }

/**
 * Resolves the host's UI lazily: the default sheets of `@chainless/ui-kit` are only loaded (a
 * separate chunk for bundlers) when the host first asks the user something, and never when the
 * wallet passes its own adapter.
 */
export function lazyUi(
  option: UiOption | undefined,
  theme: () => Theme,
  locale: string,
): { get(): Promise<Themable>; loaded(): Themable | undefined } {
  let loading: Promise<Themable> | undefined
  let loaded: Themable | undefined
  return {
    get() {
      loading ??= (async () => {
        if (typeof option === 'object') return option
        if (typeof option === 'function') return option()
        // Chinese strings are a separate ui-kit entry: loaded only for a Chinese locale.
        const [{ createSheetUi }, zh] = await Promise.all([
          import('@chainless/ui-kit/adapter'),
          /^zh(?:[-_]|$)/i.test(locale) ? import('@chainless/ui-kit/locales/zh-CN') : undefined,
        ])
        return createSheetUi({ theme: theme(), locale, ...(zh ? { locales: { 'zh-CN': zh.zhCN } } : {}) })
      })().then(
        (adapter) => {
          loaded = adapter
          return adapter
        },
        (error: unknown) => {
          loading = undefined // a failed load (e.g. offline chunk) is tried again next time
          throw error
        },
      )
      return loading
    },
    loaded: () => loaded,
  }
}
