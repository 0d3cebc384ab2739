import { describe, expect, it } from 'vitest';
import { crc32c, Crc32c, fnv1a64, sha256, Sha256, toHex } from './index';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('sha256', () => {
  // FIPS 180-4 / NIST CSRC example vectors.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes %j to the published digest', (msg, want) => {
    expect(toHex(sha256(ascii(msg)))).toBe(want);
  });

  it('hashes one million "a" to the published digest', () => {
    const data = new Uint8Array(1_000_000).fill(0x61);
    expect(toHex(sha256(data))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives the same digest however the input is split across updates', () => {
    const data = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
    const whole = toHex(sha256(data));
    for (const cut of [0, 1, 55, 56, 63, 64, 65, 128, 999]) {
      const h = new Sha256().update(data.subarray(0, cut)).update(data.subarray(cut));
      expect(toHex(h.digest())).toBe(whole);
    }
  });

  it('pads correctly at the 55/56/64-byte boundaries', () => {
    // Digests computed with a reference implementation (sha256sum) of 'a' repeated n times.
    const want: Record<number, string> = {
      55: '9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318',
      56: 'b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a',
      64: 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb',
    };
    for (const [n, hex] of Object.entries(want)) {
      expect(toHex(sha256(new Uint8Array(Number(n)).fill(0x61)))).toBe(hex);
    }
  });

  it('refuses to be used after digest', () => {
    const h = new Sha256();
    h.digest();
    expect(() => h.update(ascii('x'))).toThrow(/after digest/);
  });
});

describe('crc32c', () => {
  // RFC 3720 (iSCSI) appendix B.4 vectors and the common "123456789" check value.
  it('gives the Castagnoli check value for "123456789"', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it.each([
    ['32 bytes of zeros', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['bytes 0..31 ascending', new Uint8Array(32).map((_, i) => i), 0x46dd794e],
    ['bytes 31..0 descending', new Uint8Array(32).map((_, i) => 31 - i), 0x113fdb5c],
  ])('gives the RFC 3720 value for %s', (_name, data, want) => {
    expect(crc32c(data)).toBe(want);
  });

  it('is 0 for empty input and streams like one write', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    const h = new Crc32c().write(ascii('1234')).write(ascii('')).write(ascii('56789'));
    expect(h.sum32()).toBe(0xe3069283);
  });
});

describe('fnv1a64', () => {
  it.each([
    ['', 0xcbf29ce484222325n],
    ['a', 0xaf63dc4c8601ec8cn],
    ['foobar', 0x85944171f73967e8n],
  ])('hashes %j to the published FNV-1a 64 value', (msg, want) => {
    expect(fnv1a64(ascii(msg))).toBe(want);
  });
});
