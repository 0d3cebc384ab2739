/**
 * The encodings of an RSA public key the API server publishes: DER
 * SubjectPublicKeyInfo (Go's x509.MarshalPKIXPublicKey), the key id derived
 * from it (pkg/serviceaccount keyIDFromPublicKey: base64url of its SHA-256,
 * the "kid" of every token), PEM, and a JWK as /openid/v1/jwks serves.
 */
import { sha256 } from '../../../etcd/hash';
import { base64Encode, base64UrlEncode } from './bytes';
import { minimalBytes, type RsaPublicKey } from './rsa';

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function der(tag: number, content: ArrayLike<number>): number[] {
  return [tag, ...derLength(content.length), ...Array.from(content)];
}

/** derInteger encodes a non-negative integer: minimal big-endian, with a 0x00 in front when the top bit is set. */
function derInteger(n: bigint): number[] {
  const bytes = Array.from(minimalBytes(n));
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return der(0x02, bytes);
}

// 1.2.840.113549.1.1.1 rsaEncryption, then NULL parameters.
const RSA_ALGORITHM_IDENTIFIER = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/** pkcs1PublicKeyDer is RSAPublicKey ::= SEQUENCE { modulus, publicExponent } (RFC 8017 A.1.1). */
export function pkcs1PublicKeyDer(key: RsaPublicKey): Uint8Array {
  return Uint8Array.from(der(0x30, [...derInteger(key.n), ...derInteger(key.e)]));
}

/** publicKeyDer is the SubjectPublicKeyInfo of key (RFC 5280 §4.1), byte for byte what Go's x509.MarshalPKIXPublicKey writes. */
export function publicKeyDer(key: RsaPublicKey): Uint8Array {
  const bitString = der(0x03, [0x00, ...pkcs1PublicKeyDer(key)]);
  return Uint8Array.from(der(0x30, [...RSA_ALGORITHM_IDENTIFIER, ...bitString]));
}

/** publicKeyPem wraps publicKeyDer as a "PUBLIC KEY" PEM block (64-column lines), the form of --service-account-key-file. */
export function publicKeyPem(key: RsaPublicKey): string {
  const body = base64Encode(publicKeyDer(key));
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** keyId is the key id the API server puts in each token's "kid" header: base64url(SHA-256(SubjectPublicKeyInfo)), unpadded. */
export function keyId(key: RsaPublicKey): string {
  return base64UrlEncode(sha256(publicKeyDer(key)));
}

/** RsaJwk is an RSA public JSON Web Key (RFC 7517/7518) as the API server serves it. */
export interface RsaJwk {
  use: 'sig';
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  n: string;
  e: string;
}

/** publicJwk renders key as /openid/v1/jwks lists it (field order as go-jose marshals a JSONWebKey). */
export function publicJwk(key: RsaPublicKey): RsaJwk {
  return {
    use: 'sig',
    kty: 'RSA',
    kid: keyId(key),
    alg: 'RS256',
    n: base64UrlEncode(minimalBytes(key.n)),
    e: base64UrlEncode(minimalBytes(key.e)),
  };
}
