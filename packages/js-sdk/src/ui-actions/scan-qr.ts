import { type CallOptions, call } from '../call.js'

/**
 * Scans a QR code with the device's camera, in the host's sheet. The manifest must declare the
 * `camera` permission (else 4100). Resolves with the code's text; rejects with 4200
 * (`UnsupportedMethodError`, `data.reason` `no_camera` or `no_detector`) where the device cannot scan,
 * 4001 when the user closes the sheet.
 * @example
 * ```ts
 * try {
 *   const address = await scanQr({ hint: 'Scan a wallet address' })
 * } catch (error) {
 *   if (error instanceof UnsupportedMethodError) showManualEntry()
 * }
 * ```
 */
export async function scanQr(params: { hint?: string } = {}, options?: CallOptions): Promise<string> {
  return (await call('uiScanQr', params.hint === undefined ? undefined : { hint: params.hint }, options)).text
}
