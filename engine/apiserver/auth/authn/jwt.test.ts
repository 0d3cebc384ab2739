import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from './bytes';
import { ERR_CRYPTO_FAILURE, goJson, goJsonString, parseJws, signJwt, verifyJws } from './jwt';
import { keyId } from './keys';
import { minimalBytes } from './rsa';
import { testKey } from './testing';

const key = testKey('jwt-test');
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

describe('goJson', () => {
  it('sorts keys at every level and leaves out undefined members, as Go marshals a map', () => {
    expect(goJson({ z: 1, a: { y: [1, 'x', null], b: true }, m: undefined })).toBe('{"a":{"b":true,"y":[1,"x",null]},"z":1}');
  });

  it('escapes as encoding/json does', () => {
    expect(goJsonString('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(goJsonString('line\nsep\u2028"q"\\')).toBe('"line\\nsep\\u2028\\"q\\"\\\\"');
    expect(goJsonString('\u0001\b\f')).toBe('"\\u0001\\b\\f"');
    expect(JSON.parse(goJsonString('é😀\u2029'))).toBe('é😀\u2029');
  });
});

describe('signJwt', () => {
  const claims = { sub: 'system:serviceaccount:default:builder', iss: 'https://kubernetes.default.svc.cluster.local', aud: ['api'], exp: 1700000600 };
  const token = signJwt(key, keyId(key), claims);
  const [header, payload, signature] = token.split('.') as [string, string, string];

  it('writes the header {"alg":"RS256","kid":…} and the sorted claims, base64url without padding', () => {
    expect(token).not.toContain('=');
    expect(Buffer.from(header, 'base64url').toString()).toBe(`{"alg":"RS256","kid":"${keyId(key)}"}`);
    expect(Buffer.from(payload, 'base64url').toString()).toBe(
      '{"aud":["api"],"exp":1700000600,"iss":"https://kubernetes.default.svc.cluster.local","sub":"system:serviceaccount:default:builder"}',
    );
    expect(decode(payload)).toEqual(claims);
  });

  it('is a standard RS256 JWS: OpenSSL verifies the signature over header.payload', () => {
    const publicKey = createPublicKey({
      key: { kty: 'RSA', n: base64UrlEncode(minimalBytes(key.n)), e: base64UrlEncode(minimalBytes(key.e)) },
      format: 'jwk',
    });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${header}.${payload}x`), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it('parses and verifies its own tokens, and refuses tampered ones with go-jose\'s error', () => {
    const parsed = parseJws(token)!;
    expect(parsed.header).toEqual({ alg: 'RS256', kid: keyId(key) });
    expect(verifyJws(parsed, key)).toBeUndefined();
    const forged = `${header}.${base64UrlEncode(Buffer.from(JSON.stringify({ ...claims, sub: 'system:admin' })))}.${signature}`;
    expect(verifyJws(parseJws(forged)!, key)).toBe(ERR_CRYPTO_FAILURE);
    expect(verifyJws(parsed, testKey('jwt-test-other'))).toBe(ERR_CRYPTO_FAILURE);
    const none = `${base64UrlEncode(Buffer.from('{"alg":"none"}'))}.${payload}.`;
    expect(verifyJws(parseJws(none)!, key)).toBe(ERR_CRYPTO_FAILURE);
  });

  it('does not parse what is not a compact JWS', () => {
    expect(parseJws('a.b')).toBeUndefined();
    expect(parseJws('a.b.c.d')).toBeUndefined();
    expect(parseJws(`${base64UrlEncode(Buffer.from('[1]'))}.${payload}.${signature}`)).toBeUndefined();
    expect(parseJws(`!!.${payload}.${signature}`)).toBeUndefined();
  });
});
