import type { LinkRequest } from '@chainless/protocol'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { AppHeader, sheetCss } from '../sheets/parts.js'
import { type ActionMessages, fill } from './messages.js'

/** Props of {@link LinkSheet}. */
export interface LinkSheetProps extends Omit<LinkRequest, 'signal'> {
  messages: ActionMessages
  onConfirm: () => void
  onReject: () => void
}

/**
 * Confirms an app's link to another site (`uiOpenLink`). The site's host name is shown large, as the
 * URL parser reads it (internationalised names in punycode, so a look-alike name cannot pass as
 * another), then the full URL.
 * @example
 * ```tsx
 * <LinkSheet manifest={m} url="https://example.com/" messages={ACTION_MESSAGES} onConfirm={go} onReject={stay} />
 * ```
 */
export function LinkSheet({ manifest, url, messages, onConfirm, onReject }: LinkSheetProps) {
  sheetCss()
  const parsed = new URL(url)
  return (
    <Sheet
      title={messages.linkTitle}
      onClose={onReject}
      footer={
        <>
          <Button onClick={onReject}>{messages.cancel}</Button>
          <Button arm variant="primary" onClick={onConfirm}>
            {messages.linkOpen}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      <p class="cl-p">{fill(messages.linkLead, manifest.name)}</p>
      <p class="cl-p" data-link-host>
        <strong>
          <SafeText text={parsed.host} max={253} />
        </strong>
      </p>
      <p class="cl-p cl-muted">
        <SafeText text={parsed.href} max={2048} multiline />
      </p>
    </Sheet>
  )
}
