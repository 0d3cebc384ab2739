/**
 * Byte-level helpers shared by the backend, the index and the store.
 *
 * Inside the store, keys travel as "binary strings": one char per byte, each
 * char code 0..255. Comparing two binary strings with < is comparing their
 * bytes (Go's bytes.Compare), which is the order etcd and bbolt keep, and a
 * binary string can key a Map. User keys enter as UTF-8 and leave decoded.
 */

/**
 * utf8 encodes a string as UTF-8 bytes, an unpaired surrogate as U+FFFD (as
 * TextEncoder does). Written out rather than using TextEncoder so that the
 * store runs in realms that lack it (a bare Node vm context).
 */
export function utf8(s: string): Uint8Array {
  // One pass counts the bytes (most strings are ASCII: length bytes), one writes them.
  let n = s.length;
  if (!NON_ASCII.test(s)) {
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) out[j] = s.charCodeAt(j);
    return out;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 2 units, 4 bytes
      i++;
    } else n += 2; // a BMP character or U+FFFD for an unpaired surrogate: 3 bytes
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (let j = 0; j < s.length; j++) {
    let c = s.charCodeAt(j);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = j + 1 < s.length ? s.charCodeAt(j + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        j++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    } else {
      out[o++] = 0xf0 | (c >> 18);
      out[o++] = 0x80 | ((c >> 12) & 0x3f);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

/**
 * isWellFormed tells whether s has no unpaired surrogate, that is whether
 * fromUtf8(utf8(s)) gives s back (String.prototype.isWellFormed, ES2024).
 */
export function isWellFormed(s: string): boolean {
  if (!SURROGATE.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 >= s.length || (s.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

const SURROGATE = /[\ud800-\udfff]/;
const NON_ASCII = /[^\0-\x7f]/;

/**
 * fromUtf8 decodes UTF-8 bytes to a string, replacing each malformed
 * sequence with U+FFFD as the WHATWG decoder does (TextDecoder without
 * `fatal`). Unlike TextDecoder it keeps a leading byte order mark: the bytes
 * are a key or a value, not a document.
 */
export function fromUtf8(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length && ascii; i++) ascii = b[i]! < 0x80;
  if (ascii) return bytesToBin(b);
  let s = '';
  const units: number[] = [];
  const flush = () => {
    s += String.fromCharCode.apply(null, units);
    units.length = 0;
  };
  const emit = (cp: number) => {
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length >= 8192) flush();
  };
  let cp = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < b.length; i++) {
    const byte = b[i]!;
    if (needed === 0) {
      if (byte <= 0x7f) emit(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        cp = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        cp = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        cp = byte & 0x07;
      } else emit(0xfffd);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence ends before this byte, which starts afresh.
      cp = needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(0xfffd);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (byte & 0x3f);
    if (++seen === needed) {
      emit(cp);
      cp = needed = seen = 0;
    }
  }
  if (needed !== 0) emit(0xfffd);
  flush();
  return s;
}

/** bytesToBin turns bytes into a binary string (one char per byte). */
export function bytesToBin(b: Uint8Array): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < b.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

/** binToBytes turns a binary string back into bytes. */
export function binToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** keyToBin is a user key's UTF-8 bytes as a binary string. */
export function keyToBin(key: string): string {
  // An ASCII key is its own binary string.
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) >= 0x80) return bytesToBin(utf8(key));
  return key;
}

/** binToKey decodes a binary string of UTF-8 bytes back to the user's string. */
export function binToKey(bin: string): string {
  for (let i = 0; i < bin.length; i++) if (bin.charCodeAt(i) >= 0x80) return fromUtf8(binToBytes(bin));
  return bin;
}

/** compareBytes orders byte arrays like Go's bytes.Compare: -1, 0 or 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** concatBytes joins byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * putUint64BE writes a non-negative integer below 2^53 as 8 big-endian bytes.
 * JavaScript numbers are exact to 2^53, far beyond any revision a run reaches.
 */
export function putUint64BE(b: Uint8Array, off: number, v: number): void {
  const hi = Math.floor(v / 0x100000000);
  const lo = v >>> 0;
  b[off] = hi >>> 24;
  b[off + 1] = (hi >>> 16) & 0xff;
  b[off + 2] = (hi >>> 8) & 0xff;
  b[off + 3] = hi & 0xff;
  b[off + 4] = lo >>> 24;
  b[off + 5] = (lo >>> 16) & 0xff;
  b[off + 6] = (lo >>> 8) & 0xff;
  b[off + 7] = lo & 0xff;
}

/** getUint64BE reads 8 big-endian bytes; values at or above 2^53 lose precision. */
export function getUint64BE(b: Uint8Array, off: number): number {
  const hi = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
  const lo = ((b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!) >>> 0;
  return hi * 0x100000000 + lo;
}

/**
 * StoredKeyValue is mvccpb.KeyValue as it sits in the key bucket: the key and
 * value as bytes. A tombstone is stored as a KeyValue with only the key set.
 */
export interface StoredKeyValue {
  key: Uint8Array;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: Uint8Array;
  lease: number;
}

// Protobuf field tags of mvccpb.KeyValue: (field number << 3) | wire type.
const TAG_KEY = 0x0a; // 1, length-delimited
const TAG_CREATE = 0x10; // 2, varint
const TAG_MOD = 0x18; // 3, varint
const TAG_VERSION = 0x20; // 4, varint
const TAG_VALUE = 0x2a; // 5, length-delimited
const TAG_LEASE = 0x30; // 6, varint

/**
 * encodeKeyValue marshals a KeyValue as protobuf, fields in number order and
 * zero values omitted, byte for byte as etcd's generated Marshal does.
 */
export function encodeKeyValue(kv: StoredKeyValue): Uint8Array {
  // Sized first, then written in place: no closures, no intermediate arrays (a put's hot path).
  const w: Writer = {
    out: new Uint8Array(
      bytesFieldSize(kv.key) +
        intFieldSize(kv.create_revision) +
        intFieldSize(kv.mod_revision) +
        intFieldSize(kv.version) +
        bytesFieldSize(kv.value) +
        intFieldSize(kv.lease),
    ),
    off: 0,
  };
  writeBytesField(w, TAG_KEY, kv.key);
  writeIntField(w, TAG_CREATE, kv.create_revision);
  writeIntField(w, TAG_MOD, kv.mod_revision);
  writeIntField(w, TAG_VERSION, kv.version);
  writeBytesField(w, TAG_VALUE, kv.value);
  writeIntField(w, TAG_LEASE, kv.lease);
  return w.out;
}

interface Writer {
  out: Uint8Array;
  off: number;
}

/** varintSize is the length of v's protobuf varint; it throws for what no varint encodes. */
function varintSize(v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`codec: cannot encode ${v} as a varint`);
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

function bytesFieldSize(b: Uint8Array): number {
  return b.length === 0 ? 0 : 1 + varintSize(b.length) + b.length;
}

function intFieldSize(v: number): number {
  return v === 0 ? 0 : 1 + varintSize(v);
}

function writeVarint(w: Writer, v: number): void {
  while (v >= 0x80) {
    w.out[w.off++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  w.out[w.off++] = v;
}

function writeBytesField(w: Writer, tag: number, b: Uint8Array): void {
  if (b.length === 0) return;
  w.out[w.off++] = tag;
  writeVarint(w, b.length);
  w.out.set(b, w.off);
  w.off += b.length;
}

function writeIntField(w: Writer, tag: number, v: number): void {
  if (v === 0) return;
  w.out[w.off++] = tag;
  writeVarint(w, v);
}

/**
 * decodeKeyValue unmarshals a protobuf KeyValue. Unknown fields are skipped,
 * as protobuf requires; malformed input throws.
 */
export function decodeKeyValue(b: Uint8Array): StoredKeyValue {
  return decodeFrom(b, false);
}

/**
 * viewKeyValue is decodeKeyValue without copying: key and value are views
 * of b's bytes, valid as long as nobody writes b (a stored record never is).
 */
export function viewKeyValue(b: Uint8Array): StoredKeyValue {
  return decodeFrom(b, true);
}

function decodeFrom(b: Uint8Array, view: boolean): StoredKeyValue {
  const kv: StoredKeyValue = {
    key: EMPTY,
    create_revision: 0,
    mod_revision: 0,
    version: 0,
    value: EMPTY,
    lease: 0,
  };
  const r: Reader = { b, off: 0, view };
  while (r.off < b.length) {
    const tag = readVarint(r);
    switch (tag) {
      case TAG_KEY:
        kv.key = readBytes(r);
        break;
      case TAG_CREATE:
        kv.create_revision = readVarint(r);
        break;
      case TAG_MOD:
        kv.mod_revision = readVarint(r);
        break;
      case TAG_VERSION:
        kv.version = readVarint(r);
        break;
      case TAG_VALUE:
        kv.value = readBytes(r);
        break;
      case TAG_LEASE:
        kv.lease = readVarint(r);
        break;
      default:
        skipField(r, tag & 7);
    }
  }
  if (!view) {
    // A decoded copy owns its arrays, empty ones included.
    if (kv.key === EMPTY) kv.key = new Uint8Array(0);
    if (kv.value === EMPTY) kv.value = new Uint8Array(0);
  }
  return kv;
}

/** EMPTY stands for an absent bytes field in views (read-only, like every view). */
const EMPTY = new Uint8Array(0);

interface Reader {
  b: Uint8Array;
  off: number;
  /** view: bytes fields are views of b rather than copies. */
  view: boolean;
}

function readVarint(r: Reader): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (r.off >= r.b.length) throw new Error('codec: truncated varint');
    const byte = r.b[r.off++]!;
    v += (byte & 0x7f) * mul;
    if ((byte & 0x80) === 0) return v;
    mul *= 0x80;
  }
  throw new Error('codec: varint too long');
}

function readBytes(r: Reader): Uint8Array {
  const n = readVarint(r);
  if (r.off + n > r.b.length) throw new Error('codec: truncated bytes field');
  const out = r.view ? r.b.subarray(r.off, r.off + n) : r.b.slice(r.off, r.off + n);
  r.off += n;
  return out;
}

function skipField(r: Reader, wireType: number): void {
  if (wireType === 0) readVarint(r);
  else if (wireType === 2) readBytes(r);
  else if (wireType === 1) r.off += 8;
  else if (wireType === 5) r.off += 4;
  else throw new Error(`codec: unsupported wire type ${wireType}`);
  if (r.off > r.b.length) throw new Error('codec: truncated field');
}
