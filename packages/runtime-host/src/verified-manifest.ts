import type { Manifest } from '@chainless/protocol'

declare const verified: unique symbol

/**
 * A manifest whose platform signature was checked against pinned keys. Only `loadManifest` (with
 * `keys`) and `host.loadManifest` produce one; `mount`/`open` accept nothing else unless the host was
 * created with `allowUnverifiedManifests: true`. The brand is checked at run time too.
 */
export type VerifiedManifest = Manifest & { readonly [verified]: true }

// The run-time half of the brand: a cast in the wallet's code cannot forge membership.
const verifiedManifests = new WeakSet<object>()

/** @internal Freezes `manifest` and records it as verified. */
export function markVerified(manifest: Manifest): VerifiedManifest {
  const frozen = Object.freeze({ ...manifest })
  verifiedManifests.add(frozen)
  return frozen as VerifiedManifest
}

/** Whether `value` was returned by a verifying `loadManifest`. */
export function isVerifiedManifest(value: unknown): value is VerifiedManifest {
  return typeof value === 'object' && value !== null && verifiedManifests.has(value)
}
