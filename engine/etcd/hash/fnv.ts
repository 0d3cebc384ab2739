/**
 * FNV-1a, 64-bit: bbolt checksums each meta page with it (Go's fnv.New64a),
 * so a simulated bbolt file must carry the same checksum to be a real one.
 */

const OFFSET64 = 0xcbf29ce484222325n;
const PRIME64 = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** fnv1a64 returns the 64-bit FNV-1a hash of data as an unsigned bigint. */
export function fnv1a64(data: Uint8Array): bigint {
  let h = OFFSET64;
  for (let i = 0; i < data.length; i++) {
    h ^= BigInt(data[i]!);
    h = (h * PRIME64) & MASK64;
  }
  return h;
}
