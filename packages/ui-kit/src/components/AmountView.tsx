import { useContext } from 'preact/hooks'
import { formatUnits } from '../amount.js'
import { I18nContext } from '../i18n.js'
import { css, cx, helpers } from '../styles.js'
import { Badge } from './Badge.js'
import { SafeText } from './SafeText.js'

const CSS = `.cl-amount{display:inline-flex;flex-wrap:wrap;align-items:baseline;gap:0 4px}
.cl-num{font-variant-numeric:tabular-nums;font-weight:600;overflow-wrap:anywhere;direction:ltr;unicode-bidi:isolate}`

/** Props of {@link AmountView}. */
export interface AmountViewProps {
  /** Integer amount in the smallest unit (e.g. wei), as a decimal string or bigint. */
  value: string | bigint
  decimals: number
  /** Token symbol (untrusted; shown as inert text, at most 16 characters before "Show all"). */
  symbol?: string
  /** Optional fiat equivalent, formatted with `Intl.NumberFormat`. */
  fiat?: { value: number; currency: string }
  class?: string
}

/**
 * An exact token amount with its symbol and an optional fiat equivalent. Invalid values show a
 * danger badge instead of a guess.
 * @example
 * ```tsx
 * <AmountView value="1500000000000000000" decimals={18} symbol="ETH" fiat={{ value: 4200, currency: 'USD' }} />
 * ```
 */
export function AmountView({ value, decimals, symbol, fiat, class: className }: AmountViewProps) {
  css('amount', CSS)
  helpers()
  const { t, locale } = useContext(I18nContext)
  let text: string
  try {
    text = formatUnits(value, decimals, locale)
  } catch {
    return <Badge tone="danger">{t('invalidAmount')}</Badge>
  }
  let fiatText: string | undefined
  if (fiat && Number.isFinite(fiat.value)) {
    try {
      fiatText = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: fiat.currency,
        numberingSystem: 'latn',
      }).format(fiat.value)
    } catch {
      fiatText = undefined
    }
  }
  return (
    <span class={cx('cl-amount', className)}>
      <span class="cl-num">{text}</span>
      {symbol && <SafeText text={symbol} max={16} />}
      {fiatText && <span class="cl-muted">≈ {fiatText}</span>}
    </span>
  )
}
