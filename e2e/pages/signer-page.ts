// The wallet page of the signer e2e: exposes the runtime host's signers (built package) to Playwright,
// and a `run` helper that turns a settled promise into plain JSON (typed errors keep their code/reason).
import { passkeyGate, RemoteSigner, registerPasskey, WebViewSigner } from '@chainless/runtime-host'

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; name: string; code?: number; reason?: string; message: string }

declare global {
  interface Window {
    signers: {
      WebViewSigner: typeof WebViewSigner
      RemoteSigner: typeof RemoteSigner
      passkeyGate: typeof passkeyGate
      registerPasskey: typeof registerPasskey
    }
    run(p: Promise<unknown>): Promise<Outcome>
    /** Installed by the first WebViewSigner: the native side calls it with each reply (JSON). */
    chainlessSignerReply?: (json: string) => boolean
  }
}

window.signers = { WebViewSigner, RemoteSigner, passkeyGate, registerPasskey }
window.run = (p) =>
  p.then(
    (value) => ({ ok: true, value }),
    (e: { name?: string; code?: number; reason?: string; message?: string }) => ({
      ok: false,
      name: String(e?.name),
      ...(typeof e?.code === 'number' ? { code: e.code } : {}),
      ...(typeof e?.reason === 'string' ? { reason: e.reason } : {}),
      message: String(e?.message),
    }),
  )
document.title = 'signer-ready'
