import { call } from '../call.js'

/** Haptic styles: the impact's strength, or the notification's kind. */
export type HapticStyle = 'light' | 'medium' | 'heavy' | 'rigid' | 'soft' | 'success' | 'warning' | 'error'

/**
 * Haptic feedback, where the device has it. Fire and forget: it never rejects (no vibration motor,
 * no host, a host without haptics, the rate limit: nothing happens).
 * @example
 * ```ts
 * button.onclick = () => void haptic('impact', 'light')
 * ```
 */
export async function haptic(
  kind: 'impact' | 'notification' | 'selection',
  style?: HapticStyle,
): Promise<void> {
  await call('uiHaptic', style === undefined ? { kind } : { kind, style }).catch(() => undefined)
}
