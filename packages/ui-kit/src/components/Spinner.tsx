import { css, cx } from '../styles.js'

/** The spinner's CSS; {@link Button} shares it. */
export const SPINNER_CSS = `.cl-spin{display:inline-block;inline-size:1em;block-size:1em;border:2px solid;border-inline-end-color:transparent;border-radius:50%;animation:cl-spin .8s linear infinite}
.cl-spin-lg{inline-size:2rem;block-size:2rem;color:var(--cl-primary)}
@keyframes cl-spin{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.cl-spin{animation-duration:3s}}`

/** Props of {@link Spinner}. */
export interface SpinnerProps {
  /** Announced to assistive technology (default `Loading`). */
  label?: string
  size?: 'small' | 'large'
  class?: string
}

/**
 * An indeterminate progress indicator (`role="status"`). Under reduced motion it turns slowly.
 * @example
 * ```tsx
 * <Spinner label="Loading balances" size="large" />
 * ```
 */
export function Spinner({ label = 'Loading', size = 'small', class: className }: SpinnerProps) {
  css('spin', SPINNER_CSS)
  return (
    <span
      class={cx('cl-spin', size === 'large' && 'cl-spin-lg', className)}
      role="status"
      aria-label={label}
    />
  )
}
