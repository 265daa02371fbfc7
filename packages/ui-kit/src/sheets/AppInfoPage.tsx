import { type AppInfoDecision, type Manifest, SCOPES, type Scope } from '@chainless/protocol'
import { useContext, useState } from 'preact/hooks'
import { AddressView } from '../components/AddressView.js'
import { Badge } from '../components/Badge.js'
import { Button } from '../components/Button.js'
import { Cell, List } from '../components/List.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext, scopeLabel } from '../i18n.js'
import { AppHeader, chainLabel, ExtLink, Row, sheetCss } from './parts.js'

/** Props of {@link AppInfoPage}. */
export interface AppInfoPageProps {
  manifest: Manifest
  /** Scopes the user has granted this app. */
  grants: readonly Scope[]
  /** Done: `revoke` lists the scopes the user marked for revocation (possibly none). */
  onDecision: (decision: AppInfoDecision) => void
  /** Closed without pressing Done: nothing is revoked. */
  onReject: () => void
}

/** A date string shown in the locale when it parses, else as inert text. */
function When({ value, locale }: { value: string; locale: string }) {
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? (
    <SafeText text={value} max={40} />
  ) : (
    <time dateTime={d.toISOString()}>
      {d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', numberingSystem: 'latn' })}
    </time>
  )
}

/**
 * The app's properties — developer, version, updated time, source repository, audit certificate,
 * deployed contracts, security rating — and the scopes granted to it, each with Revoke (undoable
 * until Done). Done resolves with the scopes to revoke; closing revokes nothing.
 * @example
 * ```tsx
 * <AppInfoPage manifest={m} grants={['user:basic']} onDecision={({ revoke }) => …} onReject={…} />
 * ```
 */
export function AppInfoPage({ manifest, grants, onDecision, onReject }: AppInfoPageProps) {
  sheetCss()
  const { t, locale } = useContext(I18nContext)
  const [revoke, setRevoke] = useState<readonly Scope[]>([])
  const toggle = (s: Scope) => setRevoke(revoke.includes(s) ? revoke.filter((r) => r !== s) : [...revoke, s])
  return (
    <Sheet
      title={t('appInfoTitle')}
      onClose={onReject}
      footer={
        <Button arm variant={revoke.length ? 'danger' : 'primary'} onClick={() => onDecision({ revoke })}>
          {revoke.length ? `${t('revoke')} (${revoke.length})` : t('done')}
        </Button>
      }
    >
      <AppHeader manifest={manifest} />
      {manifest.description && (
        <p class="cl-p">
          <SafeText text={manifest.description} max={300} multiline />
        </p>
      )}
      <dl class="cl-kv">
        <Row label={t('developer')}>
          {manifest.developer ? (
            <>
              <SafeText text={String(manifest.developer.name)} max={80} />
              {manifest.developer.url && (
                <div>
                  <ExtLink href={manifest.developer.url} />
                </div>
              )}
            </>
          ) : (
            <span class="cl-muted">{t('notProvided')}</span>
          )}
        </Row>
        <Row label={t('version')}>
          <SafeText text={String(manifest.version)} max={40} />
        </Row>
        {manifest.updatedAt && (
          <Row label={t('updated')}>
            <When value={manifest.updatedAt} locale={locale} />
          </Row>
        )}
        <Row label={t('source')}>
          {manifest.sourceUrl ? (
            <ExtLink href={manifest.sourceUrl} />
          ) : (
            <span class="cl-muted">{t('notProvided')}</span>
          )}
        </Row>
        <Row label={t('audit')}>
          {manifest.audit ? (
            <>
              <SafeText text={String(manifest.audit.auditor)} max={80} />
              <div>
                <ExtLink href={manifest.audit.url} />
              </div>
            </>
          ) : (
            <span class="cl-muted">{t('noAudit')}</span>
          )}
        </Row>
      </dl>
      {!!manifest.contracts?.length && (
        <section class="cl-sec" aria-label={t('contracts')}>
          <h3 class="cl-h">{t('contracts')}</h3>
          <List>
            {manifest.contracts.map((c, i) => (
              <Cell
                key={i}
                title={<SafeText text={String(c.name)} max={60} />}
                subtitle={
                  <>
                    {chainLabel(t, c.chainId)} · <AddressView address={c.address} />
                  </>
                }
              />
            ))}
          </List>
        </section>
      )}
      <section class="cl-sec" aria-label={t('grants')}>
        <h3 class="cl-h">{t('grants')}</h3>
        {grants.length === 0 ? (
          <p class="cl-p">{t('noGrants')}</p>
        ) : (
          <List>
            {[...new Set(grants)]
              .filter((s) => SCOPES.includes(s))
              .map((s) => {
                const marked = revoke.includes(s)
                return (
                  <Cell
                    key={s}
                    title={marked ? <s>{scopeLabel(t, s)}</s> : scopeLabel(t, s)}
                    subtitle={
                      marked ? (
                        <Badge tone="danger">{t('willRevoke')}</Badge>
                      ) : (
                        <span class="cl-mono">{s}</span>
                      )
                    }
                    value={
                      <Button
                        variant={marked ? 'secondary' : 'ghost'}
                        onClick={() => toggle(s)}
                        aria-label={`${marked ? t('undo') : t('revoke')}: ${scopeLabel(t, s)}`}
                      >
                        {marked ? t('undo') : t('revoke')}
                      </Button>
                    }
                  />
                )
              })}
          </List>
        )}
      </section>
    </Sheet>
  )
}
