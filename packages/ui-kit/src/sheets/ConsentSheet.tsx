import {
  type ConsentDecision,
  type Manifest,
  SCOPES,
  type Scope,
  SENSITIVE_SCOPES,
} from '@chainless/protocol'
import { useContext, useState } from 'preact/hooks'
import { AddressView } from '../components/AddressView.js'
import { Badge } from '../components/Badge.js'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext, scopeLabel } from '../i18n.js'
import { AppHeader, sheetCss, Template } from './parts.js'

/** Props of {@link ConsentSheet}. */
export interface ConsentSheetProps {
  manifest: Manifest
  /** Scopes the app asks for. */
  scopes: readonly Scope[]
  /**
   * The account (checksummed by the host) the app learns with `user:basic`: connect is consent. With
   * `user:basic` asked, the sheet says "Connect <account> to <app>" and the wallet scopes become
   * checkboxes the user may untick.
   */
  account?: string
  /** The user allowed: `granted` is a subset of `scopes`. */
  onDecision: (decision: ConsentDecision) => void
  /** The user denied, closed the sheet or pressed Escape. */
  onReject: () => void
}

/** Scopes a user may untick when connecting; `user:basic` is the connection itself. */
const WALLET_SCOPES: readonly Scope[] = ['tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer']

/**
 * First authorization. Step one lists the requested scopes in plain words with the app's name, icon,
 * origin and security rating. When `user:phone` or `user:email` is asked for, a second, separate
 * step asks to share each of them (DESIGN.md, "Scopes"); declining there still grants the rest.
 * With `account` and `user:basic` it is the connect sheet: it names the account the app will see,
 * and the wallet scopes (`tx:sign`, `tx:broadcast`, `asset:read`, `asset:transfer`) are pre-ticked
 * checkboxes the user may untick; `user:basic` cannot be unticked (Deny refuses the connection).
 * @example
 * ```tsx
 * <ConsentSheet manifest={m} scopes={['user:basic', 'tx:sign']} account="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" onDecision={({ granted }) => …} onReject={…} />
 * ```
 */
export function ConsentSheet({ manifest, scopes, account, onDecision, onReject }: ConsentSheetProps) {
  sheetCss()
  const { t } = useContext(I18nContext)
  // Only scopes of the protocol can be granted; anything else from the app is not shown at all.
  const unique = [...new Set(scopes)].filter((s) => SCOPES.includes(s))
  const sensitive = unique.filter((s) => SENSITIVE_SCOPES.includes(s))
  const basic = unique.filter((s) => !SENSITIVE_SCOPES.includes(s))
  const connect = account !== undefined && unique.includes('user:basic')
  const optional = connect ? basic.filter((s) => WALLET_SCOPES.includes(s)) : []
  const [step, setStep] = useState<'scopes' | 'sensitive'>('scopes')
  const [chosen, setChosen] = useState<readonly Scope[]>(sensitive)
  const [ticked, setTicked] = useState<readonly Scope[]>(optional)
  const granted = basic.filter((s) => !optional.includes(s) || ticked.includes(s))
  const toggle = (list: readonly Scope[], set: (l: readonly Scope[]) => void, s: Scope) => (e: Event) =>
    set((e.currentTarget as HTMLInputElement).checked ? [...list, s] : list.filter((c) => c !== s))

  if (step === 'sensitive') {
    return (
      <Sheet
        key="sensitive"
        title={t('sensitiveTitle')}
        onClose={onReject}
        footer={
          <>
            <Button onClick={() => onDecision({ granted })}>{t('dontShare')}</Button>
            <Button
              arm
              variant="primary"
              disabled={chosen.length === 0}
              onClick={() =>
                onDecision({ granted: [...granted, ...sensitive.filter((s) => chosen.includes(s))] })
              }
            >
              {t('share')}
            </Button>
          </>
        }
      >
        <AppHeader manifest={manifest} />
        <p class="cl-p">{t('sensitiveIntro')}</p>
        <fieldset class="cl-card">
          <legend class="cl-sr">{t('sensitiveTitle')}</legend>
          {sensitive.map((s) => (
            <label class="cl-check" key={s}>
              <input
                type="checkbox"
                name={s}
                checked={chosen.includes(s)}
                onChange={toggle(chosen, setChosen, s)}
              />
              <span>{scopeLabel(t, s)}</span>
            </label>
          ))}
        </fieldset>
      </Sheet>
    )
  }

  return (
    <Sheet
      key="scopes"
      title={t('consentTitle')}
      onClose={onReject}
      footer={
        <>
          <Button onClick={onReject}>{t('deny')}</Button>
          <Button
            arm
            variant="primary"
            onClick={() => (sensitive.length ? setStep('sensitive') : onDecision({ granted }))}
          >
            {sensitive.length ? t('continue') : t('allow')}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      {connect && (
        <p class="cl-lead">
          <Template
            text={t('connectTitle')}
            parts={{
              account: <AddressView address={account} full copy={false} />,
              app: <SafeText text={manifest.name} max={80} />,
            }}
          />
        </p>
      )}
      <fieldset class="cl-card cl-sec">
        <legend class="cl-h">{t('consentIntro')}</legend>
        {connect &&
          basic.map((s) => (
            <label class="cl-check" key={s}>
              <input
                type="checkbox"
                name={s}
                checked={granted.includes(s)}
                disabled={!optional.includes(s)}
                onChange={toggle(ticked, setTicked, s)}
              />
              <span>
                {scopeLabel(t, s)} {s === 'user:basic' && <Badge tone="info">{t('neededToConnect')}</Badge>}
              </span>
            </label>
          ))}
        {/* What is not a checkbox: every scope, or (connecting) phone and email, asked next. */}
        <ul class="cl-scopes">
          {(connect ? sensitive : unique).map((s) => (
            <li key={s}>{scopeLabel(t, s)}</li>
          ))}
        </ul>
      </fieldset>
    </Sheet>
  )
}
