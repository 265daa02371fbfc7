// The testers' panel: decide sheets automatically, and the platform's fault injection
// (GET/PUT /__sandbox/knobs: latency, failure rate, the next N calls failing) per API operation.
import { Badge, Button, Toast } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Field, Section, Segmented } from '../controls.js'
import { useEnv, useT } from '../env.js'
import { Icon } from '../icons.js'
import type { AutoDecide } from '../prefs.js'

/** One operation's knob, as the sandbox's `KnobSetting`. */
interface KnobSetting {
  latencyMs?: number
  failureRate?: number
  failNext?: number
  status?: number
  failAfterNext?: number
  retryAfterSeconds?: number
}
type Knobs = Record<string, KnobSetting>

/** The operations a tester most often slows down or breaks (`*` is every one). */
const TARGETS = [
  '*',
  'searchApps',
  'getApp',
  'rpcProxy',
  'broadcastTx',
  'relayTx',
  'getTxStatus',
  'createWalletSession',
  'walletAuthorize',
  'token',
  'listWalletMessages',
] as const

/** Props of {@link SandboxPage}. */
export interface SandboxPageProps {
  current: boolean
  auto: AutoDecide
  onAuto: (mode: AutoDecide) => void
}

/** Reads a problem+json answer's `detail` or `title`, else the status. */
async function problem(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string }
    return body.detail ?? body.title ?? `HTTP ${response.status}`
  } catch {
    return `HTTP ${response.status}`
  }
}

/** The sandbox panel. */
export function SandboxPage({ current, auto, onAuto }: SandboxPageProps): JSX.Element {
  const { config } = useEnv()
  const t = useT()
  const url = new URL('/__sandbox/knobs', config.apiUrl)
  const [knobs, setKnobs] = useState<Knobs>({})
  const [target, setTarget] = useState<string>('*')
  const [latency, setLatency] = useState('')
  const [failureRate, setFailureRate] = useState('')
  const [failNext, setFailNext] = useState('')
  const [toast, setToast] = useState<{ text: string; danger: boolean } | undefined>()
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    void fetch(url)
      .then(async (response) => (response.ok ? setKnobs((await response.json()) as Knobs) : undefined))
      .catch(() => undefined)
  }, [])

  async function put(next: Knobs): Promise<void> {
    setSaving(true)
    try {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(next),
      })
      if (!response.ok) throw new Error(await problem(response))
      setKnobs((await response.json()) as Knobs)
      setToast({ text: t('knobsSaved'), danger: false })
    } catch (error) {
      setToast({ text: t('knobsError', { reason: (error as Error).message }), danger: true })
    } finally {
      setSaving(false)
    }
  }

  function apply(event: Event): void {
    event.preventDefault()
    const setting: KnobSetting = {}
    if (latency !== '') setting.latencyMs = Number(latency)
    if (failureRate !== '') setting.failureRate = Number(failureRate)
    if (failNext !== '') setting.failNext = Number(failNext)
    const next = { ...knobs }
    if (Object.keys(setting).length === 0) delete next[target]
    else next[target] = setting
    // The sandbox validates the values (problem+json on a bad one): nothing is checked twice here.
    void put(next)
  }

  const entries = Object.entries(knobs)
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
      <form id="knobs-form" class="wl-form" onSubmit={apply}>
        <Field id="knob-target" label={t('knobTarget')}>
          <select
            id="knob-target"
            class="wl-select"
            value={target}
            onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
          >
            {TARGETS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="knob-latency" label={t('latency')}>
          <input
            id="knob-latency"
            class="wl-input"
            type="number"
            min="0"
            max="60000"
            step="any"
            inputMode="numeric"
            value={latency}
            onInput={(e) => setLatency((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field id="knob-failure-rate" label={t('failureRate')}>
          <input
            id="knob-failure-rate"
            class="wl-input"
            type="number"
            min="0"
            max="1"
            step="any"
            inputMode="decimal"
            value={failureRate}
            onInput={(e) => setFailureRate((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field id="knob-fail-next" label={t('failNext')}>
          <input
            id="knob-fail-next"
            class="wl-input"
            type="number"
            min="0"
            step="1"
            inputMode="numeric"
            value={failNext}
            onInput={(e) => setFailNext((e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="wl-actions">
          <Button type="submit" variant="primary" loading={saving}>
            {t('apply')}
          </Button>
          <Button variant="secondary" disabled={saving || entries.length === 0} onClick={() => void put({})}>
            {t('resetKnobs')}
          </Button>
        </div>
      </form>
      {entries.length === 0 ? (
        <p class="wl-empty" id="knobs-none">
          {t('knobsNone')}
        </p>
      ) : (
        <ul id="knobs" class="wl-rows" aria-label={t('knobs')}>
          {entries.map(([name, setting]) => (
            <li key={name} data-target={name}>
              <span class="wl-row-main">
                <span class="wl-row-title wl-mono">{name}</span>
                <span class="wl-row-sub wl-mono">
                  {Object.entries(setting)
                    .map(([k, v]) => `${k}=${String(v)}`)
                    .join(' · ')}
                </span>
              </span>
              <Badge tone="warning">knob</Badge>
            </li>
          ))}
        </ul>
      )}
      <Toast
        open={toast !== undefined}
        tone={toast?.danger ? 'danger' : 'neutral'}
        onClose={() => setToast(undefined)}
      >
        {toast?.text}
      </Toast>
    </Section>
  )
}
