import type { ScanQrRequest, ScanQrResult } from '@chainless/protocol'
import { useEffect, useRef, useState } from 'preact/hooks'
import { Button } from '../components/Button.js'
import { SafeText } from '../components/SafeText.js'
import { Sheet } from '../components/Sheet.js'
import { AppHeader, sheetCss } from '../sheets/parts.js'
import type { ActionMessages } from './messages.js'

/** Props of {@link ScanQrSheet}. */
export interface ScanQrSheetProps extends Omit<ScanQrRequest, 'signal'> {
  messages: ActionMessages
  onResult: (result: ScanQrResult) => void
  onReject: () => void
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<readonly { rawValue: string }[]>
}
type DetectorClass = new (options: { formats: string[] }) => Detector

/** Time between two reads of the camera frame, ms: enough for a hand-held code, light on battery. */
const SCAN_INTERVAL_MS = 200

/**
 * The camera view of `uiScanQr`: the back camera and the browser's `BarcodeDetector`, reading a frame
 * every 200 ms until a QR code is found. The camera stops when the sheet closes, whatever closes it.
 * @example
 * ```tsx
 * <ScanQrSheet manifest={m} hint="Scan the ticket" messages={ACTION_MESSAGES} onResult={use} onReject={cancel} />
 * ```
 */
export function ScanQrSheet({ manifest, hint, messages, onResult, onReject }: ScanQrSheetProps) {
  sheetCss()
  const video = useRef<HTMLVideoElement>(null)
  const [failed, setFailed] = useState(false)
  // The latest callback, so a re-render (theme, locale) does not restart the camera.
  const result = useRef(onResult)
  result.current = onResult
  useEffect(() => {
    let stream: MediaStream | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const Barcode = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
    const start = async () => {
      if (!Barcode) throw new Error('no BarcodeDetector')
      const detector = new Barcode({ formats: ['qr_code'] })
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
      const el = video.current
      if (stopped || !el) return
      el.srcObject = stream
      await el.play()
      const tick = async () => {
        if (stopped) return
        const [code] = await detector.detect(el).catch(() => [])
        if (code && !stopped) return result.current({ text: String(code.rawValue) })
        timer = setTimeout(tick, SCAN_INTERVAL_MS)
      }
      void tick()
    }
    start().catch(() => !stopped && setFailed(true))
    return () => {
      stopped = true
      clearTimeout(timer)
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
  }, [])
  return (
    <Sheet
      title={messages.scanTitle}
      onClose={onReject}
      footer={<Button onClick={onReject}>{messages.cancel}</Button>}
    >
      <AppHeader manifest={manifest} />
      {hint && (
        <p class="cl-p">
          <SafeText text={hint} max={256} />
        </p>
      )}
      {failed ? (
        <p class="cl-p" role="alert">
          {messages.scanFailed}
        </p>
      ) : (
        <video
          ref={video}
          muted
          playsInline
          aria-label={messages.scanStarting}
          style="inline-size:100%;aspect-ratio:1;object-fit:cover;border-radius:12px;background:#000"
        />
      )}
    </Sheet>
  )
}
