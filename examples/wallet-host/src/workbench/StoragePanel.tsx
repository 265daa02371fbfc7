// The open app's host storage and grants: every key and value (edit a value as JSON, add, remove,
// clear), the quota used, and what each account granted the app (revoke a scope, or disconnect).
// Writes go through `devtools.callAs(appId, 'storageSet')`: the app's own namespace, the same checks
// and quota as the app's writes (HostStorage lists, removes and clears; it does not write).
import type { GrantEntry, StorageListing } from '@chainless/runtime-host'
import { Button, Toast } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useState } from 'preact/hooks'
import { Field } from '../ui/controls.js'
import { short, WalletI18nContext } from '../ui/env.js'
import { Icon } from '../ui/icons.js'
import { formatBytes } from '../ui/pages/Grants.js'
import { usePoll } from '../ui/poll.js'
import { formatJson } from './format.js'
import { useInspectT } from './strings-inspect.js'
import type { WorkbenchPanelProps } from './types.js'

/** How often the panel reads the storage and grants again (the app writes under it). */
const REFRESH_MS = 1500

/**
 * Parses the JSON a tester typed for a storage value. Answers the value, or the parser's reason.
 *
 * @example
 * ```ts
 * parseValue('{"a":1}') // { ok: true, value: { a: 1 } }
 * ```
 */
export function parseValue(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}

/** A one-line preview of a stored value. */
const preview = (value: unknown) => {
  const text = formatJson(value, 400).replace(/\s+/g, ' ')
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/**
 * The storage and grants panel.
 *
 * @example
 * ```tsx
 * <StoragePanel devtools={devtools} env={env} appId="hello" accounts={accounts} />
 * ```
 */
export function StoragePanel({ devtools, env, appId }: WorkbenchPanelProps): JSX.Element {
  const t = useInspectT()
  const { locale } = useContext(WalletI18nContext)
  const { host, wallet } = env
  const [listing, setListing] = useState<StorageListing | undefined>()
  const [grants, setGrants] = useState<readonly GrantEntry[]>([])
  const [editing, setEditing] = useState<{ key: string; text: string; isNew: boolean } | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState<string | undefined>()
  const [confirmClear, setConfirmClear] = useState(false)
  const [toast, setToast] = useState<{ text: string; danger: boolean } | undefined>()

  async function refresh(): Promise<void> {
    if (appId === undefined) return
    if (host.storage) setListing(await host.storage.list(appId))
    setGrants(host.grants.entries().filter((entry) => entry.appId === appId))
  }
  usePoll(refresh, REFRESH_MS, [appId])

  if (appId === undefined) return <p class="wl-empty">{t('noApp')}</p>

  async function run(label: string, task: () => Promise<unknown>): Promise<boolean> {
    setBusy(label)
    try {
      await task()
      await refresh()
      return true
    } catch (error) {
      setToast({ text: t('failed', { reason: (error as Error).message }), danger: true })
      return false
    } finally {
      setBusy(undefined)
    }
  }

  async function save(): Promise<void> {
    if (!editing || appId === undefined) return
    const key = editing.key
    if (key === '') return setProblem(t('key'))
    const parsed = parseValue(editing.text)
    if (!parsed.ok) return setProblem(t('badJson', { reason: parsed.reason }))
    setProblem(undefined)
    const done = await run(`save:${key}`, () =>
      devtools.callAs(appId, 'storageSet', { key, value: parsed.value }),
    )
    if (done) {
      setEditing(undefined)
      setToast({ text: t('saved'), danger: false })
    }
  }

  const used = listing?.usedBytes ?? 0
  const quota = listing?.quotaBytes ?? 0
  const ratio = quota > 0 ? Math.min(1, used / quota) : 0
  const editor = editing && (
    <form
      class="wl-wb-details"
      data-testid="storage-editor"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      {editing.isNew && (
        <Field id="wb-storage-key" label={t('key')}>
          <input
            id="wb-storage-key"
            class="wl-input wl-mono"
            value={editing.key}
            maxLength={256}
            onInput={(event) => setEditing({ ...editing, key: (event.target as HTMLInputElement).value })}
          />
        </Field>
      )}
      <Field id="wb-storage-value" label={t('value')}>
        <textarea
          id="wb-storage-value"
          class="wl-input wl-wb-textarea"
          spellcheck={false}
          value={editing.text}
          aria-invalid={problem !== undefined}
          onInput={(event) => {
            setProblem(undefined)
            setEditing({ ...editing, text: (event.target as HTMLTextAreaElement).value })
          }}
        />
      </Field>
      {problem && (
        <p class="wl-wb-error" role="alert">
          {problem}
        </p>
      )}
      <p class="wl-wb-note">{t('needsOpenApp')}</p>
      <div class="wl-actions">
        <Button type="submit" variant="primary" loading={busy === `save:${editing.key}`}>
          {t('save')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setEditing(undefined)
            setProblem(undefined)
          }}
        >
          {t('cancel')}
        </Button>
      </div>
    </form>
  )

  return (
    <>
      <h3 class="wl-h3">{t('storageTitle')}</h3>
      {!host.storage ? (
        <p class="wl-empty">{t('storageUnavailable')}</p>
      ) : (
        <>
          <div class="wl-wb-quota" data-testid="storage-quota">
            <span>{t('quota', { used: formatBytes(used, locale), quota: formatBytes(quota, locale) })}</span>
            <div
              class="wl-wb-bar"
              aria-hidden="true"
              data-level={ratio >= 1 ? 'full' : ratio >= 0.8 ? 'high' : 'ok'}
            >
              <span style={{ inlineSize: `${Math.max(ratio * 100, used > 0 ? 1 : 0)}%` }} />
            </div>
          </div>
          <div class="wl-wb-toolbar">
            <Button
              variant="secondary"
              onClick={() => {
                setProblem(undefined)
                setEditing({ key: '', text: '""', isNew: true })
              }}
            >
              {t('addEntry')}
            </Button>
            {confirmClear ? (
              <>
                <span class="wl-wb-note">{t('confirmClear', { app: appId })}</span>
                <Button
                  variant="danger"
                  loading={busy === 'clear'}
                  onClick={() =>
                    void run('clear', () => host.storage!.clear(appId)).then(() => setConfirmClear(false))
                  }
                >
                  {t('clearStorage')}
                </Button>
                <Button variant="secondary" onClick={() => setConfirmClear(false)}>
                  {t('cancel')}
                </Button>
              </>
            ) : (
              <Button
                variant="secondary"
                disabled={(listing?.entries.length ?? 0) === 0}
                onClick={() => setConfirmClear(true)}
              >
                <Icon name="trash" size={16} /> {t('clearStorage')}
              </Button>
            )}
          </div>
          {editing?.isNew && editor}
          {listing && listing.entries.length === 0 ? (
            <p class="wl-empty">{t('storageEmpty')}</p>
          ) : (
            <ul class="wl-wb-kv" aria-label={t('storageTitle')} data-testid="storage-entries">
              {listing?.entries.map((entry) => (
                <li key={entry.key} data-testid="storage-row" data-key={entry.key}>
                  <div class="wl-wb-kvrow">
                    <span class="wl-wb-key" title={entry.key}>
                      {entry.key}
                    </span>
                    <span class="wl-wb-val">{preview(entry.value)}</span>
                    <Button
                      variant="secondary"
                      aria-label={t('editKey', { key: entry.key })}
                      onClick={() => {
                        setProblem(undefined)
                        setEditing({ key: entry.key, text: formatJson(entry.value), isNew: false })
                      }}
                    >
                      {t('edit')}
                    </Button>
                    <Button
                      variant="ghost"
                      aria-label={t('removeKey', { key: entry.key })}
                      loading={busy === `remove:${entry.key}`}
                      onClick={() =>
                        void run(`remove:${entry.key}`, () => host.storage!.remove(appId, entry.key))
                      }
                    >
                      <Icon name="trash" size={16} />
                    </Button>
                  </div>
                  {editing && !editing.isNew && editing.key === entry.key && editor}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3 class="wl-h3">{t('grantsTitle')}</h3>
      {grants.length === 0 ? (
        <p class="wl-empty">{t('grantsEmpty')}</p>
      ) : (
        <ul class="wl-wb-grants" aria-label={t('grantsTitle')} data-testid="grants">
          {grants.map((grant) => (
            <li key={grant.account} data-account={grant.account}>
              <div class="wl-wb-kvrow">
                <span class="wl-wb-key wl-mono" title={grant.account}>
                  {grant.account ? short(grant.account) : '—'}
                </span>
                <span style={{ flex: 1 }} />
                <Button
                  variant="danger"
                  loading={busy === `disconnect:${grant.account}`}
                  aria-label={t('disconnectAccount', { account: grant.account })}
                  onClick={() =>
                    void run(`disconnect:${grant.account}`, async () => {
                      if (wallet) await wallet.disconnect(appId, grant.account)
                      else host.grants.revoke(appId, grant.account, grant.scopes)
                    })
                  }
                >
                  {t('disconnect')}
                </Button>
              </div>
              <div class="wl-wb-chips">
                {grant.scopes.map((scope) => (
                  <span class="wl-wb-chip" key={scope}>
                    {scope}
                    <Button
                      variant="ghost"
                      aria-label={t('revokeScope', { scope, account: short(grant.account) })}
                      title={t('revoke')}
                      onClick={() =>
                        void run(`revoke:${scope}`, async () =>
                          host.grants.revoke(appId, grant.account, [scope]),
                        )
                      }
                    >
                      <Icon name="close" size={14} />
                    </Button>
                  </span>
                ))}
              </div>
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
    </>
  )
}
