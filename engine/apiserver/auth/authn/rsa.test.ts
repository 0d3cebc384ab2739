import { constants, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng';
import { base64UrlEncode } from './bytes';
import {
  bigIntToBytes,
  bitLength,
  bytesToBigInt,
  generateRsaKey,
  isProbablePrime,
  minimalBytes,
  modInverse,
  modPow,
  signPkcs1v15Sha256,
  verifyPkcs1v15Sha256,
  type RsaPrivateKey,
} from './rsa';
import { testKey } from './testing';

const b64u = (n: bigint) => base64UrlEncode(minimalBytes(n));

function nodePrivateKey(k: RsaPrivateKey) {
  return createPrivateKey({
    key: { kty: 'RSA', n: b64u(k.n), e: b64u(k.e), d: b64u(k.d), p: b64u(k.p), q: b64u(k.q), dp: b64u(k.dp), dq: b64u(k.dq), qi: b64u(k.qinv) },
    format: 'jwk',
  });
}

function nodePublicKey(k: { n: bigint; e: bigint }) {
  return createPublicKey({ key: { kty: 'RSA', n: b64u(k.n), e: b64u(k.e) }, format: 'jwk' });
}

describe('big integer helpers', () => {
  it('modPow agrees with repeated multiplication', () => {
    const rng = new Rng('modpow');
    for (let i = 0; i < 50; i++) {
      const m = BigInt(rng.int(2, 1_000_000));
      const b = BigInt(rng.int(0, 1_000_000));
      const e = rng.int(0, 300);
      let want = 1n % m;
      for (let j = 0; j < e; j++) want = (want * b) % m;
      expect(modPow(b, BigInt(e), m)).toBe(want);
    }
  });

  it('modPow with large exponents satisfies Fermat for a known prime', () => {
    const p = 2n ** 127n - 1n; // a Mersenne prime
    const rng = new Rng('fermat');
    for (let i = 0; i < 5; i++) {
      const a = 2n + (bytesToBigInt(Uint8Array.from({ length: 15 }, () => rng.intn(256))) % (p - 3n));
      expect(modPow(a, p - 1n, p)).toBe(1n);
    }
  });

  it('modInverse inverts and refuses non-units', () => {
    expect((modInverse(17n, 3120n) * 17n) % 3120n).toBe(1n);
    expect(() => modInverse(6n, 9n)).toThrow(/not invertible/);
  });

  it('converts between bytes and integers big-endian', () => {
    expect(bytesToBigInt(Uint8Array.from([1, 0]))).toBe(256n);
    expect(Array.from(bigIntToBytes(256n, 4))).toEqual([0, 0, 1, 0]);
    expect(Array.from(minimalBytes(65537n))).toEqual([1, 0, 1]);
    expect(() => bigIntToBytes(65536n, 2)).toThrow(/too large/);
  });

  it('tells primes from composites, Carmichael numbers included', () => {
    const rng = new Rng('mr');
    for (const p of [2n, 3n, 7919n, 2n ** 61n - 1n, 2n ** 89n - 1n, 2n ** 127n - 1n]) expect(isProbablePrime(p, rng)).toBe(true);
    // 561, 41041 and 3215031751 fool Fermat's test; the last is a strong pseudoprime to bases 2, 3, 5 and 7.
    for (const c of [1n, 4n, 561n, 41041n, 3215031751n, (2n ** 61n - 1n) * (2n ** 31n - 1n), 2n ** 67n - 1n]) {
      expect(isProbablePrime(c, rng)).toBe(false);
    }
  });
});

describe('generateRsaKey', () => {
  it('makes the same key from the same seed and different keys from different seeds', () => {
    const a = generateRsaKey(new Rng('seed-a'), 512);
    const again = generateRsaKey(new Rng('seed-a'), 512);
    const b = generateRsaKey(new Rng('seed-b'), 512);
    expect(again).toEqual(a);
    expect(b.n).not.toBe(a.n);
  });

  it.each([512, 1024])('makes a consistent %i-bit key', (bits) => {
    const k = generateRsaKey(new Rng(`consistent-${bits}`), bits);
    const rng = new Rng('check');
    expect(bitLength(k.n)).toBe(bits);
    expect(k.p * k.q).toBe(k.n);
    expect(isProbablePrime(k.p, rng)).toBe(true);
    expect(isProbablePrime(k.q, rng)).toBe(true);
    expect(k.e).toBe(65537n);
    expect(modPow(modPow(123456789n, k.e, k.n), k.d, k.n)).toBe(123456789n);
    expect((k.qinv * k.q) % k.p).toBe(1n);
  });

  it('refuses sizes that cannot hold a SHA-256 signature or are not a multiple of 16', () => {
    expect(() => generateRsaKey(new Rng(1), 256)).toThrow(/at least 512/);
    expect(() => generateRsaKey(new Rng(1), 1000)).toThrow(/multiple of 16/);
  });
});

describe('RSASSA-PKCS1-v1_5 with SHA-256', () => {
  const key = testKey('rsa-test');
  const message = new TextEncoder().encode('the quick brown fox');

  it('produces exactly the signature OpenSSL produces with the same key (PKCS#1 v1.5 is deterministic)', () => {
    const ours = signPkcs1v15Sha256(key, message);
    const theirs = sign('sha256', message, { key: nodePrivateKey(key), padding: constants.RSA_PKCS1_PADDING });
    expect(Buffer.from(ours).toString('hex')).toBe(theirs.toString('hex'));
  });

  it('verifies with OpenSSL, and verifies what OpenSSL signs', () => {
    const ours = signPkcs1v15Sha256(key, message);
    expect(verify('sha256', message, nodePublicKey(key), ours)).toBe(true);
    const theirs = sign('sha256', message, nodePrivateKey(key));
    expect(verifyPkcs1v15Sha256(key, message, theirs)).toBe(true);
  });

  it('rejects a changed message, a changed signature, a short signature and another key', () => {
    const sig = signPkcs1v15Sha256(key, message);
    expect(verifyPkcs1v15Sha256(key, new TextEncoder().encode('the quick brown fix'), sig)).toBe(false);
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(verifyPkcs1v15Sha256(key, message, flipped)).toBe(false);
    expect(verifyPkcs1v15Sha256(key, message, sig.subarray(1))).toBe(false);
    expect(verifyPkcs1v15Sha256(testKey('rsa-test-other'), message, sig)).toBe(false);
  });
});
