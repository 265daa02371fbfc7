import type { Confirmation, Manifest, RiskWarning, TypedData } from '@chainless/protocol'
import type { ComponentChildren } from 'preact'
import { useContext, useId } from 'preact/hooks'
import { sameAddress } from '../address.js'
import { AddressView } from '../components/AddressView.js'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext } from '../i18n.js'
import { css } from '../styles.js'
import { Alert, AppHeader, chainLabel, Row, ScrollBox, sheetCss } from './parts.js'
import { useRiskWarnings } from './RiskWarnings.js'

const CSS = `.cl-tree{list-style:none;margin:0;padding:0;font-size:var(--cl-fs-2);overflow-wrap:anywhere}
.cl-tree .cl-tree{padding-inline-start:16px;border-inline-start:2px solid var(--cl-border)}
.cl-tree-k{font-weight:600}`

interface Base {
  manifest: Manifest
  /** The account that signs. */
  address: string
  /** The host policy's warnings, most severe first; each `danger` must be acknowledged to sign. */
  warnings?: readonly RiskWarning[]
  onDecision: (decision: Confirmation) => void
  onReject: () => void
}
/** Props of {@link SignMessageSheet}: a `personal_sign` message, or EIP-712 `typedData`. */
export type SignMessageSheetProps = Base &
  ({ message: string; typedData?: undefined } | { typedData: TypedData; message?: undefined })

/** Decodes `0x` hex as UTF-8 when it is valid, printable text; otherwise `undefined`. */
export function hexToText(hex: string): string | undefined {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) return undefined
  const bytes = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16)
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text) ? undefined : text
  } catch {
    return undefined
  }
}

const MAX_DEPTH = 12
/** Entries shown per object or array: a huge payload is summarised, not rendered in full. */
const MAX_ENTRIES = 100

function Value({
  value,
  type,
  types,
  depth,
}: {
  value: unknown
  type?: string
  types: TypedData['types']
  depth: number
}) {
  if (depth > MAX_DEPTH) return <span>…</span>
  const base = type?.replace(/\[\d*\]$/, '')
  if (Array.isArray(value)) {
    return (
      <ul class="cl-tree">
        {value.slice(0, MAX_ENTRIES).map((v, i) => (
          <li key={i}>
            <span class="cl-tree-k">[{i}]</span>:{' '}
            <Value value={v} type={base} types={types} depth={depth + 1} />
          </li>
        ))}
        {value.length > MAX_ENTRIES && <li class="cl-muted">… {value.length - MAX_ENTRIES}</li>}
      </ul>
    )
  }
  if (value !== null && typeof value === 'object') {
    // Types come from the app: only own, array-valued entries with string names count.
    const declared = base && Object.hasOwn(types, base) ? types[base] : undefined
    const fields = Array.isArray(declared)
      ? declared.filter((f) => typeof f?.name === 'string' && typeof f.type === 'string')
      : undefined
    const all: [string, unknown, string | undefined][] = fields
      ? fields.map((f) => [f.name, (value as Record<string, unknown>)[f.name], f.type])
      : Object.entries(value).map(([k, v]) => [k, v, undefined])
    const entries = all.slice(0, MAX_ENTRIES)
    return (
      <ul class="cl-tree">
        {entries.map(([k, v, ty]) => (
          <li key={k}>
            <span class="cl-tree-k">
              <SafeText text={k} max={60} />
            </span>
            {ty && (
              <span class="cl-type">
                <SafeText text={ty} max={40} />
              </span>
            )}
            : <Value value={v} type={ty} types={types} depth={depth + 1} />
          </li>
        ))}
        {all.length > MAX_ENTRIES && <li class="cl-muted">… {all.length - MAX_ENTRIES}</li>}
      </ul>
    )
  }
  if (type === 'address' && typeof value === 'string') return <AddressView address={value} full />
  return <SafeText text={String(value)} max={200} />
}

/**
 * Asks the user to sign a message (`personal_sign`: shown as text, or as hex with a warning when the
 * bytes are not text) or EIP-712 typed data (a tree of the message with its types, and the domain
 * — name, network, verifying contract — highlighted at the top). The host policy's `warnings` come
 * first, as on the transaction sheet: each `danger` must be acknowledged before Sign is enabled.
 * @see https://eips.ethereum.org/EIPS/eip-191 and https://eips.ethereum.org/EIPS/eip-712
 * @example
 * ```tsx
 * <SignMessageSheet manifest={m} address={account} message="Sign in to Example" onDecision={ok} onReject={no} />
 * ```
 */
export function SignMessageSheet(props: SignMessageSheetProps) {
  sheetCss()
  css('tree', CSS)
  const { t } = useContext(I18nContext)
  const { manifest, address, onDecision, onReject } = props
  const risks = useRiskWarnings(props.warnings)
  const noteId = useId()
  let body: ComponentChildren
  if (props.typedData) {
    const td = props.typedData
    const d = td.domain ?? {}
    const known = manifest.contracts?.find((c) => sameAddress(c.address, d.verifyingContract))
    body = (
      <>
        <section class="cl-sec cl-card cl-accent" aria-label={t('domain')}>
          <h3 class="cl-h">{t('domain')}</h3>
          <dl class="cl-kv">
            {d.name !== undefined && (
              <Row label={t('name')}>{<SafeText text={String(d.name)} max={80} />}</Row>
            )}
            {d.version !== undefined && (
              <Row label={t('version')}>{<SafeText text={String(d.version)} max={40} />}</Row>
            )}
            {d.chainId !== undefined && <Row label={t('network')}>{chainLabel(t, d.chainId)}</Row>}
            {d.verifyingContract !== undefined && (
              <Row label={t('contract')}>
                {known && (
                  <div>
                    <SafeText text={known.name} max={60} />
                  </div>
                )}
                <AddressView address={d.verifyingContract} full />
              </Row>
            )}
          </dl>
        </section>
        <section class="cl-sec" aria-label={t('message')}>
          <h3 class="cl-h">
            {t('message')} · {t('dataType')}: <SafeText text={String(td.primaryType)} max={60} />
          </h3>
          <div class="cl-card">
            <Value value={td.message} type={td.primaryType} types={td.types ?? {}} depth={0} />
          </div>
        </section>
      </>
    )
  } else {
    const message = String(props.message)
    const isHex = /^0x([0-9a-fA-F]{2})*$/.test(message)
    const text = isHex ? hexToText(message) : message
    body = (
      <div class="cl-sec">
        <h3 class="cl-h">{t('message')}</h3>
        {text === undefined && <Alert tone="warning">{t('notText')}</Alert>}
        {text !== undefined && (
          <ScrollBox label={t('message')}>
            <SafeText text={text} max={4000} multiline />
          </ScrollBox>
        )}
        {isHex && (
          <details open={text === undefined}>
            <summary class="cl-p">{t('messageHex')}</summary>
            <ScrollBox label={t('messageHex')}>
              <SafeText text={message} max={4000} />
            </ScrollBox>
          </details>
        )}
      </div>
    )
  }
  return (
    <Sheet
      title={props.typedData ? t('typedTitle') : t('signTitle')}
      onClose={onReject}
      footer={
        <>
          {!risks.acknowledged && <p id={noteId}>{t('mustAck')}</p>}
          <Button onClick={onReject}>{t('reject')}</Button>
          <Button
            arm
            variant={risks.dangers ? 'danger' : 'primary'}
            disabled={!risks.acknowledged}
            aria-describedby={risks.acknowledged ? undefined : noteId}
            onClick={() => risks.acknowledged && onDecision({ confirmed: true })}
          >
            {t('sign')}
          </Button>
          <p>{t('signIntro')}</p>
        </>
      }
    >
      {risks.node}
      <AppHeader manifest={manifest} />
      <dl class="cl-kv">
        <Row label={t('account')}>
          <AddressView address={address} />
        </Row>
      </dl>
      {body}
    </Sheet>
  )
}
