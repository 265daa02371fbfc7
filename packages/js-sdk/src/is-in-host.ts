/**
 * Whether this page runs inside a host (in a frame). Synchronous, SSR-safe (false without `window`).
 * True does not prove a Chainless host: {@link ready} does.
 *
 * @example
 * ```ts
 * if (!isInHost()) showOpenInWalletBanner()
 * ```
 */
export function isInHost(): boolean {
  return typeof window !== 'undefined' && window.parent !== window
}
