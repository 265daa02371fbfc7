import type { ShareDecision, ShareRequest } from '@chainless/protocol'
import { useState } from 'preact/hooks'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { AppHeader, sheetCss } from '../sheets/parts.js'
import type { ActionMessages } from './messages.js'

/** Props of {@link ShareSheet}. */
export interface ShareSheetProps extends Omit<ShareRequest, 'signal'> {
  messages: ActionMessages
  /** Writes the text to the clipboard (the click is the user gesture it needs). */
  copy: (text: string) => Promise<boolean>
  onDecision: (decision: ShareDecision) => void
}

/**
 * The share fallback where the system has no share sheet (`uiShare`): what the app shares, and a copy
 * button. `{ shared: true }` once copied, `{ shared: false }` when closed before.
 * @example
 * ```tsx
 * <ShareSheet manifest={m} text="Join me" url="https://example.com/" messages={ACTION_MESSAGES} copy={copy} onDecision={done} />
 * ```
 */
export function ShareSheet({ manifest, title, text, url, messages, copy, onDecision }: ShareSheetProps) {
  sheetCss()
  const [copied, setCopied] = useState(false)
  const content = [text, url].filter(Boolean).join('\n')
  return (
    <Sheet
      title={title ? <SafeText text={title} max={256} /> : messages.shareTitle}
      onClose={() => onDecision({ shared: copied })}
      footer={
        <>
          <Button onClick={() => onDecision({ shared: copied })}>
            {copied ? messages.close : messages.cancel}
          </Button>
          <Button
            variant="primary"
            onClick={() =>
              void copy(content).then((ok) => {
                if (ok) onDecision({ shared: true })
                setCopied(ok)
              })
            }
          >
            {copied ? messages.copied : messages.copy}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      <p class="cl-p">
        <SafeText text={content} max={6200} multiline />
      </p>
    </Sheet>
  )
}
