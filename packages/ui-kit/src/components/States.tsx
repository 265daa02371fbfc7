import type { ComponentChildren } from 'preact'
import { useContext } from 'preact/hooks'
import { I18nContext } from '../i18n.js'
import { css } from '../styles.js'
import { Button } from './Button.js'

const CSS = `.cl-state{display:flex;flex-direction:column;align-items:center;gap:8px;padding:32px 16px;text-align:center;color:var(--cl-text-2);font-size:var(--cl-fs-2)}
.cl-state-icon{font-size:2rem;line-height:1}
.cl-state p{margin:0}
.cl-state-title{font-size:var(--cl-fs-3);font-weight:600;color:var(--cl-text)}
.cl-state-error .cl-state-title{color:var(--cl-danger)}`

/** Props of {@link EmptyState} and {@link ErrorState}. */
export interface StateProps {
  title?: ComponentChildren
  description?: ComponentChildren
  icon?: ComponentChildren
  /** An action below the text, e.g. a {@link Button}. */
  action?: ComponentChildren
}

/**
 * What a list shows when it has nothing.
 * @example
 * ```tsx
 * <EmptyState description="No apps yet" />
 * ```
 */
export function EmptyState({ title, description, icon = '∅', action }: StateProps) {
  css('state', CSS)
  const { t } = useContext(I18nContext)
  return (
    <div class="cl-state">
      <span class="cl-state-icon" aria-hidden="true">
        {icon}
      </span>
      <p class="cl-state-title">{title ?? t('emptyTitle')}</p>
      {description && <p class="cl-state-desc">{description}</p>}
      {action}
    </div>
  )
}

/**
 * An error in place of content (`role="alert"`), with an optional retry.
 * @example
 * ```tsx
 * <ErrorState description={error.message} onRetry={reload} />
 * ```
 */
export function ErrorState({
  title,
  description,
  icon = '!',
  action,
  onRetry,
}: StateProps & { onRetry?: () => void }) {
  css('state', CSS)
  const { t } = useContext(I18nContext)
  return (
    <div class="cl-state cl-state-error" role="alert">
      <span class="cl-state-icon" aria-hidden="true">
        {icon}
      </span>
      <p class="cl-state-title">{title ?? t('errorTitle')}</p>
      {description && <p class="cl-state-desc">{description}</p>}
      {action ?? (onRetry && <Button onClick={onRetry}>{t('retry')}</Button>)}
    </div>
  )
}
