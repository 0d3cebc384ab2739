/**
 * Reading JWT claims as go-jose's jwt.Claims unmarshals them, and Go's %q
 * quoting for the error messages that name them.
 */

/** PublicClaims are the registered claims (jwt.Claims); a missing string is "", a missing date undefined. */
export interface PublicClaims {
  iss: string;
  sub: string;
  /** aud is always a list: a single string "aud" is a list of one, as jwt.Audience unmarshals it. */
  aud: string[];
  /** exp, nbf and iat are NumericDates: seconds since the epoch. */
  exp?: number;
  nbf?: number;
  iat?: number;
  jti: string;
}

/** readPublicClaims reads the registered claims, or the unmarshalling error go-jose would give for a mistyped one. */
export function readPublicClaims(claims: Record<string, unknown>): PublicClaims | { error: string } {
  const str = (k: string): string | { error: string } => {
    const v = claims[k];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : { error: `json: cannot unmarshal ${jsonKind(v)} into Go struct field Claims.${k} of type string` };
  };
  const date = (k: string): number | undefined | { error: string } => {
    const v = claims[k];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' ? Math.trunc(v) : { error: 'go-jose/go-jose/jwt: expected number value to unmarshal into NumericDate' };
  };
  const iss = str('iss');
  const sub = str('sub');
  const jti = str('jti');
  const exp = date('exp');
  const nbf = date('nbf');
  const iat = date('iat');
  for (const v of [iss, sub, jti, exp, nbf, iat]) if (typeof v === 'object') return v;
  const rawAud = claims.aud;
  let aud: string[];
  if (rawAud === undefined || rawAud === null) aud = [];
  else if (typeof rawAud === 'string') aud = [rawAud];
  else if (Array.isArray(rawAud) && rawAud.every((a) => typeof a === 'string')) aud = rawAud as string[];
  else return { error: 'go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience' };
  return {
    iss: iss as string, sub: sub as string, jti: jti as string, aud,
    exp: exp as number | undefined, nbf: nbf as number | undefined, iat: iat as number | undefined,
  };
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** goQuote is Go's %q of a string (strconv.Quote) for the characters that matter here. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** goQuoteList is %q of a []string: ["a" "b"]. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** stringAt reads obj[key] as a string, "" when absent or not a string. */
export function stringAt(obj: unknown, key: string): string {
  if (obj === null || typeof obj !== 'object') return '';
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}

/** objectAt reads obj[key] as an object, undefined when absent or not an object. */
export function objectAt(obj: unknown, key: string): Record<string, unknown> | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
