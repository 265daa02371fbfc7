export type {
  AppContext,
  ErrorPayload,
  HostEventName,
  HostEvents,
  MethodName,
  MethodParams,
  MethodResult,
  SafeAreaInsets,
  Theme,
  TxStatus,
  TxStatusValue,
} from '@chainless/protocol'
export {
  BridgeError,
  ChainDisconnectedError,
  DisconnectedError,
  ErrorCode,
  InternalError,
  InvalidParamsError,
  RateLimitedError,
  TimeoutError,
  UnauthorizedError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
export type { ConnectOptions } from './bridge.js'
export { type CallOptions, call } from './call.js'
export { off, on } from './events.js'
export { isInHost } from './is-in-host.js'
export { close, getContext, hideBackButton, showBackButton } from './lifecycle.js'
export { type ReadyOptions, ready } from './ready.js'
export {
  confirm,
  expand,
  type HapticStyle,
  haptic,
  type MainButtonParams,
  mainButton,
  onViewportChanged,
  openLink,
  type PopupButton,
  type PopupParams,
  type ShareParams,
  scanQr,
  share,
  showPopup,
  writeClipboard,
} from './ui-actions/index.js'
export { SDK_VERSION } from './version.js'
