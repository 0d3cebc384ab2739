import { createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from './bytes';
import { keyId, pkcs1PublicKeyDer, publicJwk, publicKeyDer, publicKeyPem } from './keys';
import { minimalBytes } from './rsa';
import { testKey } from './testing';

const key = testKey('keys-test');
const nodeKey = createPublicKey({
  key: { kty: 'RSA', n: base64UrlEncode(minimalBytes(key.n)), e: base64UrlEncode(minimalBytes(key.e)) },
  format: 'jwk',
});

describe('public key encodings', () => {
  it('writes the SubjectPublicKeyInfo OpenSSL writes', () => {
    expect(Buffer.from(publicKeyDer(key)).toString('hex')).toBe(nodeKey.export({ type: 'spki', format: 'der' }).toString('hex'));
  });

  it('writes the PKCS#1 RSAPublicKey OpenSSL writes', () => {
    expect(Buffer.from(pkcs1PublicKeyDer(key)).toString('hex')).toBe(nodeKey.export({ type: 'pkcs1', format: 'der' }).toString('hex'));
  });

  it('writes a PEM that OpenSSL reads back as the same key', () => {
    const pem = publicKeyPem(key);
    expect(pem.split('\n').every((line) => line.length <= 64)).toBe(true);
    expect(createPublicKey(pem).export({ format: 'jwk' })).toEqual(nodeKey.export({ format: 'jwk' }));
  });

  it('derives the key id as base64url(SHA-256(DER SubjectPublicKeyInfo)) without padding', () => {
    const want = createHash('sha256').update(nodeKey.export({ type: 'spki', format: 'der' })).digest('base64url');
    expect(keyId(key)).toBe(want);
    expect(keyId(key)).not.toContain('=');
  });

  it('renders the JWK that OpenSSL exports, with use, kid and alg', () => {
    const jwk = publicJwk(key);
    const exported = nodeKey.export({ format: 'jwk' });
    expect(jwk).toEqual({ use: 'sig', kty: 'RSA', kid: keyId(key), alg: 'RS256', n: exported.n, e: exported.e });
    expect(Object.keys(jwk)).toEqual(['use', 'kty', 'kid', 'alg', 'n', 'e']);
  });
});
