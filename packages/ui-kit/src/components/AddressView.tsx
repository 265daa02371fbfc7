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
  /** Untrusted address string; shown EIP-55 checksummed when valid. */
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
 * An address: checksummed (EIP-55), shortened or full, with a copy button. Invalid addresses, wrong
 * checksums and addresses with hidden (zero-width, bidi) characters are struck through and flagged.
 * @example
 * ```tsx
 * <AddressView address="0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed" full />
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
  const { status, checksummed } = checkAddress(address)
  if (status !== 'valid' || !checksummed) {
    return (
      <span class={cx('cl-addr', 'cl-bad', className)}>
        <span class="cl-addr-text">
          <SafeText text={String(address)} max={64} quiet />
        </span>
        <Badge tone="danger">
          {status === 'bad-checksum'
            ? t('badChecksum')
            : status === 'hidden-chars'
              ? t('hiddenChars')
              : t('invalidAddress')}
        </Badge>
      </span>
    )
  }
  const doCopy = async () => {
    try {
      await navigator.clipboard.writeText(checksummed)
      setCopied(true)
    } catch {
      // clipboard unavailable (permissions, insecure context): nothing to do; the address is selectable
    }
  }
  return (
    <span class={cx('cl-addr', className)}>
      <span class="cl-addr-text" title={checksummed} translate={false}>
        {full ? `0x${grouped(checksummed)}` : shortenAddress(checksummed)}
        {!full && <span class="cl-sr"> {checksummed}</span>}
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
