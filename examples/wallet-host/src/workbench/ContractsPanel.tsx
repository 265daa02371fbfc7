// The Contracts panel: the open app's manifest contracts and the sandbox's (standard and deployed).
// Read methods are called through the platform's RPC proxy (eth_call), write methods are sent as the
// open app through the host's real sheets (devtools.callAs), and "Simulate" asks the sandbox what a
// write would do (result, gas, fee in DW20, or the decoded revert reason) before anything is signed.
// New contracts are deployed from an artifact (ABI + bytecode) or one Solidity file.
import type { Manifest } from '@chainless/protocol'
import { Badge, Button } from '@chainless/ui-kit'
import { type FunctionFragment, Interface, type ParamType, toBeHex } from 'ethers'
import type { JSX } from 'preact'
import { useContext, useEffect, useMemo, useState } from 'preact/hooks'
import { Field, Segmented } from '../ui/controls.js'
import { ManifestsContext, short } from '../ui/env.js'
import { reasonOf, SECTION_STYLE } from './AccountsPanel.js'
import {
  type DeployRequest,
  type SandboxApi,
  SandboxApiError,
  type SimulateResult,
  sandboxApi,
} from './sandbox-api.js'
import { type SimulateT, useSimulateT } from './strings-simulate.js'
import type { WorkbenchPanelProps } from './types.js'

/** A contract the panel lists: where it comes from and its ABI. */
export interface ListedContract {
  name: string
  address: string
  abi: readonly unknown[]
  source: 'manifest' | 'standard' | 'deployed'
}

/** The largest source or artifact the panel sends (the sandbox's limit). */
const MAX_SOURCE_BYTES = 256 * 1024
/** Functions shown per contract (an ABI is the app's: bounded). */
const MAX_FUNCTIONS = 200

/**
 * The manifest's contracts then the sandbox's, one entry per address (the manifest's name wins).
 *
 * @example
 * ```ts
 * listContracts(manifest?.contracts, await api.contracts())
 * ```
 */
export function listContracts(
  manifest: Manifest['contracts'] | undefined,
  sandbox: ReadonlyArray<{ name: string; address: string; abi: unknown[]; kind: 'standard' | 'deployed' }>,
): ListedContract[] {
  const seen = new Set<string>()
  const out: ListedContract[] = []
  const add = (entry: ListedContract) => {
    const key = entry.address.toLowerCase()
    if (seen.has(key)) return
    seen.add(key)
    out.push(entry)
  }
  for (const c of manifest ?? []) {
    add({
      name: c.name ?? short(c.address),
      address: c.address,
      abi: c.abi as readonly unknown[],
      source: 'manifest',
    })
  }
  for (const c of sandbox) add({ name: c.name, address: c.address, abi: c.abi, source: c.kind })
  return out
}

/**
 * One argument typed in the form, as ethers takes it: arrays and tuples as JSON, `bool` as
 * true/false, the rest as written (ethers checks numbers, addresses and bytes when encoding).
 *
 * @throws {SyntaxError} on bad JSON or a bad boolean
 * @example
 * ```ts
 * parseArg(ParamType.from('uint256[]'), '[1, 2]') // [1, 2]
 * ```
 */
export function parseArg(param: ParamType, text: string): unknown {
  const value = text.trim()
  if (param.baseType === 'array' || param.baseType === 'tuple') return JSON.parse(value) as unknown
  if (param.baseType === 'bool') {
    if (value === 'true') return true
    if (value === 'false') return false
    throw new SyntaxError('expected true or false')
  }
  return value
}

/**
 * A decoded value as JSON text (bigints as decimal strings).
 *
 * @example
 * ```ts
 * showValue([1n]) // '[\n  "1"\n]'
 * ```
 */
export function showValue(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) ?? 'undefined'
    )
  } catch {
    return String(value)
  }
}

const isRead = (fn: FunctionFragment) => fn.stateMutability === 'view' || fn.stateMutability === 'pure'

/**
 * The Contracts panel.
 *
 * @example
 * ```tsx
 * <ContractsPanel devtools={devtools} env={env} appId="shop" accounts={accounts} />
 * ```
 */
export function ContractsPanel(props: WorkbenchPanelProps): JSX.Element {
  const { env, appId } = props
  const t = useSimulateT()
  const api = useMemo(() => sandboxApi(env.config.apiUrl), [env.config.apiUrl])
  const known = useContext(ManifestsContext)
  const [manifest, setManifest] = useState<Manifest | undefined>(appId ? known.get(appId) : undefined)
  const [sandbox, setSandbox] = useState<Awaited<ReturnType<SandboxApi['contracts']>>>([])
  const [selected, setSelected] = useState<string>('')
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    const stop = new AbortController()
    setManifest(appId ? known.get(appId) : undefined)
    if (appId && !known.has(appId)) {
      env.host
        .loadManifest({ apiUrl: env.config.apiUrl, appId, signal: stop.signal })
        .then(setManifest, () => undefined)
    }
    return () => stop.abort()
  }, [appId, known])

  async function reload(signal?: AbortSignal): Promise<void> {
    try {
      setSandbox(await api.contracts(signal))
    } catch (e) {
      if (!signal?.aborted) setError(t('failed', { reason: reasonOf(e) }))
    }
  }
  useEffect(() => {
    const stop = new AbortController()
    void reload(stop.signal)
    return () => stop.abort()
  }, [api])

  const contracts = useMemo(() => listContracts(manifest?.contracts, sandbox), [manifest, sandbox])
  const current = contracts.find((c) => c.address === selected) ?? contracts[0]

  return (
    <>
      <section style={SECTION_STYLE} aria-labelledby="wb-contracts-title" data-testid="contracts-panel">
        <h3 id="wb-contracts-title" class="wl-h3">
          {t('contractsTitle')}
        </h3>
        <p class="wl-wb-note">{t('contractsIntro')}</p>
        {error && (
          <p class="wl-wb-error" role="alert">
            {error}
          </p>
        )}
        {contracts.length === 0 ? (
          <p class="wl-empty">{t('contractsNone')}</p>
        ) : (
          <div class="wl-wb-toolbar">
            <Field id="wb-contract" label={t('contract')}>
              <select
                id="wb-contract"
                class="wl-select"
                value={current?.address}
                onChange={(e) => setSelected((e.target as HTMLSelectElement).value)}
              >
                {contracts.map((c) => (
                  <option key={c.address} value={c.address}>
                    {c.name} · {short(c.address)} ({sourceLabel(c.source, t)})
                  </option>
                ))}
              </select>
            </Field>
            <Button variant="ghost" onClick={() => void reload()}>
              {t('refresh')}
            </Button>
          </div>
        )}
        {current && <ContractView key={current.address} contract={current} api={api} {...props} />}
      </section>
      <DeploySection
        api={api}
        onDeployed={(address) => {
          setSelected(address)
          void reload()
        }}
      />
    </>
  )
}

function sourceLabel(source: ListedContract['source'], t: SimulateT): string {
  return source === 'manifest'
    ? t('fromManifest')
    : source === 'standard'
      ? t('fromStandard')
      : t('fromDeployed')
}

function ContractView(
  props: WorkbenchPanelProps & { contract: ListedContract; api: SandboxApi },
): JSX.Element {
  const t = useSimulateT()
  const { contract } = props
  const parsed = useMemo(() => {
    try {
      const iface = new Interface(contract.abi as never)
      const fns: FunctionFragment[] = []
      iface.forEachFunction((fn) => {
        if (fns.length < MAX_FUNCTIONS) fns.push(fn)
      })
      return { iface, fns }
    } catch (e) {
      return { error: reasonOf(e) }
    }
  }, [contract])
  if ('error' in parsed) {
    return (
      <p class="wl-wb-error" role="alert">
        {t('failed', { reason: parsed.error ?? '' })}
      </p>
    )
  }
  const reads = parsed.fns.filter(isRead)
  const writes = parsed.fns.filter((fn) => !isRead(fn))
  return (
    <div style={SECTION_STYLE} data-testid="contract-view" data-address={contract.address}>
      <p class="wl-wb-note wl-mono">
        <Badge tone="neutral">{sourceLabel(contract.source, t)}</Badge> {contract.address}
      </p>
      <h4 class="wl-wb-h4">{t('readMethods')}</h4>
      {reads.length === 0 ? (
        <p class="wl-empty">{t('noMethods')}</p>
      ) : (
        <ul class="wl-wb-kv">
          {reads.map((fn) => (
            <FunctionForm key={fn.selector} fn={fn} iface={parsed.iface} {...props} />
          ))}
        </ul>
      )}
      <h4 class="wl-wb-h4">{t('writeMethods')}</h4>
      {writes.length === 0 ? (
        <p class="wl-empty">{t('noMethods')}</p>
      ) : (
        <ul class="wl-wb-kv">
          {writes.map((fn) => (
            <FunctionForm key={fn.selector} fn={fn} iface={parsed.iface} {...props} />
          ))}
        </ul>
      )}
    </div>
  )
}

type Outcome =
  | { kind: 'value'; text: string }
  | { kind: 'simulation'; result: SimulateResult; decoded?: string }
  | { kind: 'sent'; hash: string }
  | { kind: 'error'; text: string }

function FunctionForm({
  fn,
  iface,
  contract,
  api,
  env,
  devtools,
  appId,
}: WorkbenchPanelProps & {
  fn: FunctionFragment
  iface: Interface
  contract: ListedContract
  api: SandboxApi
}): JSX.Element {
  const t = useSimulateT()
  const [args, setArgs] = useState<string[]>(() => fn.inputs.map(() => ''))
  const [value, setValue] = useState('')
  const [busy, setBusy] = useState<string | undefined>()
  const [outcome, setOutcome] = useState<Outcome | undefined>()
  const read = isRead(fn)
  const id = `wb-fn-${contract.address.slice(2, 10)}-${fn.selector}`

  /** The call's data and value, or a message naming the argument that is wrong. */
  function encode(): { data: string; value?: string } | string {
    const values: unknown[] = []
    for (const [i, param] of fn.inputs.entries()) {
      try {
        values.push(parseArg(param, args[i] ?? ''))
      } catch (e) {
        return t('badArg', { name: param.name || String(i), reason: reasonOf(e) })
      }
    }
    try {
      const data = iface.encodeFunctionData(fn, values)
      const wei = value.trim()
      return wei && fn.payable ? { data, value: toBeHex(BigInt(wei)) } : { data }
    } catch (e) {
      return t('failed', { reason: reasonOf(e) })
    }
  }

  async function run(name: string, action: (call: { data: string; value?: string }) => Promise<Outcome>) {
    const call = encode()
    if (typeof call === 'string') {
      setOutcome({ kind: 'error', text: call })
      return
    }
    setBusy(name)
    try {
      setOutcome(await action(call))
    } catch (e) {
      setOutcome({ kind: 'error', text: t('failed', { reason: reasonOf(e) }) })
    } finally {
      setBusy(undefined)
    }
  }

  const from = env.wallet?.account
  const decode = (data: string) => showValue(iface.decodeFunctionResult(fn, data).toArray(true))

  const callRead = () =>
    run('call', async ({ data }) => {
      if (!env.wallet) throw new Error('no wallet')
      const tx = { to: contract.address, data, ...(from ? { from } : {}) }
      const result = await env.wallet.rpc().request<string>('eth_call', [tx, 'latest'])
      return { kind: 'value', text: decode(result) }
    })
  const simulate = () =>
    run('simulate', async (call) => {
      if (!from) throw new Error('no account')
      const result = await api.simulate({ from, to: contract.address, ...call, abi: [...contract.abi] })
      let decoded: string | undefined
      try {
        decoded = result.ok && result.returnData ? decode(result.returnData) : undefined
      } catch {
        decoded = undefined
      }
      return { kind: 'simulation', result, ...(decoded ? { decoded } : {}) }
    })
  const send = () =>
    run('send', async (call) => {
      if (!appId) throw new Error(t('sendNeedsApp'))
      const tx = { ...(from ? { from } : {}), to: contract.address, ...call }
      const hash = await devtools.callAs(appId, 'walletRequest', {
        method: 'eth_sendTransaction',
        params: [tx],
      })
      return { kind: 'sent', hash: String(hash) }
    })

  return (
    <li data-testid="contract-fn" data-fn={fn.name} data-kind={read ? 'read' : 'write'}>
      <span class="wl-wb-kvrow">
        <span class="wl-wb-key" title={fn.format('full')}>
          {fn.name}
        </span>
        <span class="wl-wb-val">{fn.format('sighash')}</span>
      </span>
      {(fn.inputs.length > 0 || fn.payable) && (
        <div class="wl-form">
          {fn.inputs.map((param, i) => (
            <Field
              key={`${id}-${i}`}
              id={`${id}-${i}`}
              label={`${param.name || `#${i}`} (${param.format()})`}
            >
              <input
                id={`${id}-${i}`}
                class="wl-input wl-mono"
                autocomplete="off"
                spellcheck={false}
                value={args[i]}
                onInput={(e) => {
                  const next = [...args]
                  next[i] = (e.target as HTMLInputElement).value
                  setArgs(next)
                }}
              />
            </Field>
          ))}
          {fn.payable && (
            <Field id={`${id}-value`} label={t('value')}>
              <input
                id={`${id}-value`}
                class="wl-input wl-mono"
                inputMode="numeric"
                value={value}
                onInput={(e) => setValue((e.target as HTMLInputElement).value)}
              />
            </Field>
          )}
        </div>
      )}
      <div class="wl-actions">
        {read ? (
          <Button variant="secondary" loading={busy === 'call'} onClick={() => void callRead()}>
            {t('call')}
          </Button>
        ) : (
          <>
            <Button variant="secondary" loading={busy === 'simulate'} onClick={() => void simulate()}>
              {t('simulate')}
            </Button>
            <Button
              variant="primary"
              loading={busy === 'send'}
              disabled={!appId}
              title={appId ? undefined : t('sendNeedsApp')}
              onClick={() => void send()}
            >
              {t('send')}
            </Button>
          </>
        )}
      </div>
      {outcome && <OutcomeView outcome={outcome} t={t} />}
    </li>
  )
}

function OutcomeView({ outcome, t }: { outcome: Outcome; t: SimulateT }): JSX.Element {
  if (outcome.kind === 'error') {
    return (
      <p class="wl-wb-error" role="alert" data-testid="contract-error">
        {outcome.text}
      </p>
    )
  }
  if (outcome.kind === 'value') {
    return (
      <pre class="wl-wb-json" data-testid="contract-result">
        {outcome.text}
      </pre>
    )
  }
  if (outcome.kind === 'sent') {
    return (
      <p class="wl-wb-note wl-mono" role="status" data-testid="contract-sent">
        {t('txSent', { hash: outcome.hash })}
      </p>
    )
  }
  const { result, decoded } = outcome
  const revert = result.revert
  const reason =
    revert?.reason ??
    (revert?.name
      ? `${revert.name}(${(revert.args ?? []).map((a) => showValue(a)).join(', ')})`
      : revert?.data)
  return (
    <div data-testid="simulation" data-ok={result.ok} role="status">
      <Badge tone={result.ok ? 'success' : 'danger'}>{result.ok ? t('simOk') : t('simReverted')}</Badge>
      <dl class="wl-dl">
        {!result.ok && (
          <>
            <dt>{t('reason')}</dt>
            <dd class="wl-mono" data-testid="simulation-reason">
              {reason ?? '—'}
            </dd>
          </>
        )}
        {decoded !== undefined && (
          <>
            <dt>{t('returns')}</dt>
            <dd class="wl-mono">{decoded}</dd>
          </>
        )}
        {result.gas !== undefined && (
          <>
            <dt>{t('gas')}</dt>
            <dd class="wl-mono">{result.gas}</dd>
          </>
        )}
        {result.fee && (
          <>
            <dt>{t('fee')}</dt>
            <dd class="wl-mono" data-testid="simulation-fee">
              {result.fee.dw20} DW20
            </dd>
          </>
        )}
      </dl>
    </div>
  )
}

type DeployMode = 'solidity' | 'artifact'

/**
 * The body of a deploy request from the form, or the message saying what is wrong.
 *
 * @example
 * ```ts
 * deployRequest('solidity', 'contract A {}', '', '[]', t)
 * ```
 */
export function deployRequest(
  mode: DeployMode,
  text: string,
  name: string,
  argsText: string,
  t: SimulateT,
): DeployRequest | string {
  if (new TextEncoder().encode(text).length > MAX_SOURCE_BYTES) return t('fileTooLarge')
  let args: unknown[] | undefined
  if (argsText.trim() !== '') {
    try {
      const parsed = JSON.parse(argsText) as unknown
      if (!Array.isArray(parsed)) return t('badArgs')
      args = parsed
    } catch {
      return t('badArgs')
    }
  }
  const extra = args ? { args } : {}
  if (mode === 'solidity')
    return { source: text, ...(name.trim() ? { contract: name.trim() } : {}), ...extra }
  let artifact: unknown
  try {
    artifact = JSON.parse(text)
  } catch {
    return t('badArtifact')
  }
  const { abi, bytecode, contractName } = (artifact ?? {}) as {
    abi?: unknown
    bytecode?: unknown
    contractName?: unknown
  }
  // Hardhat and Foundry artifacts: `bytecode` is a string, or `{ object }` (Foundry).
  const code =
    typeof bytecode === 'string' ? bytecode : (bytecode as { object?: unknown } | undefined)?.object
  if (!Array.isArray(abi) || typeof code !== 'string') return t('badArtifact')
  const hex = code.startsWith('0x') ? code : `0x${code}`
  if (!/^0x[0-9a-fA-F]*$/.test(hex) || hex.length < 4) return t('badArtifact')
  const label = name.trim() || (typeof contractName === 'string' ? contractName.slice(0, 100) : '')
  return { abi, bytecode: hex, ...(label ? { name: label } : {}), ...extra }
}

function DeploySection({ api, onDeployed }: { api: SandboxApi; onDeployed: (address: string) => void }) {
  const t = useSimulateT()
  const [mode, setMode] = useState<DeployMode>('solidity')
  const [text, setText] = useState('')
  const [name, setName] = useState('')
  const [argsText, setArgsText] = useState('')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<
    { text: string; lines?: readonly string[]; danger: boolean } | undefined
  >()

  async function onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0]
    if (!file) return
    if (file.size > MAX_SOURCE_BYTES) {
      setStatus({ text: t('fileTooLarge'), danger: true })
      return
    }
    setText(await file.text())
    if (/\.json$/i.test(file.name)) setMode('artifact')
    else if (/\.sol$/i.test(file.name)) setMode('solidity')
  }

  async function deploy(event: Event): Promise<void> {
    event.preventDefault()
    const request = deployRequest(mode, text, name, argsText, t)
    if (typeof request === 'string') {
      setStatus({ text: request, danger: true })
      return
    }
    setBusy(true)
    try {
      const contract = await api.deploy(request)
      setStatus({ text: t('deployed', { name: contract.name, address: contract.address }), danger: false })
      onDeployed(contract.address)
    } catch (e) {
      const reason = e instanceof SandboxApiError ? (e.reason ?? e.detail) : reasonOf(e)
      setStatus({
        text: t('deployFailed', { reason }),
        ...(e instanceof SandboxApiError && e.errors.length > 0 ? { lines: e.errors } : {}),
        danger: true,
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section style={SECTION_STYLE} aria-labelledby="wb-deploy-title" data-testid="deploy-panel">
      <h3 id="wb-deploy-title" class="wl-h3">
        {t('deployTitle')}
      </h3>
      <Segmented<DeployMode>
        label={t('deployTitle')}
        value={mode}
        onChange={setMode}
        options={[
          { value: 'solidity', label: t('deploySolidity') },
          { value: 'artifact', label: t('deployArtifact') },
        ]}
      />
      <form style={SECTION_STYLE} onSubmit={(e) => void deploy(e)}>
        <Field id="wb-deploy-text" label={mode === 'solidity' ? t('source') : t('artifact')}>
          <textarea
            id="wb-deploy-text"
            class="wl-input wl-wb-textarea"
            spellcheck={false}
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        </Field>
        <Field id="wb-deploy-file" label={t('chooseFile')}>
          <input
            id="wb-deploy-file"
            class="wl-input"
            type="file"
            accept=".sol,.json,application/json,text/plain"
            onChange={(e) => void onFile(e)}
          />
        </Field>
        <div class="wl-form">
          <Field id="wb-deploy-name" label={t('contractName')}>
            <input
              id="wb-deploy-name"
              class="wl-input wl-mono"
              autocomplete="off"
              maxLength={100}
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </Field>
          <Field id="wb-deploy-args" label={t('constructorArgs')}>
            <input
              id="wb-deploy-args"
              class="wl-input wl-mono"
              autocomplete="off"
              spellcheck={false}
              value={argsText}
              onInput={(e) => setArgsText((e.target as HTMLInputElement).value)}
            />
          </Field>
        </div>
        <div class="wl-actions">
          <Button type="submit" variant="primary" loading={busy} disabled={text.trim() === ''}>
            {t('deploy')}
          </Button>
        </div>
      </form>
      {status && (
        <div role={status.danger ? 'alert' : 'status'} data-testid="deploy-status" data-ok={!status.danger}>
          <p class={status.danger ? 'wl-wb-error' : 'wl-wb-note wl-mono'}>{status.text}</p>
          {status.lines && <pre class="wl-wb-json">{status.lines.join('\n')}</pre>}
        </div>
      )}
    </section>
  )
}
