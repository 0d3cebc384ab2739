/**
 * zip: a small ZIP writer for "Download as zip": files stored as they are
 * (method 0, no compression: lab files are a few kilobytes), with CRC-32
 * checksums, UTF-8 names (general purpose flag bit 11) and DOS times, as
 * PKWARE's APPNOTE describes the format. No ZIP64: every size must fit in
 * 32 bits and there are at most 65535 entries.
 */

/** ZipEntry is one file: its path inside the archive ("/"-separated), bytes and modification time. */
export interface ZipEntry {
  path: string;
  data: Uint8Array;
  modified: Date;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** crc32 is the CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) ZIP uses. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * dosDateTime packs a local time as MS-DOS date and time (2-second
 * resolution, years 1980..2107; earlier or later times are clamped).
 */
export function dosDateTime(d: Date): { date: number; time: number } {
  const year = d.getFullYear();
  if (year < 1980) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  };
}

const VERSION = 20; // 2.0: the lowest version that knows folders and stored files.
const UTF8_NAMES = 1 << 11;

/** zipStore builds the archive. Paths must be relative, "/"-separated, and distinct. */
export function zipStore(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > 0xffff) throw new Error(`zip: ${entries.length} entries is more than 65535`);
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    if (!e.path || e.path.startsWith('/') || e.path.split('/').some((p) => p === '' || p === '.' || p === '..') || e.path.includes('\\')) {
      throw new Error(`zip: not a relative path: ${JSON.stringify(e.path)}`);
    }
    if (seen.has(e.path)) throw new Error(`zip: ${e.path} twice`);
    seen.add(e.path);
    const name = enc.encode(e.path);
    if (name.length > 0xffff) throw new Error(`zip: ${e.path}: the name is too long`);
    if (e.data.length > 0xfffffffe) throw new Error(`zip: ${e.path}: too large without ZIP64`);
    const crc = crc32(e.data);
    const { date, time } = dosDateTime(e.modified);

    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true); // local file header signature
    l.setUint16(4, VERSION, true); // version needed to extract
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(8, 0, true); // method: stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, e.data.length, true); // compressed size
    l.setUint32(22, e.data.length, true); // uncompressed size
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true); // extra field length
    local.set(name, 30);

    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true); // central directory header signature
    c.setUint16(4, (3 << 8) | VERSION, true); // made by: Unix, so the attributes below are a Unix mode
    c.setUint16(6, VERSION, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, e.data.length, true);
    c.setUint32(24, e.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint16(30, 0, true); // extra field length
    c.setUint16(32, 0, true); // comment length
    c.setUint16(34, 0, true); // disk number start
    c.setUint16(36, 0, true); // internal attributes
    c.setUint32(38, (0o100644 << 16) >>> 0, true); // external attributes: a regular file, rw-r--r--
    c.setUint32(42, offset, true); // offset of the local header
    central.set(name, 46);

    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
    if (offset > 0xffffffff) throw new Error('zip: the archive is too large without ZIP64');
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = new Uint8Array(22);
  const d = new DataView(end.buffer);
  d.setUint32(0, 0x06054b50, true); // end of central directory signature
  d.setUint16(4, 0, true); // this disk
  d.setUint16(6, 0, true); // disk with the central directory
  d.setUint16(8, entries.length, true);
  d.setUint16(10, entries.length, true);
  d.setUint32(12, centralSize, true);
  d.setUint32(16, offset, true);
  d.setUint16(20, 0, true); // comment length

  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
