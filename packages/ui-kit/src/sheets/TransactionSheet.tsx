import type { Confirmation, TransactionRequest } from '@chainless/protocol'
import { useContext, useId } from 'preact/hooks'
import { checkAddress, sameAddress } from '../address.js'
import { formatUnits } from '../amount.js'
import { AddressView } from '../components/AddressView.js'
import { AmountView } from '../components/AmountView.js'
import { Badge } from '../components/Badge.js'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext } from '../i18n.js'
import { AppHeader, chainLabel, Row, ScrollBox, sheetCss } from './parts.js'
import { useRiskWarnings } from './RiskWarnings.js'

/** Props of {@link TransactionSheet}: the request (without `signal`) plus the callbacks. */
export type TransactionSheetProps = Omit<TransactionRequest, 'signal'> & {
  onDecision: (decision: Confirmation) => void
  onReject: () => void
}

/**
 * A transaction to confirm: network, from, to (with the contract's name when the manifest or the
 * decoded call knows it), value, the decoded method and arguments, the network fee and who pays it.
 * The host policy's warnings come first, most severe first, as alerts; each `danger` must be
 * acknowledged with its own checkbox before Confirm is enabled.
 * @example
 * ```tsx
 * <TransactionSheet {...request} onDecision={sign} onReject={cancel} />
 * ```
 */
export function TransactionSheet(props: TransactionSheetProps) {
  sheetCss()
  const { t } = useContext(I18nContext)
  const { manifest, chainId, chainName, from, to, value, data, decoded, fee, onDecision, onReject } = props
  const risks = useRiskWarnings(props.warnings)
  const dangers = risks.dangers
  // What cannot be shown exactly cannot be confirmed: bad amounts or addresses keep Confirm disabled.
  const shown =
    showable(value, fee.decimals) &&
    showable(fee.amount, fee.decimals) &&
    checkAddress(from) === 'valid' &&
    (to === undefined || checkAddress(to) === 'valid')
  const ready = shown && risks.acknowledged
  const contract =
    manifest.contracts?.find((c) => c.chainId === chainId && sameAddress(c.address, to))?.name ??
    decoded?.contractName
  const noteId = useId()
  return (
    <Sheet
      title={t('txTitle')}
      onClose={onReject}
      footer={
        <>
          {!ready && <p id={noteId}>{t(shown ? 'mustAck' : 'cannotShow')}</p>}
          <Button onClick={onReject}>{t('reject')}</Button>
          <Button
            arm
            variant={dangers ? 'danger' : 'primary'}
            disabled={!ready}
            aria-describedby={ready ? undefined : noteId}
            onClick={() => ready && onDecision({ confirmed: true })}
          >
            {t('confirm')}
          </Button>
        </>
      }
    >
      {risks.node}
      <AppHeader manifest={manifest} />
      <dl class="cl-kv">
        <Row label={t('network')}>
          {chainName ? <SafeText text={chainName} max={60} /> : chainLabel(t, chainId)}
        </Row>
        <Row label={t('from')}>
          <AddressView address={from} full />
        </Row>
        <Row label={t('to')}>
          {to === undefined ? (
            <Badge tone="warning">{t('newContract')}</Badge>
          ) : (
            <>
              {contract && (
                <div>
                  <SafeText text={contract} max={60} />
                </div>
              )}
              <AddressView address={to} full />
            </>
          )}
        </Row>
        <Row label={t('value')}>
          <AmountView value={value} decimals={fee.decimals} symbol={fee.symbol} />
        </Row>
        {decoded && (
          <Row label={t('method')}>
            <span class="cl-mono">
              <SafeText text={decoded.method} max={80} />
            </span>
          </Row>
        )}
        {decoded?.args.map((a, i) => (
          <Row
            key={i}
            label={
              <>
                <SafeText text={a.name} max={40} /> <span class="cl-type">{a.type}</span>
              </>
            }
          >
            {a.type === 'address' ? (
              <AddressView address={a.value} full />
            ) : (
              <SafeText text={a.value} max={200} />
            )}
          </Row>
        ))}
        <Row label={t('fee')}>
          <AmountView value={fee.amount} decimals={fee.decimals} symbol={fee.symbol} />
          <div>
            <Badge tone={fee.payer === 'platform' ? 'success' : 'neutral'}>
              {fee.payer === 'platform' ? t('paidByPlatform') : t('paidByYou')}
            </Badge>
          </div>
        </Row>
      </dl>
      {data && data !== '0x' && (
        <details>
          <summary class="cl-p">{t('data')}</summary>
          <ScrollBox label={t('data')}>
            <SafeText text={data} max={2000} />
          </ScrollBox>
        </details>
      )}
    </Sheet>
  )
}

function showable(amount: string, decimals: number): boolean {
  try {
    formatUnits(amount, decimals)
    return true
  } catch {
    return false
  }
}
