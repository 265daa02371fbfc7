import type { ClipboardRequest } from '@chainless/protocol'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { AppHeader, sheetCss } from '../sheets/parts.js'
import { type ActionMessages, fill } from './messages.js'

/** Props of {@link ClipboardSheet}. */
export interface ClipboardSheetProps extends Omit<ClipboardRequest, 'signal'> {
  messages: ActionMessages
  onConfirm: () => void
  onReject: () => void
}

/**
 * Confirms copying an app's text (`uiWriteClipboard` without a user gesture the host saw): the text is
 * shown in full first, so an app cannot slip an address swap into the clipboard unseen.
 * @example
 * ```tsx
 * <ClipboardSheet manifest={m} text="0x…" messages={ACTION_MESSAGES} onConfirm={copy} onReject={skip} />
 * ```
 */
export function ClipboardSheet({ manifest, text, messages, onConfirm, onReject }: ClipboardSheetProps) {
  sheetCss()
  return (
    <Sheet
      title={messages.clipboardTitle}
      onClose={onReject}
      footer={
        <>
          <Button onClick={onReject}>{messages.cancel}</Button>
          <Button arm variant="primary" onClick={onConfirm}>
            {messages.copy}
          </Button>
        </>
      }
    >
      <AppHeader manifest={manifest} />
      <p class="cl-p">{fill(messages.clipboardLead, manifest.name)}</p>
      <p class="cl-p">
        <SafeText text={text} max={10_000} multiline />
      </p>
    </Sheet>
  )
}
