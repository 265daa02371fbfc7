import { type Eip1193Provider, getProvider } from './provider.js'

/** What EIP-6963 tells dapps about a wallet. */
export interface Eip6963ProviderInfo {
  /** Random v4 UUID, new for each page load (dapps deduplicate announcements by it). */
  readonly uuid: string
  readonly name: string
  /** A data URI (RFC 2397) of a square image. */
  readonly icon: `data:image/${string}`
  /** Reverse-DNS id of the wallet: `io.chainless.wallet`. */
  readonly rdns: string
}

/** The `detail` of an `eip6963:announceProvider` event (frozen). */
export interface Eip6963ProviderDetail {
  readonly info: Eip6963ProviderInfo
  readonly provider: Eip1193Provider
}

/** The reverse-DNS id Chainless announces. */
export const CHAINLESS_RDNS = 'io.chainless.wallet'

// A square "C" on blue (vector: any size); base64-encoded when announced (the plain text compresses better in the bundle).
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#2f54eb"/><path d="M16 8a5.5 5.5 0 1 0 0 8" fill="none" stroke="#fff" stroke-width="2.5"/></svg>'

let detail: Eip6963ProviderDetail | undefined

// RFC 4122 v4 from `getRandomValues` (`randomUUID` exists in secure contexts only; apps may be on http).
const uuid = () =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  )

const dispatch = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))

/**
 * @internal Announces `provider` (EIP-6963) and, the first time, starts answering
 * `eip6963:requestProvider` with the same frozen detail. No-op without `window` (SSR).
 * @see https://eips.ethereum.org/EIPS/eip-6963
 */
export function announce(provider: Eip1193Provider): void {
  if (typeof window === 'undefined') return
  if (!detail) {
    const info = {
      uuid: uuid(),
      name: 'Chainless',
      icon: `data:image/svg+xml;base64,${btoa(ICON_SVG)}`,
      rdns: CHAINLESS_RDNS,
    }
    detail = Object.freeze({ info: Object.freeze(info) as Eip6963ProviderInfo, provider })
    window.addEventListener('eip6963:requestProvider', dispatch)
  }
  dispatch()
}

/**
 * Announces the Chainless provider to the page by EIP-6963 (`eip6963:announceProvider`, rdns
 * `io.chainless.wallet`), and answers each later `eip6963:requestProvider`. {@link getProvider} does
 * it on first use; call this to announce again (e.g. after a dapp library set its listener up).
 *
 * @example
 * ```ts
 * import { createConfig, http } from '@wagmi/core'
 * import { announceProvider } from '@chainless/js-sdk/wallet'
 * const config = createConfig({ chains: [chainless], transports: { [chainless.id]: http() } })
 * announceProvider() // wagmi's EIP-6963 discovery now lists "Chainless"
 * ```
 */
export function announceProvider(): void {
  const fresh = !detail
  const provider = getProvider()
  // The first getProvider() announced already.
  if (!fresh) announce(provider)
}
