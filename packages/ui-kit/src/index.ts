// @chainless/ui-kit: Preact components, design tokens and the host's system sheets.
// The default UI adapter for @chainless/runtime-host is at '@chainless/ui-kit/adapter'.

export { type AddressStatus, checkAddress, sameAddress, shortenAddress } from './address.js'
export { formatUnits } from './amount.js'
export { AddressView, type AddressViewProps } from './components/AddressView.js'
export { AmountView, type AmountViewProps } from './components/AmountView.js'
export { ArmDelayContext, PRIMARY_ACTION_DELAY_MS } from './components/armed.js'
export { Badge, type BadgeProps, type Tone } from './components/Badge.js'
export { Button, type ButtonProps } from './components/Button.js'
export { Cell, type CellProps, List, type ListProps } from './components/List.js'
export { SafeText, type SafeTextProps } from './components/SafeText.js'
export { Sheet, type SheetProps } from './components/Sheet.js'
export { Spinner, type SpinnerProps } from './components/Spinner.js'
export { EmptyState, ErrorState, type StateProps } from './components/States.js'
export { Toast, type ToastProps } from './components/Toast.js'
export { UiProvider, type UiProviderProps } from './components/UiProvider.js'
export {
  addLocale,
  availableLocales,
  type I18n,
  I18nContext,
  localeDir,
  type MessageKey,
  type Messages,
  resolveLocale,
  scopeLabel,
  type Translate,
  translator,
} from './i18n.js'
export { AppInfoPage, type AppInfoPageProps } from './sheets/AppInfoPage.js'
export { ConsentSheet, type ConsentSheetProps } from './sheets/ConsentSheet.js'
export { SecurityNotice, type SecurityNoticeProps } from './sheets/SecurityNotice.js'
export { hexToText, SignMessageSheet, type SignMessageSheetProps } from './sheets/SignMessageSheet.js'
export { TransactionSheet, type TransactionSheetProps } from './sheets/TransactionSheet.js'
export { BASE_CSS, css, cx } from './styles.js'
export {
  codePointLabel,
  hasHiddenChars,
  type InspectedText,
  inspectText,
  isMixedScript,
  MAX_MARKS,
  safeUrl,
  type TextPart,
} from './text.js'
