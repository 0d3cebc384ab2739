import { describe, expect, it } from 'vitest';
import { flat, int, len, tag, varint } from './testing';
import { ProtoError, Reader, readTag, WireType } from './wire';

const reader = (...parts: number[][]) => new Reader(flat(...parts));

describe('varints', () => {
  it('reads the values Go writes for int32 and int64, negatives included', () => {
    for (const n of [0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 32, 2 ** 53 - 1, -1, -(2 ** 31), -300]) {
      expect(reader(varint(n)).int64()).toBe(n);
    }
  });

  it('writes a negative int32 in ten bytes and reads it back as an int32', () => {
    expect(varint(-1)).toHaveLength(10);
    expect(reader(varint(-5)).int32()).toBe(-5);
    expect(reader(varint(2 ** 31 - 1)).int32()).toBe(2 ** 31 - 1);
  });

  it('keeps only the low 32 bits for an int32, as Go’s int32(x) does', () => {
    expect(reader(varint(2 ** 32 + 7)).int32()).toBe(7);
  });

  it('reads bools as non-zero varints', () => {
    expect(reader([1]).bool()).toBe(true);
    expect(reader([0]).bool()).toBe(false);
    expect(reader(varint(2 ** 40)).bool()).toBe(true);
  });

  it('refuses an eleventh byte as an overflow, and a cut varint as an unexpected EOF', () => {
    expect(() => reader(Array(10).fill(0xff).concat([0x01])).int64()).toThrow('proto: integer overflow');
    expect(() => reader([0x80, 0x80]).int64()).toThrow(new ProtoError('unexpected EOF'));
  });
});

describe('length-delimited fields', () => {
  it('returns the payload and moves past it', () => {
    const r = reader([3, 0x61, 0x62, 0x63, 0x05]);
    expect(Array.from(r.bytes())).toEqual([0x61, 0x62, 0x63]);
    expect(r.int64()).toBe(5);
  });

  it('refuses a length past the end and a negative length', () => {
    expect(() => reader([5, 1, 2]).bytes()).toThrow('unexpected EOF');
    expect(() => reader(varint(-1)).bytes()).toThrow('proto: negative length found during unmarshaling');
  });
});

describe('skipping unknown fields', () => {
  it('skips every wire type, groups included, and lands on the next field', () => {
    const fields = flat(
      int(1, 300),
      tag(2, WireType.Fixed64), [1, 2, 3, 4, 5, 6, 7, 8],
      len(3, [9, 9, 9]),
      tag(4, WireType.Fixed32), [1, 2, 3, 4],
      tag(5, WireType.StartGroup), int(1, 7), tag(5, WireType.EndGroup),
      int(6, 42),
    );
    const r = new Reader(fields);
    for (let i = 0; i < 5; i++) {
      const t = readTag(r, 'M');
      r.skip(t.wire, 'M');
    }
    expect(readTag(r, 'M')).toEqual({ field: 6, wire: WireType.Varint });
    expect(r.int64()).toBe(42);
  });

  it('refuses a cut fixed field, an end group without a start, and wire types 6 and 7', () => {
    expect(() => reader([1, 2]).skip(WireType.Fixed32, 'M')).toThrow('unexpected EOF');
    expect(() => readTag(reader(tag(1, WireType.EndGroup)), 'ObjectMeta')).toThrow('proto: ObjectMeta: wiretype end group for non-group');
    expect(() => reader([]).skip(6, 'M')).toThrow('proto: illegal wireType 6');
  });

  it('refuses field number 0 as an illegal tag', () => {
    expect(() => readTag(reader([0x00]), 'Pod')).toThrow('proto: Pod: illegal tag 0 (wire type 0)');
  });
});
