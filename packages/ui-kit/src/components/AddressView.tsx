import { useContext, useEffect, useState } from 'preact/hooks'
import { checkAddress, shortenAddress } from '../address.js'
import { I18nContext } from '../i18n.js'
import { css, cx, helpers } from '../styles.js'
import { Badge } from './Badge.js'
import { SafeText } from './SafeText.js'

const CSS = `.cl-addr{display:inline-flex;flex-wrap:wrap;align-items:center;gap:4px 8px;max-inline-size:100%}
.cl-addr-text{font-family:var(--cl-mono);direction:ltr;unicode-bidi:isolate;overflow-wrap:anywhere}
.cl-bad .cl-addr-text{color:var(--cl-danger);text-decoration:line-through}`

/** Props of {@link AddressView}. */
export interface AddressViewProps {
  /** Untrusted address string, shown as given (the host checksums it, EIP-55); anything but `0x` + 40 hex is flagged. */
  address: string
  /** Show all 40 digits (grouped by four) instead of `0x1234ab…cdef56`. */
  full?: boolean
  /** Offer a copy button (default true; never for invalid addresses). */
  copy?: boolean
  class?: string
}

/** Four-digit groups with thin gaps (visual only; copy gives the plain address). */
function grouped(a: string) {
  return (
    a
      .slice(2)
      .match(/.{1,4}/g)
      ?.join('\u2009') ?? ''
  )
}

/**
 * An address as the host gave it (checksummed, EIP-55), shortened or full, with a copy button.
 * Anything that is not `0x` + 40 hex digits, hidden (zero-width, bidi) characters included, is
 * struck through and flagged. The kit does not hash: checksumming is the host's.
 * @example
 * ```tsx
 * <AddressView address="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" full />
 * ```
 */
export function AddressView({ address, full = false, copy = true, class: className }: AddressViewProps) {
  css('addr', CSS)
  helpers()
  const { t } = useContext(I18nContext)
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const id = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(id)
  }, [copied])
  const status = checkAddress(address)
  if (status !== 'valid') {
    return (
      <span class={cx('cl-addr', 'cl-bad', className)}>
        <span class="cl-addr-text">
          <SafeText text={String(address)} max={64} quiet />
        </span>
        <Badge tone="danger">{status === 'hidden-chars' ? t('hiddenChars') : t('invalidAddress')}</Badge>
      </span>
    )
  }
  const doCopy = async () => {
    try {
      await navigator.clipboard.writeText(address)
      setCopied(true)
    } catch {
      // clipboard unavailable (permissions, insecure context): nothing to do; the address is selectable
    }
  }
  return (
    <span class={cx('cl-addr', className)}>
      <span class="cl-addr-text" title={address} translate={false}>
        {full ? `0x${grouped(address)}` : shortenAddress(address)}
        {!full && <span class="cl-sr"> {address}</span>}
      </span>
      {copy && (
        <button
          type="button"
          class="cl-icon-btn"
          aria-label={copied ? t('copied') : t('copy')}
          onClick={doCopy}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            {copied ? (
              <path d="M5 12l5 5 9-10" />
            ) : (
              <>
                <rect x="9" y="9" width="11" height="11" rx="2" />
                <path d="M5 15V5a1 1 0 0 1 1-1h9" />
              </>
            )}
          </svg>
        </button>
      )}
    </span>
  )
}
