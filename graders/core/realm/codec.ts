/**
 * codec is the outer half of the realm boundary's wire format: JSON in which a
 * Uint8Array travels as {"$bytes": "<base64>"}. The inner half is written in
 * PRELUDE; realm.test.ts checks that the two agree.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** toBase64 encodes bytes as standard padded base64, with no platform API. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** fromBase64 decodes standard base64; it throws on characters outside the alphabet. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new Error('bad base64');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (acc >> bits) & 255;
    }
  }
  return bytes;
}

/** hasSpecial reports whether a value holds bytes or bigints, which need the (slow) replacer. */
function hasSpecial(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint';
  if (v instanceof Uint8Array || depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => hasSpecial(x, depth + 1));
  for (const k in v) if (hasSpecial((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function reviver(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && typeof (v as { $bytes?: unknown }).$bytes === 'string' && Object.keys(v).length === 1) {
    return fromBase64((v as { $bytes: string }).$bytes);
  }
  return v;
}

/** encode serializes a value for the boundary. undefined becomes null. */
export function encode(value: unknown): string {
  if (value === undefined) return 'null';
  return hasSpecial(value, 0) ? JSON.stringify(value, replacer) : JSON.stringify(value);
}

/** decode parses what encode (either half) produced. */
export function decode(text: string): unknown {
  return text.includes('"$bytes"') ? JSON.parse(text, reviver) : JSON.parse(text);
}

/** plainEncode is encode for values known to hold no bytes. */
export function plainEncode(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
