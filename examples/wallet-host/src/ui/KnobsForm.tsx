// The platform API's fault injection (GET/PUT /__sandbox/knobs: latency, failure rate, the next N
// calls failing, a forced status) per operation. One form, shown in Settings → Sandbox and in the
// workbench's Mocks tab.
import { Button, Toast } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Field } from './controls.js'
import { useT } from './env.js'

/** One operation's knob, as the sandbox's `KnobSetting`. */
export interface KnobSetting {
  latencyMs?: number
  failureRate?: number
  failNext?: number
  status?: number
  failAfterNext?: number
  retryAfterSeconds?: number
}

/** Every knob set, by operation id (`*` is every operation). */
export type Knobs = Record<string, KnobSetting>

/** The operations a tester most often slows down or breaks (`*` is every one). */
export const KNOB_TARGETS = [
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
  'getUserInfo',
  'getStorageValue',
  'putStorageValue',
  'sendMessage',
  'trackEvents',
  'listWalletMessages',
] as const

/** Props of {@link KnobsForm}. */
export interface KnobsFormProps {
  /** The platform API's base URL (the sandbox's). */
  apiUrl: string
  /** Prefix of the element ids, so two forms can share a page (`''` → `#knobs-form`, `#knobs`). */
  idPrefix?: string
}

/** A problem+json answer's `detail` or `title`, else the status. */
async function problem(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string }
    return body.detail ?? body.title ?? `HTTP ${response.status}`
  } catch {
    return `HTTP ${response.status}`
  }
}

/**
 * The knobs form and the list of knobs set. The sandbox validates the values (problem+json on a bad
 * one, shown as it says): nothing is checked twice here.
 *
 * @example
 * ```tsx
 * <KnobsForm apiUrl={config.apiUrl} idPrefix="wb-" />
 * ```
 */
export function KnobsForm({ apiUrl, idPrefix = '' }: KnobsFormProps): JSX.Element {
  const t = useT()
  const url = new URL('/__sandbox/knobs', apiUrl)
  const id = (name: string) => `${idPrefix}${name}`
  const [knobs, setKnobs] = useState<Knobs>({})
  const [target, setTarget] = useState<string>('*')
  const [latency, setLatency] = useState('')
  const [failureRate, setFailureRate] = useState('')
  const [failNext, setFailNext] = useState('')
  const [forced, setForced] = useState('')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<{ text: string; danger: boolean } | undefined>()

  useEffect(() => {
    const stop = new AbortController()
    fetch(url, { signal: stop.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(await problem(response))
        setKnobs((await response.json()) as Knobs)
      })
      .catch((error: Error) => {
        if (!stop.signal.aborted)
          setStatus({ text: t('knobsError', { reason: error.message }), danger: true })
      })
    return () => stop.abort()
  }, [apiUrl])

  async function put(next: Knobs): Promise<void> {
    setBusy(true)
    try {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(next),
      })
      if (!response.ok) throw new Error(await problem(response))
      setKnobs((await response.json()) as Knobs)
      setStatus({ text: t('knobsSaved'), danger: false })
    } catch (error) {
      setStatus({ text: t('knobsError', { reason: (error as Error).message }), danger: true })
    } finally {
      setBusy(false)
    }
  }

  function apply(event: Event): void {
    event.preventDefault()
    const setting: KnobSetting = {}
    if (latency !== '') setting.latencyMs = Number(latency)
    if (failureRate !== '') setting.failureRate = Number(failureRate)
    if (failNext !== '') setting.failNext = Number(failNext)
    if (forced !== '') setting.status = Number(forced)
    const next = { ...knobs }
    if (Object.keys(setting).length === 0) delete next[target]
    else next[target] = setting
    void put(next)
  }

  const number = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    attrs: Record<string, string>,
  ) => (
    <Field id={id(name)} label={label}>
      <input
        id={id(name)}
        class="wl-input"
        type="number"
        step="any"
        inputMode="numeric"
        {...attrs}
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
    </Field>
  )
  const entries = Object.entries(knobs)
  return (
    <>
      <form id={id('knobs-form')} class="wl-form" onSubmit={apply}>
        <Field id={id('knob-target')} label={t('knobTarget')}>
          <select
            id={id('knob-target')}
            class="wl-select"
            value={target}
            onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
          >
            {KNOB_TARGETS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        {number('knob-latency', t('latency'), latency, setLatency, { min: '0', max: '60000' })}
        {number('knob-failure-rate', t('failureRate'), failureRate, setFailureRate, {
          min: '0',
          max: '1',
          inputMode: 'decimal',
        })}
        {number('knob-fail-next', t('failNext'), failNext, setFailNext, { min: '0', step: '1' })}
        {number('knob-status', t('forcedStatus'), forced, setForced, { min: '400', max: '599', step: '1' })}
        <div class="wl-actions">
          <Button type="submit" variant="primary" loading={busy}>
            {t('apply')}
          </Button>
          <Button variant="secondary" disabled={busy || entries.length === 0} onClick={() => void put({})}>
            {t('resetKnobs')}
          </Button>
        </div>
      </form>
      <Toast
        open={status !== undefined}
        tone={status?.danger ? 'danger' : 'neutral'}
        onClose={() => setStatus(undefined)}
      >
        {status?.text}
      </Toast>
      {entries.length === 0 ? (
        <p class="wl-empty" id={id('knobs-none')}>
          {t('knobsNone')}
        </p>
      ) : (
        <ul id={id('knobs')} class="wl-rows" aria-label={t('knobs')}>
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
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
