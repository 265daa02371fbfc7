import type { Confirmation, Manifest, TransactionCall, TransactionRequest } from '@chainless/protocol'
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
import { AppHeader, chainLabel, Row, ScrollBox, sheetCss, Template } from './parts.js'
import { useRiskWarnings } from './RiskWarnings.js'

// SafeText stringifies what it is given: no String() needed around untrusted values here.

/** Props of {@link TransactionSheet}: the request (without `signal`) plus the callbacks. */
export type TransactionSheetProps = Omit<TransactionRequest, 'signal'> & {
  onDecision: (decision: Confirmation) => void
  onReject: () => void
}

/**
 * A transaction to confirm, shown exactly as the host gave it (the host built the request from the
 * bytes it signs; nothing here is re-derived, re-cased or rounded). By `kind`:
 * - `transaction` (default): network, from, to (the contract's name from the manifest or the decoded
 *   call; "New contract" when `to` is absent; an "Unknown contract" badge when data is sent and the
 *   host could not decode it), value, the decoded method and arguments, the raw data (collapsed hex);
 * - `payment`: "Pay <amount> <symbol> to <to>" in large type: `token` when given (a CRC20 at
 *   `token.address`; `to` is the payee), else the native `value`;
 * - `batch`: the `calls`, numbered, each as a transaction, then the total (`value`, which must equal
 *   the sum of the calls' values).
 * Always: the network fee's maximum in DW20 and who pays it (`fee.payer`: "you pay", or "paid by the
 * platform (sponsored)" with a badge). The policy's warnings come first, most severe first, as
 * alerts; each `danger` must be acknowledged with its own checkbox before Confirm is enabled, and
 * Confirm is armed only after the sheet has been shown a moment. Anything that cannot be shown
 * exactly (an amount that is not a decimal integer below 2^256, an address that is not `0x` + 40 hex,
 * a batch whose total is not its calls' sum) keeps Confirm disabled.
 * @example
 * ```tsx
 * <TransactionSheet {...request} onDecision={sign} onReject={cancel} />
 * ```
 */
export function TransactionSheet(props: TransactionSheetProps) {
  sheetCss()
  const { t } = useContext(I18nContext)
  const { manifest, chainId, chainName, from, to, value, token, fee, onDecision, onReject } = props
  const kind = props.kind ?? 'transaction'
  const calls: readonly TransactionCall[] =
    kind === 'batch' ? (Array.isArray(props.calls) ? props.calls : []) : [props]
  const risks = useRiskWarnings(props.warnings)
  const dangers = risks.dangers
  const address = (a: unknown) => checkAddress(a as string) === 'valid'
  let sum = 0n
  for (const c of calls) sum += exact(c.value, fee.decimals) ? BigInt(c.value) : MAX
  // What cannot be shown exactly cannot be confirmed.
  const shown =
    exact(fee.amount, fee.decimals) &&
    address(from) &&
    calls.length > 0 &&
    calls.every((c) => (c.to === undefined || address(c.to)) && exact(c.value, fee.decimals)) &&
    (kind === 'transaction' ||
      (kind === 'payment' &&
        address(to) &&
        (!token || (address(token.address) && exact(token.amount, token.decimals)))) ||
      (kind === 'batch' && exact(value, fee.decimals) && BigInt(value) === sum))
  const ready = shown && risks.acknowledged
  const noteId = useId()
  const nativeAmount = (v: string) => <AmountView value={v} decimals={fee.decimals} symbol={fee.symbol} />
  const sponsored = fee.payer === 'platform'
  const feeRow = (
    <Row label={t('fee')}>
      <span>
        ≤ {nativeAmount(fee.amount)} — {sponsored ? t('feePlatform') : t('feeYouPay')}
      </span>
      {sponsored && (
        <div>
          <Badge tone="success">{t('sponsored')}</Badge>
        </div>
      )}
    </Row>
  )
  return (
    <Sheet
      title={t(kind === 'payment' ? 'payTitle' : kind === 'batch' ? 'batchTitle' : 'txTitle', {
        count: calls.length,
      })}
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
      {kind === 'payment' && (
        <p class="cl-lead">
          <Template
            text={t('payLine')}
            parts={{
              amount: token ? (
                <AmountView value={token.amount} decimals={token.decimals} symbol={token.symbol} />
              ) : (
                nativeAmount(value)
              ),
              to: <AddressView address={to as string} full copy={false} />,
            }}
          />
        </p>
      )}
      <dl class="cl-kv">
        <Row label={t('network')}>
          {chainName ? <SafeText text={chainName} max={60} /> : chainLabel(t, chainId)}
        </Row>
        <Row label={t('from')}>
          <AddressView address={from} full />
        </Row>
        {kind === 'payment' && token && (
          <Row label={t('token')}>
            <div>
              <SafeText text={token.symbol} max={32} />
            </div>
            <AddressView address={token.address} full />
          </Row>
        )}
        {kind !== 'batch' && (
          <Call
            call={props}
            manifest={manifest}
            chainId={chainId}
            fee={fee}
            payment={kind === 'payment' && !!token}
          />
        )}
        {kind !== 'batch' && feeRow}
      </dl>
      {kind === 'batch' && (
        <>
          <ol class="cl-calls">
            {calls.map((c, i) => (
              <li key={i} class="cl-card">
                <dl class="cl-kv">
                  <Call call={c} manifest={manifest} chainId={chainId} fee={fee} />
                </dl>
              </li>
            ))}
          </ol>
          <dl class="cl-kv">
            <Row label={t('total')}>{nativeAmount(value)}</Row>
            {feeRow}
          </dl>
        </>
      )}
    </Sheet>
  )
}

/** One call's rows: to (with its name, or a badge), value, decoded method and arguments, raw data. */
function Call({
  call,
  manifest,
  chainId,
  fee,
  payment,
}: {
  call: TransactionCall
  manifest: Manifest
  chainId: number
  fee: TransactionRequest['fee']
  /** A token payment: `to` is the payee (no contract badge); the native value only when not 0. */
  payment?: boolean
}) {
  const { t } = useContext(I18nContext)
  const { to, value, data, decoded } = call
  const hasData = !!data && data !== '0x'
  const name =
    manifest.contracts?.find((c) => c.chainId === chainId && sameAddress(c.address, to))?.name ??
    (payment ? undefined : decoded?.contractName) // a token payment's call names the token, not the payee
  return (
    <>
      <Row label={t('to')}>
        {to === undefined ? (
          <Badge tone="warning">{t('newContract')}</Badge>
        ) : (
          <>
            {name && (
              <div>
                <SafeText text={name} max={60} />
              </div>
            )}
            {!decoded && hasData && !payment && (
              <div>
                <Badge tone="warning">{t('unknownContract')}</Badge>
              </div>
            )}
            <AddressView address={to} full />
          </>
        )}
      </Row>
      {!(payment && value === '0') && (
        <Row label={t('value')}>
          <AmountView value={value} decimals={fee.decimals} symbol={fee.symbol} />
        </Row>
      )}
      {decoded && (
        <Row label={t('method')}>
          <span class="cl-mono">
            <SafeText text={decoded.method} max={80} />
          </span>
        </Row>
      )}
      {decoded?.args?.map((a, i) => (
        <Row
          key={i}
          label={
            <>
              <SafeText text={a.name} max={40} />{' '}
              <span class="cl-type">
                <SafeText text={a.type} max={40} quiet />
              </span>
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
      {hasData && (
        <Row label={t('data')}>
          <details>
            <summary>{t('showMore')}</summary>
            <ScrollBox label={t('data')}>
              <SafeText text={data} max={2000} />
            </ScrollBox>
          </details>
        </Row>
      )}
    </>
  )
}

const MAX = 1n << 256n

/** A decimal integer string below 2^256 with decimals AmountView accepts: shown exactly. */
function exact(amount: string, decimals: number): boolean {
  try {
    return !!formatUnits(amount, decimals) && amount.length < 79 && BigInt(amount) < MAX
  } catch {
    return false
  }
}
