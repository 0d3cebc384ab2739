/**
 * RSA in plain ECMAScript BigInt, for the API server's ServiceAccount token
 * signing key: deterministic key generation from the simulation's Rng
 * (Miller–Rabin), and RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), the
 * "RS256" of JWS. Not hardened (no blinding, not constant-time): a simulated
 * cluster has no side channels worth defending; the encodings are standard,
 * so real tools verify what it signs.
 */
import type { Rng } from '../../../sim/rng';
import { sha256 } from '../../../etcd/hash';

/** RsaPublicKey is a modulus and public exponent. */
export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
}

/** RsaPrivateKey holds the CRT parameters too, so signing costs two half-size exponentiations. */
export interface RsaPrivateKey extends RsaPublicKey {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  /** dp is d mod (p-1). */
  readonly dp: bigint;
  /** dq is d mod (q-1). */
  readonly dq: bigint;
  /** qinv is q⁻¹ mod p. */
  readonly qinv: bigint;
}

/** RSA_PUBLIC_EXPONENT is 65537, as Go's rsa.GenerateKey uses. */
export const RSA_PUBLIC_EXPONENT = 65537n;

/** MIN_RSA_BITS is the smallest key generateRsaKey accepts: below it a SHA-256 DigestInfo does not fit the padding. */
export const MIN_RSA_BITS = 512;

/** MILLER_RABIN_ROUNDS bounds the chance a composite passes at 4^-24 (far below anything a simulation can observe). */
export const MILLER_RABIN_ROUNDS = 24;

// Odd primes below 2000, for trial division of candidates before Miller–Rabin.
const SMALL_PRIMES: number[] = (() => {
  const out: number[] = [];
  for (let n = 3; n < 2000; n += 2) {
    let prime = true;
    for (const p of out) {
      if (p * p > n) break;
      if (n % p === 0) { prime = false; break; }
    }
    if (prime) out.push(n);
  }
  return out;
})();

/** bitLength returns the number of bits in a non-negative n (0 for 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** bytesToBigInt reads big-endian unsigned bytes (RFC 8017 OS2IP). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** bigIntToBytes writes n big-endian in exactly `length` bytes (RFC 8017 I2OSP); it throws when n does not fit. */
export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  if (n < 0n) throw new RangeError('bigIntToBytes: negative integer');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (hex.length / 2 > length) throw new RangeError(`bigIntToBytes: integer too large for ${length} bytes`);
  const out = new Uint8Array(length);
  const offset = length - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[offset + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** minimalBytes writes n big-endian without leading zero bytes (one zero byte for 0). */
export function minimalBytes(n: bigint): Uint8Array {
  return bigIntToBytes(n, Math.max(1, Math.ceil(bitLength(n) / 8)));
}

/**
 * modPow returns base^exp mod m (m > 0, exp ≥ 0) by left-to-right sliding
 * windows: about one multiplication per window instead of one per set bit.
 */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m <= 0n || exp < 0n) throw new RangeError('modPow: need m > 0 and exp >= 0');
  if (m === 1n) return 0n;
  let b = base % m;
  if (b < 0n) b += m;
  const bits = exp.toString(2);
  const w = bits.length > 768 ? 6 : bits.length > 256 ? 5 : bits.length > 32 ? 4 : 1;
  const odd: bigint[] = [b];
  if (w > 1) {
    const sq = (b * b) % m;
    for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * sq) % m);
  }
  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % m;
      i++;
      continue;
    }
    let j = Math.min(i + w, bits.length);
    while (bits[j - 1] === '0') j--;
    for (let k = i; k < j; k++) result = (result * result) % m;
    result = (result * odd[(parseInt(bits.slice(i, j), 2) - 1) >> 1]!) % m;
    i = j;
  }
  return result;
}

/** modInverse returns a⁻¹ mod m, or throws when gcd(a, m) ≠ 1. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('modInverse: not invertible');
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** randomBits draws a uniformly random integer in [0, 2^bits) from rng, 32 bits at a time. */
export function randomBits(rng: Rng, bits: number): bigint {
  let hex = '';
  const words = Math.ceil(bits / 32);
  for (let i = 0; i < words; i++) hex += rng.uint32().toString(16).padStart(8, '0');
  const value = BigInt(`0x${hex}`);
  return value >> BigInt(words * 32 - bits);
}

/** randomBelow draws a uniformly random integer in [0, n) by rejection (n > 0). */
function randomBelow(rng: Rng, n: bigint): bigint {
  const bits = bitLength(n);
  for (;;) {
    const v = randomBits(rng, bits);
    if (v < n) return v;
  }
}

/**
 * isProbablePrime runs `rounds` Miller–Rabin rounds with bases drawn from
 * rng (after trial division by the small primes). A prime always passes; a
 * composite passes each round with probability at most 1/4.
 */
export function isProbablePrime(n: bigint, rng: Rng, rounds = MILLER_RABIN_ROUNDS): boolean {
  if (n < 2n) return false;
  for (const p of [2, ...SMALL_PRIMES]) {
    const bp = BigInt(p);
    if (n === bp) return true;
    if (n % bp === 0n) return false;
  }
  return millerRabin(n, rng, rounds);
}

function millerRabin(n: bigint, rng: Rng, rounds: number): boolean {
  const nMinus1 = n - 1n;
  let d = nMinus1;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (let round = 0; round < rounds; round++) {
    // The first base is 2: cheap to pick and it rejects almost every composite.
    const a = round === 0 ? 2n : 2n + randomBelow(rng, n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === nMinus1) continue;
    let witness = true;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === nMinus1) {
        witness = false;
        break;
      }
    }
    if (witness) return false;
  }
  return true;
}

/**
 * randomPrime returns a prime of exactly `bits` bits whose top two bits are
 * set (so the product of two has exactly 2·bits bits) and for which
 * gcd(p-1, e) = 1. It walks odd numbers up from a random start, keeping each
 * candidate's residues modulo the small primes so that trial division is
 * plain number arithmetic; only survivors pay for Miller–Rabin.
 */
export function randomPrime(rng: Rng, bits: number, e = RSA_PUBLIC_EXPONENT): bigint {
  if (bits < 16) throw new RangeError(`randomPrime: ${bits} bits is too small`);
  const top = 3n << BigInt(bits - 2);
  for (;;) {
    const start = randomBits(rng, bits) | top | 1n;
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    // 2^16 odd steps is far more than the ~bits·ln2/2 expected gap; restart if exhausted.
    for (let delta = 0; delta < 1 << 17; delta += 2) {
      let divisible = false;
      for (let k = 0; k < SMALL_PRIMES.length; k++) {
        if ((residues[k]! + delta) % SMALL_PRIMES[k]! === 0) {
          divisible = true;
          break;
        }
      }
      if (divisible) continue;
      const candidate = start + BigInt(delta);
      if (bitLength(candidate) !== bits) break;
      if ((candidate - 1n) % e === 0n) continue;
      if (millerRabin(candidate, rng, MILLER_RABIN_ROUNDS)) return candidate;
    }
  }
}

/**
 * generateRsaKey returns an RSA key of exactly `bits` bits (a multiple of 16,
 * at least MIN_RSA_BITS) drawn from rng: the same seed always yields the same
 * key. d is e⁻¹ mod lcm(p-1, q-1) (RFC 8017's λ(n)).
 */
export function generateRsaKey(rng: Rng, bits: number): RsaPrivateKey {
  if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits % 16 !== 0) {
    throw new RangeError(`generateRsaKey: bits must be a multiple of 16 and at least ${MIN_RSA_BITS}, got ${bits}`);
  }
  const e = RSA_PUBLIC_EXPONENT;
  for (;;) {
    const p = randomPrime(rng, bits / 2, e);
    const q = randomPrime(rng, bits / 2, e);
    if (p === q) continue;
    const n = p * q;
    if (bitLength(n) !== bits) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    // Keep p > q so qinv is the usual CRT coefficient (q⁻¹ mod p).
    const [big, small] = p > q ? [p, q] : [q, p];
    return {
      n, e, d, p: big, q: small,
      dp: d % (big - 1n),
      dq: d % (small - 1n),
      qinv: modInverse(small, big),
    };
  }
}

/** publicKeyOf drops the private parameters. */
export function publicKeyOf(key: RsaPublicKey): RsaPublicKey {
  return { n: key.n, e: key.e };
}

/** modulusBytes is k of RFC 8017: the length of the modulus, and of every signature, in bytes. */
export function modulusBytes(key: RsaPublicKey): number {
  return Math.ceil(bitLength(key.n) / 8);
}

/** SHA256_DIGEST_INFO is the DER prefix of DigestInfo{sha256, NULL} (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Uint8Array.from([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

/** emsaPkcs1v15Sha256 builds 0x00 0x01 FF…FF 0x00 DigestInfo(SHA-256(message)) in k bytes (EMSA-PKCS1-v1_5). */
function emsaPkcs1v15Sha256(message: Uint8Array, k: number): Uint8Array {
  const t = new Uint8Array(SHA256_DIGEST_INFO.length + 32);
  t.set(SHA256_DIGEST_INFO, 0);
  t.set(sha256(message), SHA256_DIGEST_INFO.length);
  if (k < t.length + 11) throw new RangeError('RSA key too short for a SHA-256 PKCS#1 v1.5 signature');
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return em;
}

/** signPkcs1v15Sha256 signs message with RSASSA-PKCS1-v1_5 over SHA-256 (JWS "RS256"); the signature is k bytes. */
export function signPkcs1v15Sha256(key: RsaPrivateKey, message: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  const m = bytesToBigInt(emsaPkcs1v15Sha256(message, k));
  const m1 = modPow(m % key.p, key.dp, key.p);
  const m2 = modPow(m % key.q, key.dq, key.q);
  let h = ((m1 - m2) * key.qinv) % key.p;
  if (h < 0n) h += key.p;
  const s = m2 + h * key.q;
  // A wrong CRT result would leak the factors; checking costs one 17-bit exponentiation.
  if (modPow(s, key.e, key.n) !== m) throw new Error('RSA signature self-check failed: inconsistent private key');
  return bigIntToBytes(s, k);
}

/** verifyPkcs1v15Sha256 reports whether signature is a valid RS256 signature of message under key. */
export function verifyPkcs1v15Sha256(key: RsaPublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return false;
  const em = bigIntToBytes(modPow(s, key.e, key.n), k);
  const expected = emsaPkcs1v15Sha256(message, k);
  let same = true;
  for (let i = 0; i < k; i++) if (em[i] !== expected[i]) same = false;
  return same;
}
