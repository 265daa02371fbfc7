// Notifications: the messages apps sent this wallet's user through the platform
// (GET /api/v1/wallet/messages with the wallet's session). Loaded when the user looks (the Inbox tab,
// or the button), then kept fresh: signing the wallet in is the user's intent, not a page load's.
import { Button, ErrorState, SafeText, Spinner, safeUrl } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { Section } from '../controls.js'
import { ManifestsContext, useEnv, useT, WalletI18nContext } from '../env.js'
import { Icon } from '../icons.js'
import { usePoll } from '../poll.js'

/** One message, as `GET /api/v1/wallet/messages` lists it. */
export interface WalletMessage {
  id: string
  appId: string
  appName?: string
  title: string
  body: string
  url?: string
  createdAt: string | number
}

/** Props of {@link InboxPage}. */
export interface InboxPageProps {
  account: string | undefined
  current: boolean
}

type Load =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ok'; messages: WalletMessage[] }
  | { kind: 'error'; reason: string }

/** The notifications page. */
export function InboxPage({ account, current }: InboxPageProps): JSX.Element {
  const { wallet, config } = useEnv()
  const t = useT()
  const { locale } = useContext(WalletI18nContext)
  const manifests = useContext(ManifestsContext)
  const [wanted, setWanted] = useState(false)
  const [load, setLoad] = useState<Load>({ kind: 'idle' })
  const [attempt, setAttempt] = useState(0)
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })
  const when = (at: string | number) => {
    const date = new Date(at)
    return Number.isNaN(date.getTime()) ? '' : time.format(date)
  }

  // The phone's Inbox tab is the user asking for it.
  useEffect(() => {
    if (current && window.matchMedia('(max-width: 899.98px)').matches) setWanted(true)
  }, [current])

  usePoll(
    async () => {
      if (!wanted || !wallet) return
      setLoad((l) => (l.kind === 'ok' ? l : { kind: 'loading' }))
      try {
        const token = await wallet.signIn()
        const response = await fetch(new URL('/api/v1/wallet/messages', config.apiUrl), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const body = (await response.json()) as { messages?: WalletMessage[] }
        setLoad({ kind: 'ok', messages: Array.isArray(body.messages) ? body.messages.slice(0, 100) : [] })
      } catch (error) {
        setLoad({ kind: 'error', reason: (error as Error).message })
      }
    },
    10_000,
    [wanted, account, attempt],
  )

  return (
    <Section
      headingId="notifications-title"
      page="inbox"
      title={t('inboxTitle')}
      icon={<Icon name="bell" />}
      current={current}
    >
      {load.kind === 'idle' && (
        <Button id="notifications-load" variant="secondary" onClick={() => setWanted(true)}>
          <Icon name="bell" size={16} /> {t('inboxLoad')}
        </Button>
      )}
      <p id="notifications-status" class="wl-status" role="status" hidden={load.kind !== 'loading'}>
        {load.kind === 'loading' && <Spinner label={t('inboxTitle')} />}
      </p>
      {load.kind === 'error' && (
        <ErrorState
          description={t('inboxError', { reason: load.reason })}
          action={
            <Button onClick={() => setAttempt((n) => n + 1)}>
              <Icon name="reload" size={16} /> {t('retry')}
            </Button>
          }
        />
      )}
      {load.kind === 'ok' &&
        (load.messages.length === 0 ? (
          <p class="wl-empty" id="notifications-empty">
            {t('inboxEmpty')}
          </p>
        ) : (
          <ul id="notifications" class="wl-rows" aria-label={t('inboxTitle')}>
            {load.messages.map((message) => {
              const link = safeUrl(message.url)
              return (
                <li key={message.id} data-message-id={message.id} data-app-id={message.appId}>
                  <span class="wl-row-main">
                    <span class="wl-row-title">
                      <SafeText text={message.title} max={Number.POSITIVE_INFINITY} lines={1} />
                    </span>
                    <span>
                      <SafeText text={message.body} max={400} multiline quiet />
                    </span>
                    <span class="wl-row-sub">
                      <SafeText
                        text={message.appName ?? manifests.get(message.appId)?.name ?? message.appId}
                        max={Number.POSITIVE_INFINITY}
                        lines={1}
                        quiet
                      />{' '}
                      · {when(message.createdAt)}
                      {link && (
                        <>
                          {' · '}
                          <a href={link} target="_blank" rel="noopener noreferrer">
                            {t('openLink')}
                          </a>
                        </>
                      )}
                    </span>
                  </span>
                </li>
              )
            })}
          </ul>
        ))}
    </Section>
  )
}
