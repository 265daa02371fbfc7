/**
 * The device side of the UI actions, behind one interface so a native wallet (or a test) can replace
 * any part: opening a link, sharing, the clipboard, vibration, the QR scanner's availability.
 */

/** What {@link UiActionDevice.share} shares. */
export interface ShareData {
  title?: string
  text?: string
  url?: string
}

/** The device capabilities the UI actions use. Every method may be replaced (`uiActions.device`). */
export interface UiActionDevice {
  /** Opens `url` outside the wallet; false when it could not (a popup blocker). */
  openUrl(url: string): boolean | Promise<boolean>
  /**
   * The system share sheet: `true` shared, `false` cancelled by the user, `undefined` when there is
   * none (or it refused to open): the host shows its own sheet then.
   */
  share(data: ShareData): Promise<boolean | undefined>
  /** Whether the host page has transient user activation now (a click in the app's frame counts). */
  hasUserActivation(): boolean
  /** Writes `text` to the clipboard; false when the browser refused. */
  writeClipboard(text: string): Promise<boolean>
  /** Vibrates with `pattern` (ms) where the device can; never throws. */
  vibrate(pattern: readonly number[]): void
  /** Why the device cannot scan a QR code (`no_camera`, `no_detector`), or `undefined` when it can. */
  scanUnavailable(): Promise<'no_camera' | 'no_detector' | undefined>
}

interface BarcodeDetectorClass {
  getSupportedFormats?(): Promise<readonly string[]>
}

/** @internal The browser's implementation of {@link UiActionDevice} (the default). */
export const browserDevice: UiActionDevice = {
  openUrl(url) {
    // `noopener`: the new page gets no handle on the wallet (window.open then returns null, always).
    globalThis.open?.(url, '_blank', 'noopener,noreferrer')
    return typeof globalThis.open === 'function'
  },
  async share(data) {
    const nav = globalThis.navigator
    if (typeof nav?.share !== 'function' || (nav.canShare && !nav.canShare(data))) return undefined
    try {
      await nav.share(data)
      return true
    } catch (error) {
      // AbortError: the user closed the system sheet. NotAllowedError (no activation) & co.: fall back.
      return (error as { name?: unknown } | null)?.name === 'AbortError' ? false : undefined
    }
  },
  hasUserActivation: () => globalThis.navigator?.userActivation?.isActive === true,
  async writeClipboard(text) {
    try {
      await globalThis.navigator.clipboard.writeText(text)
      return true
    } catch {
      return copyWithSelection(text)
    }
  },
  vibrate(pattern) {
    try {
      globalThis.navigator?.vibrate?.([...pattern])
    } catch {
      // Haptics are a nicety: no device support is not an error.
    }
  },
  async scanUnavailable() {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
    if (!Detector) return 'no_detector'
    const formats = await Detector.getSupportedFormats?.().catch((): readonly string[] => [])
    if (formats && !formats.includes('qr_code')) return 'no_detector'
    const media = globalThis.navigator?.mediaDevices
    if (typeof media?.getUserMedia !== 'function') return 'no_camera'
    const devices = await media.enumerateDevices().catch(() => [])
    return devices.some((d) => d.kind === 'videoinput') ? undefined : 'no_camera'
  },
}

/** The older copy path (a selected, off-screen textarea), where the async clipboard refuses. */
function copyWithSelection(text: string): boolean {
  if (typeof document === 'undefined') return false
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.cssText = 'position:fixed;top:0;left:0;opacity:0;pointer-events:none'
  document.body.append(area)
  try {
    area.select()
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}

/** @internal Vibration patterns (ms) of each haptic kind and style: short taps, stronger for heavier styles. */
export function hapticPattern(
  kind: 'impact' | 'notification' | 'selection',
  style?: string,
): readonly number[] {
  if (kind === 'selection') return [5]
  if (kind === 'notification') {
    if (style === 'error') return [30, 60, 30, 60, 30]
    if (style === 'warning') return [20, 60, 20]
    return [10, 50, 10]
  }
  return [{ light: 10, soft: 8, rigid: 15, heavy: 30 }[style ?? ''] ?? 20]
}
