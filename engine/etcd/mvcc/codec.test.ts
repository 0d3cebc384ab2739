import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKeyValue, encodeKeyValue, fromUtf8, isWellFormed, utf8, viewKeyValue } from './codec';

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

  it('isWellFormed holds exactly for the strings that survive a UTF-8 round trip', () => {
    const units = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 20 });
    fc.assert(
      fc.property(units, (us) => {
        const s = String.fromCharCode(...us);
        expect(isWellFormed(s)).toBe(fromUtf8(utf8(s)) === s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('encodeKeyValue, decodeKeyValue and viewKeyValue', () => {
  it('round-trip every field, copies owning their bytes and views sharing the record', () => {
    const kv = { key: utf8('/registry/pods/default/web'), create_revision: 2, mod_revision: 300, version: 129, value: utf8('{"a":"é"}'), lease: 0 };
    const record = encodeKeyValue(kv);
    // Protobuf: key (tag 0x0a), then varints, then value (tag 0x2a); lease 0 is omitted.
    expect(Array.from(record.subarray(0, 2))).toEqual([0x0a, kv.key.length]);
    expect(Array.from(record.subarray(2 + kv.key.length, 2 + kv.key.length + 7))).toEqual([0x10, 2, 0x18, 0xac, 0x02, 0x20, 0x81]);
    const copy = decodeKeyValue(record);
    const view = viewKeyValue(record);
    expect(copy).toEqual(kv);
    expect(view).toEqual(kv);
    copy.value[0] = 0x20;
    expect(record[record.length - kv.value.length]).toBe(0x7b);
    expect(view.value.buffer).toBe(record.buffer);
    expect(decodeKeyValue(encodeKeyValue({ ...kv, key: new Uint8Array(0), value: new Uint8Array(0) }))).toEqual({ ...kv, key: new Uint8Array(0), value: new Uint8Array(0) });
  });
});
