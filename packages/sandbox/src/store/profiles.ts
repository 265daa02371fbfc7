import { createHash } from 'node:crypto'

/** A sandbox user's test profile (what `user:phone` and `user:email` reveal). */
export interface TestProfile {
  /** E.164, in the fictional `+1555000xxxx` range. */
  phone: string
  /** `user-<first 6 hex of the address>@chainless.test` (a reserved TLD: never deliverable). */
  email: string
}

/**
 * The deterministic test profile of an account: the same address always gets the same phone and email,
 * so tests and examples can assert them.
 *
 * @example
 * ```ts
 * profileOf('0xAbC…').email // 'user-abc…@chainless.test'
 * ```
 */
export function profileOf(address: string): TestProfile {
  const lower = address.toLowerCase()
  const digits = String(createHash('sha256').update(lower).digest().readUInt32BE(0) % 10_000).padStart(4, '0')
  return { phone: `+1555000${digits}`, email: `user-${lower.slice(2, 8)}@chainless.test` }
}
