export { SignerError } from './errors.js'
export { type HeadersOption, ServiceError, type ServiceProblem } from './http.js'
export { LocalKeySigner, type MnemonicOptions } from './local-key.js'
export { type PasskeyGate, type PasskeyOptions, passkeyGate, registerPasskey } from './passkey.js'
export { payloadHash, type SignKind, type SignPayload } from './payload-hash.js'
export { RemoteSigner, type RemoteSignerOptions } from './remote.js'
export type { Signer } from './signer.js'
export { WebViewSigner, type WebViewSignerOptions, type WebViewTarget } from './webview.js'
export type {
  WebViewMethod,
  WebViewSignerCancel,
  WebViewSignerReply,
  WebViewSignerRequest,
} from './webview-protocol.js'
