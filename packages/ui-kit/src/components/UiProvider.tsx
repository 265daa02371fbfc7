import type { ComponentChildren } from 'preact'
import { I18nContext, localeDir, resolveLocale, translator } from '../i18n.js'
import { cx, helpers } from '../styles.js'

/** Props of {@link UiProvider}. */
export interface UiProviderProps {
  /** BCP 47 tag; resolved to the closest available locale (default English). */
  locale?: string
  /** `light` or `dark`; omitted: follow `prefers-color-scheme`. */
  theme?: 'light' | 'dark'
  /** Text direction; omitted: from the locale. */
  dir?: 'ltr' | 'rtl'
  class?: string
  children?: ComponentChildren
}

/**
 * The root of a ui-kit tree: sets theme (`data-theme`), language and direction, installs the base
 * styles and provides strings to the components inside.
 *
 * @example
 * ```tsx
 * <UiProvider locale="zh-CN" theme="dark"><Button>确认</Button></UiProvider>
 * ```
 */
export function UiProvider({ locale, theme, dir, class: className, children }: UiProviderProps) {
  helpers()
  const tag = resolveLocale(locale)
  const direction = dir ?? localeDir(locale ?? tag)
  return (
    <I18nContext.Provider value={{ locale: tag, dir: direction, t: translator(tag) }}>
      <div class={cx('cl-root', className)} data-theme={theme} lang={tag} dir={direction}>
        {children}
      </div>
    </I18nContext.Provider>
  )
}
