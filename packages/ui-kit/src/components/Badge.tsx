import type { ComponentChildren } from 'preact'
import { css, cx } from '../styles.js'

/** Colour of a {@link Badge}. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

const CSS = `.cl-badge{display:inline-flex;align-items:center;padding:0 8px;border-radius:99px;font-size:var(--cl-fs-1);font-weight:600;line-height:1.7;background:var(--cl-surface-2);color:var(--cl-text);border:1px solid transparent;overflow-wrap:anywhere}
.cl-badge-info{background:var(--cl-info-bg);color:var(--cl-info)}.cl-badge-success{background:var(--cl-success-bg);color:var(--cl-success)}.cl-badge-warning{background:var(--cl-warning-bg);color:var(--cl-warning)}.cl-badge-danger{background:var(--cl-danger-bg);color:var(--cl-danger);border-color:currentColor}`

/** Props of {@link Badge}. */
export interface BadgeProps {
  tone?: Tone
  class?: string
  children?: ComponentChildren
}

/**
 * A short status label.
 * @example
 * ```tsx
 * <Badge tone="success">A</Badge>
 * ```
 */
export function Badge({ tone = 'neutral', class: className, children }: BadgeProps) {
  css('badge', CSS)
  return <span class={cx('cl-badge', `cl-badge-${tone}`, className)}>{children}</span>
}
