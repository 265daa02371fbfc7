// The Mocks panel: custom responses per app and method (an error code, a fixed result, a delay) that
// the host applies before its real handler, persisted with the sandbox (PUT /__sandbox/mocks) and set
// on the host's devtools; and the platform API's knobs (GET/PUT /__sandbox/knobs) in the same place.
import { type Devtools, type MockRule, parseMockRules } from '@chainless/runtime-host/devtools'
import { Badge, Button } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { AccountOptions, Field } from '../ui/controls.js'
import { short } from '../ui/env.js'
import { KnobsForm } from '../ui/KnobsForm.js'
import { reasonOf, SECTION_STYLE, useAccounts } from './AccountsPanel.js'
import { type SandboxApiError, type SandboxMockRule, sandboxApi } from './sandbox-api.js'
import { type SimulateT, useSimulateT } from './strings-simulate.js'
import type { WorkbenchPanelProps } from './types.js'

/**
 * Reads the sandbox's persisted rules (`GET /__sandbox/mocks`) into `devtools.mocks`; answers them.
 * A set the devtools refuse (InvalidMockRuleError) changes nothing and rejects.
 *
 * @throws {SandboxApiError} when the sandbox does not answer or answers a problem
 * @example
 * ```ts
 * await loadMockRules(workbench.devtools, config.apiUrl)
 * ```
 */
export async function loadMockRules(
  devtools: Pick<Devtools, 'mocks'>,
  apiUrl: string,
  signal?: AbortSignal,
): Promise<readonly MockRule[]> {
  const rules = await sandboxApi(apiUrl).getMocks(signal)
  // Unchanged rules are not set again: subscribers would re-render for nothing.
  if (JSON.stringify(rules) !== JSON.stringify(devtools.mocks.list())) devtools.mocks.set(rules)
  return devtools.mocks.list()
}

/**
 * Validates `rules` as the host will, persists them with the sandbox, then applies what the sandbox
 * stored to the host. A set either validator refuses changes nothing, here or there.
 *
 * @throws {InvalidMockRuleError} (nothing sent) or {@link SandboxApiError} (nothing changed)
 * @example
 * ```ts
 * await saveMockRules(devtools, config.apiUrl, [])   // "Clear all"
 * ```
 */
export async function saveMockRules(
  devtools: Pick<Devtools, 'mocks'>,
  apiUrl: string,
  rules: readonly SandboxMockRule[],
): Promise<void> {
  parseMockRules(rules)
  // Persisted first, then applied: the workbench's periodic read-back cannot undo a save in flight.
  const stored = await sandboxApi(apiUrl).putMocks(rules)
  devtools.mocks.set(stored)
}

/** Error code presets of the rule form (DESIGN's bridge codes). */
const CODES = [
  { code: 4001, label: 'code4001' },
  { code: 4100, label: 'code4100' },
  { code: 4200, label: 'code4200' },
  { code: -32603, label: 'code32603' },
] as const

/** Methods offered in the form's suggestions (any method name may be typed). */
const METHOD_SUGGESTIONS = [
  'eth_sendTransaction',
  'eth_requestAccounts',
  'personal_sign',
  'eth_signTypedData_v4',
  'eth_call',
  'eth_getBalance',
  'walletRequest',
  'walletPay',
  'storageGet',
  'storageSet',
  '*',
]

type ActionKind = MockRule['action']['kind']

/** A short, readable id (`[A-Za-z0-9_-]`). */
const newId = () => `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

/**
 * What a rule does, in one line.
 *
 * @example
 * ```ts
 * summarize({ action: { kind: 'error', code: 4001 } }, t) // 'error 4001'
 * ```
 */
export function summarize(rule: Pick<MockRule, 'action' | 'delayMs'>, t: SimulateT): string {
  const { action } = rule
  const main =
    action.kind === 'error'
      ? t('summaryError', { code: action.code })
      : action.kind === 'result'
        ? t('summaryResult', { json: clipJson(action.result) })
        : t('summaryDelay', { ms: action.delayMs })
  return rule.delayMs ? `${main} · ${t('summaryDelay', { ms: rule.delayMs })}` : main
}

function clipJson(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? 'undefined'
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

/**
 * The Mocks panel.
 *
 * @example
 * ```tsx
 * <MocksPanel devtools={devtools} env={env} appId="shop" accounts={accounts} />
 * ```
 */
export function MocksPanel(props: WorkbenchPanelProps): JSX.Element {
  return (
    <>
      <MockRulesSection {...props} />
      <KnobsSection apiUrl={props.env.config.apiUrl} />
    </>
  )
}

function MockRulesSection({ devtools, env, appId, accounts }: WorkbenchPanelProps): JSX.Element {
  const t = useSimulateT()
  const apiUrl = env.config.apiUrl
  const [rules, setRules] = useState<readonly MockRule[]>(() => devtools.mocks.list())
  const [app, setApp] = useState(appId ?? '*')
  const [method, setMethod] = useState('eth_sendTransaction')
  const [account, setAccount] = useState('')
  const [kind, setKind] = useState<ActionKind>('error')
  const [code, setCode] = useState('4001')
  const [customCode, setCustomCode] = useState('')
  const [message, setMessage] = useState('')
  const [result, setResult] = useState('null')
  const [delay, setDelay] = useState('')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<{ text: string; danger: boolean } | undefined>()
  const addresses = useAccounts(accounts)

  useEffect(() => devtools.mocks.subscribe((next) => setRules(next)), [devtools])
  useEffect(() => setApp(appId ?? '*'), [appId])
  useEffect(() => {
    // The sandbox's rules are the truth (another tab or the CLI may have changed them).
    const stop = new AbortController()
    loadMockRules(devtools, apiUrl, stop.signal).catch((error: unknown) => {
      if (!stop.signal.aborted)
        setStatus({ text: t('rulesLoadError', { reason: reasonOf(error) }), danger: true })
    })
    return () => stop.abort()
  }, [devtools, apiUrl])

  async function save(next: readonly SandboxMockRule[]): Promise<boolean> {
    setBusy(true)
    try {
      await saveMockRules(devtools, apiUrl, next)
      setStatus({ text: t('rulesSaved', { count: next.length }), danger: false })
      return true
    } catch (error) {
      setStatus({ text: t('rulesError', { reason: reasonOf(error) }), danger: true })
      return false
    } finally {
      setBusy(false)
    }
  }

  /** The form's rule, or a message saying what is wrong with it. */
  function build(): SandboxMockRule | string {
    const name = method.trim()
    if (name === '') return t('invalidMethod')
    let delayMs: number | undefined
    if (delay.trim() !== '') {
      delayMs = Number(delay)
      if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) return t('invalidDelay')
    }
    let action: SandboxMockRule['action']
    if (kind === 'error') {
      const value = Number(code === 'custom' ? customCode : code)
      if (!Number.isSafeInteger(value) || (code === 'custom' && customCode.trim() === ''))
        return t('invalidCode')
      action = { kind: 'error', code: value, ...(message.trim() ? { message: message.trim() } : {}) }
    } else if (kind === 'result') {
      try {
        action = { kind: 'result', result: JSON.parse(result) as unknown }
      } catch (error) {
        return t('invalidJson', { reason: (error as Error).message })
      }
    } else {
      if (delayMs === undefined) return t('invalidDelay')
      action = { kind: 'delay', delayMs }
    }
    return {
      id: newId(),
      appId: app.trim() || '*',
      method: name,
      ...(account ? { account } : {}),
      action,
      ...(kind !== 'delay' && delayMs ? { delayMs } : {}),
      enabled: true,
    }
  }

  function add(event: Event): void {
    event.preventDefault()
    const rule = build()
    if (typeof rule === 'string') {
      setStatus({ text: rule, danger: true })
      return
    }
    void save([...rules, rule])
  }

  return (
    <section style={SECTION_STYLE} aria-labelledby="wb-mocks-title" data-testid="mocks-panel">
      <h3 id="wb-mocks-title" class="wl-h3">
        {t('mocksTitle')}
      </h3>
      <p class="wl-wb-note">{t('mocksIntro')}</p>
      <form id="mock-form" class="wl-form" onSubmit={add}>
        <Field id="mock-app" label={t('ruleApp')}>
          <input
            id="mock-app"
            class="wl-input"
            value={app}
            maxLength={64}
            autocomplete="off"
            onInput={(e) => setApp((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field id="mock-method" label={t('ruleMethod')}>
          <input
            id="mock-method"
            class="wl-input wl-mono"
            list="mock-methods"
            value={method}
            maxLength={64}
            autocomplete="off"
            onInput={(e) => setMethod((e.target as HTMLInputElement).value)}
          />
          <datalist id="mock-methods">
            {METHOD_SUGGESTIONS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </Field>
        <Field id="mock-account" label={t('ruleAccount')}>
          <select
            id="mock-account"
            class="wl-select"
            value={account}
            onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('anyAccount')}</option>
            <AccountOptions addresses={addresses} />
          </select>
        </Field>
        <Field id="mock-kind" label={t('ruleAction')}>
          <select
            id="mock-kind"
            class="wl-select"
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value as ActionKind)}
          >
            <option value="error">{t('actionError')}</option>
            <option value="result">{t('actionResult')}</option>
            <option value="delay">{t('actionDelay')}</option>
          </select>
        </Field>
        {kind === 'error' && (
          <>
            <Field id="mock-code" label={t('errorCode')}>
              <select
                id="mock-code"
                class="wl-select"
                value={code}
                onChange={(e) => setCode((e.target as HTMLSelectElement).value)}
              >
                {CODES.map((c) => (
                  <option key={c.code} value={String(c.code)}>
                    {t(c.label)}
                  </option>
                ))}
                <option value="custom">{t('codeCustom')}</option>
              </select>
            </Field>
            {code === 'custom' && (
              <Field id="mock-custom-code" label={t('customCode')}>
                <input
                  id="mock-custom-code"
                  class="wl-input"
                  inputMode="numeric"
                  value={customCode}
                  onInput={(e) => setCustomCode((e.target as HTMLInputElement).value)}
                />
              </Field>
            )}
            <Field id="mock-message" label={t('errorMessage')}>
              <input
                id="mock-message"
                class="wl-input"
                maxLength={200}
                value={message}
                onInput={(e) => setMessage((e.target as HTMLInputElement).value)}
              />
            </Field>
          </>
        )}
        {kind === 'result' && (
          <Field id="mock-result" label={t('resultJson')}>
            <textarea
              id="mock-result"
              class="wl-input wl-wb-textarea"
              spellcheck={false}
              value={result}
              onInput={(e) => setResult((e.target as HTMLTextAreaElement).value)}
            />
          </Field>
        )}
        <Field id="mock-delay" label={t('delayMs')}>
          <input
            id="mock-delay"
            class="wl-input"
            type="number"
            min="0"
            max="60000"
            step="1"
            inputMode="numeric"
            value={delay}
            onInput={(e) => setDelay((e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="wl-actions">
          <Button type="submit" variant="primary" loading={busy}>
            {t('addRule')}
          </Button>
        </div>
      </form>
      {status && (
        <p
          class={status.danger ? 'wl-wb-error' : 'wl-wb-note'}
          role={status.danger ? 'alert' : 'status'}
          data-testid="mocks-status"
        >
          {status.text}
        </p>
      )}
      <div class="wl-wb-toolbar">
        <h4 class="wl-wb-h4">{t('rules')}</h4>
        <Button variant="danger" disabled={busy || rules.length === 0} onClick={() => void save([])}>
          {t('clearAll')}
        </Button>
      </div>
      {rules.length === 0 ? (
        <p class="wl-empty" data-testid="mocks-none">
          {t('rulesNone')}
        </p>
      ) : (
        <ul class="wl-rows" aria-label={t('rules')} data-testid="mock-rules">
          {rules.map((rule) => (
            <li key={rule.id} data-testid="mock-rule" data-method={rule.method} data-enabled={rule.enabled}>
              <span class="wl-row-main">
                <span class="wl-row-title wl-mono">{rule.method}</span>
                <span class="wl-row-sub wl-mono">
                  {rule.appId}
                  {rule.account ? ` · ${short(rule.account)}` : ''} · {summarize(rule, t)}
                </span>
              </span>
              <Badge tone={rule.enabled ? 'warning' : 'neutral'}>
                {rule.enabled ? t('ruleOn') : t('ruleOff')}
              </Badge>
              <input
                type="checkbox"
                checked={rule.enabled}
                disabled={busy}
                aria-label={t('toggleRule', { method: rule.method })}
                onChange={() =>
                  void save(
                    rules.map((r) =>
                      r.id === rule.id ? { ...r, enabled: !r.enabled } : r,
                    ) as SandboxMockRule[],
                  )
                }
              />
              <Button
                variant="ghost"
                disabled={busy}
                aria-label={t('deleteRule', { method: rule.method })}
                onClick={() => void save(rules.filter((r) => r.id !== rule.id) as SandboxMockRule[])}
              >
                {t('delete')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function KnobsSection({ apiUrl }: { apiUrl: string }): JSX.Element {
  const t = useSimulateT()
  return (
    <section style={SECTION_STYLE} aria-labelledby="wb-knobs-title" data-testid="knobs-panel">
      <h3 id="wb-knobs-title" class="wl-h3">
        {t('knobsTitle')}
      </h3>
      <p class="wl-wb-note">{t('knobsIntro')}</p>
      <KnobsForm apiUrl={apiUrl} idPrefix="wb-" />
    </section>
  )
}
