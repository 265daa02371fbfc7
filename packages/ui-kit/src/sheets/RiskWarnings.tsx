import type { RiskWarning } from '@chainless/protocol'
import type { ComponentChildren } from 'preact'
import { useContext, useState } from 'preact/hooks'
import { SafeText } from '../components/SafeText.js'
import { I18nContext } from '../i18n.js'
import { Alert } from './parts.js'

const ORDER: Record<RiskWarning['level'], number> = { danger: 0, warning: 1, info: 2 }

/**
 * The host policy's warnings, most severe first, and whether every `danger` among them has been
 * acknowledged. `node` renders them as alerts, each `danger` with its own checkbox.
 */
export function useRiskWarnings(list: readonly RiskWarning[] | undefined): {
  node: ComponentChildren
  dangers: number
  acknowledged: boolean
} {
  const { t } = useContext(I18nContext)
  const warnings = [...(list ?? [])].sort((a, b) => (ORDER[a.level] ?? 3) - (ORDER[b.level] ?? 3))
  const dangers = warnings.filter((w) => w.level === 'danger').length
  const [acked, setAcked] = useState<ReadonlySet<number>>(new Set())
  const node = warnings.map((w, i) => (
    <Alert
      key={i}
      tone={w.level === 'danger' || w.level === 'warning' ? w.level : 'info'}
      title={t(`level.${Object.hasOwn(ORDER, w.level) ? w.level : 'info'}`)}
    >
      <p>
        <SafeText text={String(w.message)} max={400} multiline />
      </p>
      {w.level === 'danger' && (
        <label class="cl-check">
          <input
            type="checkbox"
            checked={acked.has(i)}
            onChange={(e) => {
              const next = new Set(acked)
              if ((e.currentTarget as HTMLInputElement).checked) next.add(i)
              else next.delete(i)
              setAcked(next)
            }}
          />
          <span>{t('ack')}</span>
        </label>
      )}
    </Alert>
  ))
  return { node, dangers, acknowledged: acked.size >= dangers }
}
