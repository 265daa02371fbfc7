import type { Confirmation, Manifest } from '@chainless/protocol'
import { useContext } from 'preact/hooks'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { I18nContext } from '../i18n.js'
import { Alert, AppHeader, ExtLink, Row, sheetCss } from './parts.js'

/** Props of {@link SecurityNotice}. */
export interface SecurityNoticeProps {
  manifest: Manifest
  /** Where users report the app. */
  reportUrl: string
  onDecision: (decision: Confirmation) => void
  onReject: () => void
}

/**
 * Shown on an app's first use: audit certificate, source repository, security rating, the
 * statement that the platform does not review the app's function and safety, and where to report it.
 * @example
 * ```tsx
 * <SecurityNotice manifest={m} reportUrl="https://chainless.example/report" onDecision={go} onReject={leave} />
 * ```
 */
export function SecurityNotice({ manifest, reportUrl, onDecision, onReject }: SecurityNoticeProps) {
  sheetCss()
  const { t } = useContext(I18nContext)
  const audit = manifest.audit
  return (
    <Sheet
      title={t('noticeTitle')}
      onClose={onReject}
      footer={
        <>
          <Button onClick={onReject}>{t('cancel')}</Button>
          <Button arm variant="primary" onClick={() => onDecision({ confirmed: true })}>
            {t('continue')}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      <Alert tone="warning">
        <p>{t('disclaimer')}</p>
      </Alert>
      <dl class="cl-kv">
        <Row label={t('audit')}>
          {audit ? (
            <>
              <SafeText text={String(audit.auditor)} max={80} />
              {audit.date && (
                <span class="cl-muted">
                  {' · '}
                  <SafeText text={String(audit.date)} max={30} />
                </span>
              )}
              <div>
                <ExtLink href={audit.url} />
              </div>
            </>
          ) : (
            <span class="cl-muted">{t('noAudit')}</span>
          )}
        </Row>
        <Row label={t('source')}>
          {manifest.sourceUrl ? (
            <ExtLink href={manifest.sourceUrl} />
          ) : (
            <span class="cl-muted">{t('notProvided')}</span>
          )}
        </Row>
      </dl>
      <p class="cl-p">
        <ExtLink href={reportUrl}>{t('report')}</ExtLink>
      </p>
    </Sheet>
  )
}
