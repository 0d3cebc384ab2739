/**
 * Compact JWS with RS256, as go-jose (v2, the version Kubernetes 1.30 vendors)
 * writes and reads it for ServiceAccount tokens. Claims are serialised the way
 * go-jose's builder does: merged into one map and marshalled by Go's
 * encoding/json, so keys are sorted at every level and <, >, & are escaped.
 */
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from './bytes';
import { signPkcs1v15Sha256, verifyPkcs1v15Sha256, type RsaPrivateKey, type RsaPublicKey } from './rsa';

/** ERR_CRYPTO_FAILURE is go-jose's ErrCryptoFailure: every signature verification failure reads this way. */
export const ERR_CRYPTO_FAILURE = 'go-jose/go-jose: error in cryptographic primitive';

/** goJsonString quotes s as Go's encoding/json does (HTML-safe escapes, \u2028/\u2029, \b and \f since Go 1.22). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + s[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\ufffd';
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/**
 * goJson marshals plain data as Go's encoding/json marshals a
 * map[string]interface{}: object keys sorted, no whitespace; undefined
 * members are left out (omitempty). Numbers must be finite.
 */
export function goJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return goJsonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`goJson: unsupported number ${value}`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => goJson(v === undefined ? null : v)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareUtf8);
      return `{${keys.map((k) => `${goJsonString(k)}:${goJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`goJson: unsupported ${typeof value}`);
  }
}

/** compareUtf8 orders strings as Go's sort.Strings does (by bytes), which for UTF-16 differs only beyond the BMP. */
function compareUtf8(a: string, b: string): number {
  const x = utf8Encode(a);
  const y = utf8Encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** signJwt returns header.payload.signature for claims, signed RS256 with key; the header is {"alg":"RS256","kid":kid}. */
export function signJwt(key: RsaPrivateKey, kid: string, claims: Record<string, unknown>): string {
  const header = base64UrlEncode(utf8Encode(goJson({ alg: 'RS256', kid: kid === '' ? undefined : kid })));
  const payload = base64UrlEncode(utf8Encode(goJson(claims)));
  const signingInput = `${header}.${payload}`;
  return `${signingInput}.${base64UrlEncode(signPkcs1v15Sha256(key, utf8Encode(signingInput)))}`;
}

/** ParsedJws is a compact JWS split and decoded, not yet verified. */
export interface ParsedJws {
  header: Record<string, unknown>;
  /** payload is the decoded payload bytes (for JWTs, JSON claims). */
  payload: Uint8Array;
  /** signingInput is "<header>.<payload>" as it appeared, the bytes the signature covers. */
  signingInput: string;
  signature: Uint8Array;
}

/**
 * decodeSegment reads one base64url segment as go-jose does: trailing "="
 * are tolerated (stripped) although the compact form never has them.
 */
function decodeSegment(segment: string): Uint8Array | undefined {
  return base64UrlDecode(segment.replace(/=+$/, ''));
}

/** parseJws splits a compact JWS (go-jose ParseSigned); undefined when it is not one (wrong shape, bad base64, header not a JSON object). */
export function parseJws(token: string): ParsedJws | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = decodeSegment(h);
  const payload = decodeSegment(p);
  const signature = decodeSegment(s);
  if (!headerBytes || !payload || !signature) return undefined;
  const header = parseJsonObject(utf8Decode(headerBytes));
  if (!header) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature };
}

/** parseJsonObject parses text as a JSON object; undefined for invalid JSON or any other JSON value. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * verifyJws checks the signature of a parsed JWS with key. Like go-jose's
 * DetachedVerify, any failure (an algorithm other than RS256, critical
 * headers, a wrong signature) is ERR_CRYPTO_FAILURE; undefined means valid.
 */
export function verifyJws(jws: ParsedJws, key: RsaPublicKey): string | undefined {
  if (jws.header.alg !== 'RS256') return ERR_CRYPTO_FAILURE;
  if (jws.header.crit !== undefined) return ERR_CRYPTO_FAILURE;
  return verifyPkcs1v15Sha256(key, utf8Encode(jws.signingInput), jws.signature) ? undefined : ERR_CRYPTO_FAILURE;
}
