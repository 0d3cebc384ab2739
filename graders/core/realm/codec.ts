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

/** encode serializes a value for the boundary. undefined becomes null. */
export function encode(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_k, v) => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    if (typeof v === 'bigint') return Number(v);
    return v;
  });
}

/** decode parses what encode (either half) produced. */
export function decode(text: string): unknown {
  return JSON.parse(text, (_k, v) => {
    if (v && typeof v === 'object' && typeof v.$bytes === 'string' && Object.keys(v).length === 1) return fromBase64(v.$bytes);
    return v;
  });
}
