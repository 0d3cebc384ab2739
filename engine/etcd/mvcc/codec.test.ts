import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from './codec';

const native = { encoder: new TextEncoder(), decoder: new TextDecoder('utf-8', { fatal: false }) };
const BOM = [0xef, 0xbb, 0xbf];

describe('utf8 and fromUtf8', () => {
  it('encode as TextEncoder does, unpaired surrogates included', () => {
    const units = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 40 });
    fc.assert(
      fc.property(units, (us) => {
        const s = String.fromCharCode(...us);
        expect(Array.from(utf8(s))).toEqual(Array.from(native.encoder.encode(s)));
      }),
      { numRuns: 500 },
    );
    expect(Array.from(utf8('a\u{1F600}\ud800'))).toEqual([0x61, 0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbf, 0xbd]);
  });

  it('decode any bytes as TextDecoder does, malformed sequences replaced one maximal part at a time', () => {
    const bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0)), { maxLength: 40 });
    fc.assert(
      fc.property(bytes, (bs) => {
        const b = Uint8Array.from(bs);
        // TextDecoder drops a leading byte order mark; fromUtf8 keeps it (see its comment).
        const leadingBom = BOM.every((x, i) => b[i] === x);
        const want = (leadingBom ? '\ufeff' : '') + native.decoder.decode(b);
        expect(fromUtf8(b)).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every well-formed string and keeps a leading byte order mark', () => {
    const scalar = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff);
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 30 }), (cps) => {
        const s = String.fromCodePoint(...cps);
        expect(fromUtf8(utf8(s))).toBe(s);
      }),
    );
    expect(fromUtf8(Uint8Array.from([...BOM, 0x61]))).toBe('\ufeffa');
  });
});
