/**
 * Keccak-256 (Ethereum's, with the original `0x01` padding, not SHA3-256's `0x06`), for the short
 * inputs ui-kit hashes: the 40 hex characters of an address for its EIP-55 checksum. Nothing secret
 * is hashed here. It is the Keccak team's compact reference (`CompactFIPS202.py`) on 64-bit BigInt
 * lanes: a few hundred bytes instead of the ~2.5 KB (min+gzip) a general-purpose hasher adds to a
 * bundle. Tested against published digests and the EIP-55 test vectors.
 * @see https://github.com/XKCP/XKCP/blob/master/Standalone/CompactFIPS202/Python/CompactFIPS202.py
 * @see https://keccak.team/keccak_specs_summary.html
 */

const MASK = (1n << 64n) - 1n
const rotl = (a: bigint, n: number) => ((a << BigInt(n)) | (a >> BigInt(64 - n))) & MASK

/** Keccak-f[1600] on 25 lanes; lane `x + 5y` is `lanes[x][y]` of the reference. */
function permute(s: bigint[]): void {
  let r = 1
  for (let round = 0; round < 24; round++) {
    // θ
    const c = [0, 1, 2, 3, 4].map((x) => s[x]! ^ s[x + 5]! ^ s[x + 10]! ^ s[x + 15]! ^ s[x + 20]!)
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1)
      for (let y = 0; y < 25; y += 5) s[x + y]! ^= d
    }
    // ρ and π
    let x = 1
    let y = 0
    let current = s[1]!
    for (let t = 0; t < 24; t++) {
      ;[x, y] = [y, (2 * x + 3 * y) % 5]
      const next = s[x + 5 * y]!
      s[x + 5 * y] = rotl(current, (((t + 1) * (t + 2)) / 2) % 64)
      current = next
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      const row = s.slice(y, y + 5)
      for (let x = 0; x < 5; x++) s[y + x] = row[x]! ^ (~row[(x + 1) % 5]! & row[(x + 2) % 5]!)
    }
    // ι
    for (let j = 0; j < 7; j++) {
      r = ((r << 1) ^ ((r >> 7) * 0x71)) % 256
      if (r & 2) s[0]! ^= 1n << BigInt((1 << j) - 1)
    }
  }
}

/**
 * Keccak-256 of `input`, which must be shorter than one 136-byte block.
 * @throws RangeError for longer input.
 */
export function keccak256(input: Uint8Array): Uint8Array {
  if (input.length >= 136) throw new RangeError('keccak256: input must be shorter than 136 bytes')
  const block = new Uint8Array(200)
  block.set(input)
  block[input.length]! ^= 0x01
  block[135]! ^= 0x80
  const view = new DataView(block.buffer)
  const s = Array.from({ length: 25 }, (_, i) => view.getBigUint64(i * 8, true))
  permute(s)
  const out = new Uint8Array(32)
  const outView = new DataView(out.buffer)
  for (let i = 0; i < 4; i++) outView.setBigUint64(i * 8, s[i]!, true)
  return out
}
