/**
 * CRC-32C (Castagnoli), the checksum etcd uses for `snapshot status` and for
 * its backend hash (Go's crc32.MakeTable(crc32.Castagnoli)).
 */

/** CASTAGNOLI is the reversed (LSB-first) Castagnoli polynomial, as Go's crc32.Castagnoli. */
export const CASTAGNOLI = 0x82f63b78;

const TABLE = makeTable(CASTAGNOLI);

function makeTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let j = 0; j < 8; j++) crc = crc & 1 ? (crc >>> 1) ^ poly : crc >>> 1;
    t[i] = crc >>> 0;
  }
  return t;
}

/**
 * crc32cUpdate continues a CRC-32C: it returns the checksum of (the bytes
 * that produced `crc`) followed by `data`, like Go's crc32.Update. Start from 0.
 */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** crc32c returns the CRC-32C of data as an unsigned 32-bit number. */
export function crc32c(data: Uint8Array): number {
  return crc32cUpdate(0, data);
}

/**
 * Crc32c is the streaming form (Go's hash.Hash32 from crc32.New): write()
 * the pieces in order, then sum32(). Writing "ab" then "c" sums as "abc".
 */
export class Crc32c {
  private crc = 0;

  write(data: Uint8Array): this {
    this.crc = crc32cUpdate(this.crc, data);
    return this;
  }

  sum32(): number {
    return this.crc;
  }
}
