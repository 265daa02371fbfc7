import {
  type ConsentDecision,
  type Manifest,
  SCOPES,
  type Scope,
  SENSITIVE_SCOPES,
} from '@chainless/protocol'
import { useContext, useState } from 'preact/hooks'
import { Button } from '../components/Button.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext, scopeLabel } from '../i18n.js'
import { AppHeader, sheetCss } from './parts.js'

/** Props of {@link ConsentSheet}. */
export interface ConsentSheetProps {
  manifest: Manifest
  /** Scopes the app asks for. */
  scopes: readonly Scope[]
  /** The user allowed: `granted` is a subset of `scopes`. */
  onDecision: (decision: ConsentDecision) => void
  /** The user denied, closed the sheet or pressed Escape. */
  onReject: () => void
}

/**
 * First authorization. Step one lists the requested scopes in plain words with the app's name, icon,
 * origin and security rating. When `user:phone` or `user:email` is asked for, a second, separate
 * step asks to share each of them (DESIGN.md, "Scopes"); declining there still grants the rest.
 * @example
 * ```tsx
 * <ConsentSheet manifest={m} scopes={['user:basic', 'user:phone']} onDecision={({ granted }) => …} onReject={…} />
 * ```
 */
export function ConsentSheet({ manifest, scopes, onDecision, onReject }: ConsentSheetProps) {
  sheetCss()
  const { t } = useContext(I18nContext)
  // Only scopes of the protocol can be granted; anything else from the app is not shown at all.
  const unique = [...new Set(scopes)].filter((s) => SCOPES.includes(s))
  const sensitive = unique.filter((s) => SENSITIVE_SCOPES.includes(s))
  const basic = unique.filter((s) => !SENSITIVE_SCOPES.includes(s))
  const [step, setStep] = useState<'scopes' | 'sensitive'>('scopes')
  const [chosen, setChosen] = useState<readonly Scope[]>(sensitive)

  if (step === 'sensitive') {
    return (
      <Sheet
        key="sensitive"
        title={t('sensitiveTitle')}
        onClose={onReject}
        footer={
          <>
            <Button onClick={() => onDecision({ granted: basic })}>{t('dontShare')}</Button>
            <Button
              arm
              variant="primary"
              disabled={chosen.length === 0}
              onClick={() =>
                onDecision({ granted: [...basic, ...sensitive.filter((s) => chosen.includes(s))] })
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
                onChange={(e) =>
                  setChosen(
                    (e.currentTarget as HTMLInputElement).checked
                      ? [...chosen, s]
                      : chosen.filter((c) => c !== s),
                  )
                }
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
            onClick={() => (sensitive.length ? setStep('sensitive') : onDecision({ granted: basic }))}
          >
            {sensitive.length ? t('continue') : t('allow')}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      <section class="cl-sec" aria-label={t('consentIntro')}>
        <h3 class="cl-h">{t('consentIntro')}</h3>
        <ul class="cl-scopes">
          {unique.map((s) => (
            <li key={s}>{scopeLabel(t, s)}</li>
          ))}
        </ul>
      </section>
    </Sheet>
  )
}
