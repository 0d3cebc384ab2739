import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng';
import { base64Decode, base64Encode, base64UrlDecode, base64UrlEncode, bytesEqual, utf8Decode, utf8Encode } from './bytes';

function randomText(rng: Rng, length: number): string {
  const pool = ['a', 'Z', '0', '~', 'é', 'ß', '€', '中', '😀', '\n', '"', '\u2028'];
  let s = '';
  for (let i = 0; i < length; i++) s += rng.pick(pool);
  return s;
}

describe('utf8', () => {
  it('encodes and decodes as TextEncoder and TextDecoder do', () => {
    const rng = new Rng('utf8');
    for (let i = 0; i < 200; i++) {
      const s = randomText(rng, rng.int(0, 40));
      const bytes = utf8Encode(s);
      expect(Array.from(bytes)).toEqual(Array.from(new TextEncoder().encode(s)));
      expect(utf8Decode(bytes)).toBe(s);
    }
  });

  it('replaces lone surrogates and invalid sequences with U+FFFD', () => {
    expect(Array.from(utf8Encode('a\ud800b'))).toEqual(Array.from(new TextEncoder().encode('a\ud800b')));
    const invalid = Uint8Array.from([0x61, 0xff, 0xc3, 0x28, 0xe2, 0x82]);
    expect(utf8Decode(invalid)).toBe(new TextDecoder().decode(invalid));
  });
});

describe('base64', () => {
  it('matches Node for every length from 0 to 64 in both alphabets', () => {
    const rng = new Rng('base64');
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, () => rng.intn(256));
      expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64UrlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(Array.from(base64Decode(base64Encode(bytes))!)).toEqual(Array.from(bytes));
      expect(Array.from(base64UrlDecode(base64UrlEncode(bytes))!)).toEqual(Array.from(bytes));
    }
  });

  it('refuses text that is not in its alphabet or has the wrong padding', () => {
    expect(base64Decode('YWJj')).toBeDefined();
    expect(base64Decode('YWI')).toBeUndefined(); // StdEncoding needs padding
    expect(base64Decode('YW*j')).toBeUndefined();
    expect(base64UrlDecode('YWI=')).toBeUndefined(); // RawURLEncoding allows none
    expect(base64UrlDecode('a+b/')).toBeUndefined();
    expect(base64UrlDecode('a')).toBeUndefined(); // one leftover character cannot encode a byte
  });

  it('compares byte strings by content', () => {
    expect(bytesEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 2]))).toBe(true);
    expect(bytesEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
    expect(bytesEqual(Uint8Array.from([1]), Uint8Array.from([1, 0]))).toBe(false);
  });
});
