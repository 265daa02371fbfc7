// The testers' panel: decide sheets automatically, and the platform's fault injection
// (GET/PUT /__sandbox/knobs) per API operation — the same form as the workbench's Mocks tab.
import type { JSX } from 'preact'
import { Section, Segmented } from '../controls.js'
import { useEnv, useT } from '../env.js'
import { Icon } from '../icons.js'
import { KnobsForm } from '../KnobsForm.js'
import type { AutoDecide } from '../prefs.js'

/** Props of {@link SandboxPage}. */
export interface SandboxPageProps {
  current: boolean
  auto: AutoDecide
  onAuto: (mode: AutoDecide) => void
}

/** The sandbox panel. */
export function SandboxPage({ current, auto, onAuto }: SandboxPageProps): JSX.Element {
  const { config } = useEnv()
  const t = useT()
  return (
    <Section page="sandbox" title={t('sandboxTitle')} icon={<Icon name="flask" />} current={current}>
      <p class="wl-p">{t('sandboxIntro')}</p>
      <h3 class="wl-h3">{t('autoDecide')}</h3>
      <Segmented<AutoDecide>
        label={t('autoDecide')}
        value={auto}
        onChange={onAuto}
        options={[
          { value: 'off', label: t('autoOff') },
          { value: 'approve', label: t('autoApprove') },
          { value: 'reject', label: t('autoReject') },
        ]}
      />
      <h3 class="wl-h3">{t('knobs')}</h3>
      <p class="wl-p">{t('knobsIntro')}</p>
      <KnobsForm apiUrl={config.apiUrl} />
    </Section>
  )
}
