/**
 * Protocol buffers wire format, read side only: what the API server needs to
 * take apart a Kubernetes protobuf request body. Errors carry the texts of
 * the gogo-protobuf generated unmarshallers the real API server runs.
 */

/** WireType is a field's wire type (the low three bits of its tag). */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  Bytes: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

/** ProtoError is a malformed message; message is what Go's unmarshaller says. */
export class ProtoError extends Error {}

/** ERR_EOF is io.ErrUnexpectedEOF: the message ends inside a field. */
export const ERR_EOF = 'unexpected EOF';

const TWO_32 = 0x1_0000_0000;

/**
 * Reader walks one message's bytes from start to end. Each read advances pos;
 * a read past end throws ProtoError(ERR_EOF).
 */
export class Reader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** varint64 reads a varint as two's-complement 64 bits: [low 32, high 32], both unsigned. */
  varint64(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift >= 70) throw new ProtoError('proto: integer overflow');
      if (this.pos >= this.end) throw new ProtoError(ERR_EOF);
      const b = this.buf[this.pos++]!;
      const bits = b & 0x7f;
      if (shift < 28) lo += bits * 2 ** shift;
      else if (shift === 28) {
        lo += (bits & 0x0f) * 2 ** 28;
        hi += bits >> 4;
      } else if (shift < 63) hi += bits * 2 ** (shift - 32);
      else hi += (bits & 0x01) * 2 ** 31;
      if (b < 0x80) break;
    }
    return [lo % TWO_32, hi % TWO_32];
  }

  /** int64 reads a signed varint (int64/int32 fields: negatives take ten bytes). */
  int64(): number {
    const [lo, hi] = this.varint64();
    return hi >= 0x8000_0000 ? (hi - TWO_32) * TWO_32 + lo : hi * TWO_32 + lo;
  }

  /** int32 reads an int32 field: the low 32 bits, signed (what Go's int32(x) keeps). */
  int32(): number {
    return this.varint64()[0] | 0;
  }

  /** uint reads a non-negative varint that must fit a length or a tag. */
  uint(): number {
    const [lo, hi] = this.varint64();
    return hi * TWO_32 + lo;
  }

  bool(): boolean {
    const [lo, hi] = this.varint64();
    return lo !== 0 || hi !== 0;
  }

  /** bytes reads a length-delimited field's payload as a view, not a copy. */
  bytes(): Uint8Array {
    const [lo, hi] = this.varint64();
    if (hi >= 0x8000_0000) throw new ProtoError('proto: negative length found during unmarshaling');
    const n = hi * TWO_32 + lo;
    if (n > this.end - this.pos) throw new ProtoError(ERR_EOF);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** skip passes over a field of the given wire type (an unknown field). */
  skip(wire: number, message: string): void {
    switch (wire) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.advance(8);
        return;
      case WireType.Bytes:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.advance(4);
        return;
      case WireType.StartGroup:
        // Groups (proto2's deprecated nesting) end at the matching EndGroup tag.
        for (;;) {
          if (this.done()) throw new ProtoError(ERR_EOF);
          const tag = this.uint();
          if (tag % 8 === WireType.EndGroup) return;
          this.skip(tag % 8, message);
        }
      case WireType.EndGroup:
        throw new ProtoError(`proto: ${message}: wiretype end group for non-group`);
      default:
        throw new ProtoError(`proto: illegal wireType ${wire}`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new ProtoError(ERR_EOF);
    this.pos += n;
  }
}

/** Tag is a field's number and wire type. */
export interface Tag {
  field: number;
  wire: number;
}

/** readTag reads the next tag; field 0 is illegal, as Go's unmarshallers say. */
export function readTag(r: Reader, message: string): Tag {
  const tag = r.uint();
  const field = Math.floor(tag / 8);
  const wire = tag % 8;
  if (wire === WireType.EndGroup) throw new ProtoError(`proto: ${message}: wiretype end group for non-group`);
  if (field <= 0) throw new ProtoError(`proto: ${message}: illegal tag ${field} (wire type ${wire})`);
  return { field, wire };
}
