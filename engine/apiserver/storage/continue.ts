/**
 * Continue tokens (k8s.io/apiserver/pkg/storage/continue.go): the base64url
 * (no padding) of JSON {"v":"meta.k8s.io/v1","rv":N,"start":"<key suffix>"},
 * where start is the next key to read relative to the list's key prefix and
 * rv the revision the first page was read at (-1: continue at the latest
 * revision, the "inconsistent" token a 410 hands back).
 */
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from '../auth/authn/bytes';

const VERSION = 'meta.k8s.io/v1';

/** encodeContinue makes the token resuming at key (which must be under keyPrefix) at revision rv. */
export function encodeContinue(key: string, keyPrefix: string, rv: number): string {
  if (!key.startsWith(keyPrefix) || key === keyPrefix) throw new Error('unable to encode next field: the key and key prefix do not match');
  const json = JSON.stringify({ v: VERSION, rv, start: key.slice(keyPrefix.length) });
  return base64UrlEncode(utf8Encode(json));
}

/** Continuation is a decoded token: the key to start from and the revision to read at. */
export interface Continuation {
  fromKey: string;
  rv: number;
}

/** cleanPath is Go's path.Clean for the absolute paths continue keys become. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/**
 * decodeContinue reads a token for a list under keyPrefix, refusing tokens that
 * would escape it; the error texts are upstream's ("continue key is not valid: …").
 */
export function decodeContinue(token: string, keyPrefix: string): Continuation | { error: string } {
  const bytes = base64UrlDecode(token);
  if (!bytes) return { error: 'continue key is not valid: illegal base64 data' };
  let c: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    c = JSON.parse(utf8Decode(bytes)) as typeof c;
  } catch (e) {
    return { error: `continue key is not valid: ${(e as Error).message}` };
  }
  if (c === null || typeof c !== 'object') return { error: 'continue key is not valid: not an object' };
  if (c.v !== VERSION) return { error: `continue key is not valid: server does not recognize this encoded version ${String(c.v ?? '')}` };
  if (typeof c.rv !== 'number' || c.rv === 0) return { error: 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)' };
  if (typeof c.start !== 'string' || c.start.length === 0) return { error: 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)' };
  const key = c.start.startsWith('/') ? c.start : `/${c.start}`;
  if (cleanPath(key) !== key) return { error: `continue key is not valid: ${c.start}` };
  return { fromKey: keyPrefix + key.slice(1), rv: c.rv };
}
