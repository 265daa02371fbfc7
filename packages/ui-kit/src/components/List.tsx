import type { ComponentChildren } from 'preact'
import { css, cx } from '../styles.js'

const CSS = `.cl-list{list-style:none;margin:0;padding:0;border-radius:var(--cl-r-2);background:var(--cl-surface-2);overflow:hidden}
.cl-cell{display:flex;align-items:center;gap:12px;padding:12px 16px;min-block-size:48px;text-align:start}
.cl-list>li+li{border-block-start:1px solid var(--cl-border)}
.cl-cell-btn{inline-size:100%;border:0;background:none;color:inherit;font:inherit;cursor:pointer}
.cl-cell-main{flex:1;min-width:0;display:flex;flex-direction:column;overflow-wrap:anywhere}
.cl-cell-title{font-weight:600}
.cl-cell-sub,.cl-cell-value{font-size:var(--cl-fs-2);color:var(--cl-text-2)}
.cl-cell-value{margin-inline-start:auto;text-align:end}`

/** Props of {@link List}. */
export interface ListProps {
  /** Accessible name of the list. */
  label?: string
  class?: string
  children?: ComponentChildren
}

/**
 * A grouped list of {@link Cell}s.
 * @example
 * ```tsx
 * <List label="Settings"><Cell title="Language" value="English" onClick={pick} /></List>
 * ```
 */
export function List({ label, class: className, children }: ListProps) {
  css('list', CSS)
  return (
    <ul class={cx('cl-list', className)} aria-label={label}>
      {children}
    </ul>
  )
}

/** Props of {@link Cell}. */
export interface CellProps {
  title: ComponentChildren
  subtitle?: ComponentChildren
  /** Trailing value (end side; right in LTR, left in RTL). */
  value?: ComponentChildren
  icon?: ComponentChildren
  /** Makes the whole cell a button. */
  onClick?: () => void
  class?: string
}

/** One row of a {@link List}: title, optional subtitle, icon and trailing value; a button when `onClick` is set. */
export function Cell({ title, subtitle, value, icon, onClick, class: className }: CellProps) {
  css('list', CSS)
  const inner = (
    <>
      {icon && (
        <span class="cl-cell-icon" aria-hidden="true">
          {icon}
        </span>
      )}
      <span class="cl-cell-main">
        <span class="cl-cell-title">{title}</span>
        {subtitle && <span class="cl-cell-sub">{subtitle}</span>}
      </span>
      {value !== undefined && <span class="cl-cell-value">{value}</span>}
    </>
  )
  return (
    <li class={onClick ? className : cx('cl-cell', className)}>
      {onClick ? (
        <button type="button" class="cl-cell cl-cell-btn" onClick={onClick}>
          {inner}
        </button>
      ) : (
        inner
      )}
    </li>
  )
}
