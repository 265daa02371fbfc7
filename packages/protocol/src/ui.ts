import type { Manifest } from './manifest.js'
import type { Scope } from './scopes.js'

/**
 * The contract between the runtime host and whatever asks the user: the default sheets of
 * `@chainless/ui-kit`, or a wallet's native UI. Every method resolves with the user's typed decision
 * and rejects with `UserRejectedError` (4001) when the user rejects or closes the sheet. When
 * `signal` aborts (the app went away, the call timed out), the adapter closes its UI and rejects with
 * the signal's reason.
 */
export interface UiAdapter {
  /** First authorization: which of the requested scopes the user grants. */
  consent(request: ConsentRequest): Promise<ConsentDecision>
  /** `personal_sign`: the user confirms signing `message`. */
  signMessage(request: SignMessageRequest): Promise<Confirmation>
  /** `eth_signTypedData_v4`: the user confirms signing EIP-712 typed data. */
  signTypedData(request: SignTypedDataRequest): Promise<Confirmation>
  /** A transaction to sign (and broadcast). */
  transaction(request: TransactionRequest): Promise<Confirmation>
  /** First use of an app: the user acknowledges the security notice. */
  securityNotice(request: SecurityNoticeRequest): Promise<Confirmation>
  /** The app info page; resolves with the scopes the user revoked there (possibly none). */
  appInfo(request: AppInfoRequest): Promise<AppInfoDecision>
  /**
   * `uiShowPopup`: the app's popup. Resolves with the pressed button's id, `null` when dismissed
   * (never 4001). Optional: without it the host uses the sheets of `@chainless/ui-kit/actions`.
   */
  popup?(request: PopupRequest): Promise<PopupDecision>
  /** `uiOpenLink` to a site that is not the app's origin: the user confirms leaving for `url`. Optional, as {@link UiAdapter.popup}. */
  confirmLink?(request: LinkRequest): Promise<Confirmation>
  /** `uiShare` where the system has no share sheet: the text and a copy button. Optional, as {@link UiAdapter.popup}. */
  share?(request: ShareRequest): Promise<ShareDecision>
  /** `uiWriteClipboard` without a fresh user gesture: the user confirms copying `text`. Optional, as {@link UiAdapter.popup}. */
  confirmClipboard?(request: ClipboardRequest): Promise<Confirmation>
  /** `uiScanQr`: the camera view; resolves with the first QR code read. Optional, as {@link UiAdapter.popup}. */
  scanQr?(request: ScanQrRequest): Promise<ScanQrResult>
}

interface UiRequest {
  manifest: Manifest
  signal?: AbortSignal
}

/** Ask for scopes. Sensitive scopes (`user:phone`, `user:email`) need a second confirmation. */
export interface ConsentRequest extends UiRequest {
  scopes: readonly Scope[]
  /** The account whose address the app learns (`user:basic`), checksummed: connect is consent. */
  account?: string
}
/** Scopes granted: a subset of those requested. */
export interface ConsentDecision {
  granted: readonly Scope[]
}
/** The user confirmed. */
export interface Confirmation {
  confirmed: true
}

/** Sign a message: `message` is text, or `0x`-prefixed hex when it is bytes. */
export interface SignMessageRequest extends UiRequest {
  address: string
  message: string
  /** Risks the host's policy found (e.g. a SIWE domain that is not the app's origin); `danger` must be acknowledged before signing. */
  warnings?: readonly RiskWarning[]
}

/** EIP-712 typed data. @see https://eips.ethereum.org/EIPS/eip-712 */
export interface TypedData {
  types: Record<string, readonly { name: string; type: string }[]>
  primaryType: string
  domain: {
    name?: string
    version?: string
    chainId?: number | string
    verifyingContract?: string
    salt?: string
  }
  message: Record<string, unknown>
}
/** Sign typed data. */
export interface SignTypedDataRequest extends UiRequest {
  address: string
  typedData: TypedData
  /** Risks the host's policy found (e.g. a Permit approval, a domain mismatch); `danger` must be acknowledged before signing. */
  warnings?: readonly RiskWarning[]
}

/** A decoded contract call, for display. Values are strings already formatted for humans. */
export interface DecodedCall {
  contractName?: string
  method: string
  args: readonly { name: string; type: string; value: string }[]
}
/** A risk the host's policy found; `danger` must be acknowledged before confirming. */
export interface RiskWarning {
  level: 'info' | 'warning' | 'danger'
  message: string
}
/** One call of a batch (`wallet_sendCalls`), for display. */
export interface TransactionCall {
  /** Checksummed (EIP-55) by the host; absent for a contract creation. */
  to?: string
  /** Decimal string of wei. */
  value: string
  data?: string
  decoded?: DecodedCall
}

/**
 * A transaction for the user to confirm, built by the host from the exact bytes it will sign.
 * Amounts are decimal strings of the smallest unit (wei); addresses are checksummed (EIP-55) by the
 * host, so the UI never hashes.
 */
export interface TransactionRequest extends UiRequest {
  /** What the user is asked: a contract call or transfer, a `pay`, or a batch (`calls`). Default `transaction`. */
  kind?: 'transaction' | 'payment' | 'batch'
  chainId: number
  chainName?: string
  from: string
  to?: string
  value: string
  data?: string
  decoded?: DecodedCall
  /** The calls of a batch, in order (kind `batch`). */
  calls?: readonly TransactionCall[]
  /** For a `payment` in a token: what is paid, already formatted by the host. */
  token?: { address: string; symbol: string; decimals: number; amount: string }
  /** Most the network fee can be, in the chain's native currency (DW20), and who pays it. */
  fee: { amount: string; symbol: string; decimals: number; payer: 'user' | 'platform' }
  warnings: readonly RiskWarning[]
}

/** The first-use security notice. */
export interface SecurityNoticeRequest extends UiRequest {
  /** Where users report the app. */
  reportUrl: string
}

/** The app info page, with the user's current grants. */
export interface AppInfoRequest extends UiRequest {
  grants: readonly Scope[]
}
/** Scopes revoked on the app info page. */
export interface AppInfoDecision {
  revoke: readonly Scope[]
}

/** A popup an app asked for (`uiShowPopup`), validated by the host. */
export interface PopupRequest extends UiRequest {
  title?: string
  message: string
  /** 1 to 3 buttons, in the app's order. */
  buttons: readonly { id: string; text: string; style: 'default' | 'destructive' | 'cancel' }[]
}
/** The pressed button's id, or `null` when the user dismissed the popup. */
export interface PopupDecision {
  buttonId: string | null
}

/** A link the app asks the host to open, to a site other than the app's origin. */
export interface LinkRequest extends UiRequest {
  /** An `http:`/`https:` URL without credentials (checked by the host). */
  url: string
}

/** What an app shares (at least one of `text` and `url`). */
export interface ShareRequest extends UiRequest {
  title?: string
  text?: string
  url?: string
}
/** Whether the user shared (copied) it. */
export interface ShareDecision {
  shared: boolean
}

/** Text an app asks to copy, without a user gesture the host could see. */
export interface ClipboardRequest extends UiRequest {
  text: string
}

/** A QR scan; `hint` is the app's line under the camera view. */
export interface ScanQrRequest extends UiRequest {
  hint?: string
}
/** The text of the QR code read. */
export interface ScanQrResult {
  text: string
}
