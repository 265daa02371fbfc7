import type { PopupDecision, PopupRequest } from '@chainless/protocol'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { AppHeader, sheetCss } from '../sheets/parts.js'

/** Props of {@link PopupSheet}. */
export interface PopupSheetProps extends Omit<PopupRequest, 'signal'> {
  /** The pressed button's id; `null` when dismissed (close, Escape, backdrop). */
  onDecision: (decision: PopupDecision) => void
}

const VARIANT = { default: 'primary', destructive: 'danger', cancel: 'secondary' } as const

/**
 * An app's popup (`uiShowPopup`): its message and 1 to 3 buttons, under the app's name so the user
 * knows who asks. The app's text is shown as text (control and hidden characters marked).
 * @example
 * ```tsx
 * <PopupSheet manifest={m} message="Delete?" buttons={[{ id: 'del', text: 'Delete', style: 'destructive' }]} onDecision={done} />
 * ```
 */
export function PopupSheet({ manifest, title, message, buttons, onDecision }: PopupSheetProps) {
  sheetCss()
  return (
    <Sheet
      title={<SafeText text={title ?? manifest.name} max={64} />}
      onClose={() => onDecision({ buttonId: null })}
      footer={buttons.map((b) => (
        <Button key={b.id} variant={VARIANT[b.style]} onClick={() => onDecision({ buttonId: b.id })}>
          <SafeText text={b.text} max={64} />
        </Button>
      ))}
    >
      <AppHeader manifest={manifest} />
      <p class="cl-p">
        <SafeText text={message} max={1024} multiline />
      </p>
    </Sheet>
  )
}
