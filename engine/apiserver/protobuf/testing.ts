/**
 * A small protobuf writer for tests: enough to build messages field by field
 * (including malformed ones) and to wrap them as a Kubernetes protobuf body.
 */
import { utf8Encode } from '../auth/authn/bytes';

/** Bytes is anything that flattens into bytes: arrays of bytes, Uint8Arrays, nested lists. */
export type Bytes = number | Uint8Array | Bytes[];

/** flat concatenates parts into one Uint8Array. */
export function flat(...parts: Bytes[]): Uint8Array {
  const out: number[] = [];
  const walk = (p: Bytes) => {
    if (typeof p === 'number') out.push(p);
    else if (p instanceof Uint8Array) out.push(...p);
    else p.forEach(walk);
  };
  parts.forEach(walk);
  return Uint8Array.from(out);
}

/** varint encodes an integer; a negative one as its 64-bit two's complement (ten bytes), as Go writes int32 and int64. */
export function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

/** tag is a field's key: field number and wire type. */
export function tag(field: number, wire: number): number[] {
  return varint(field * 8 + wire);
}

/** int writes a varint field. */
export function int(field: number, n: number): number[] {
  return [...tag(field, 0), ...varint(n)];
}

/** len writes a length-delimited field around payload. */
export function len(field: number, ...payload: Bytes[]): number[] {
  const body = flat(...payload);
  return [...tag(field, 2), ...varint(body.length), ...body];
}

/** str writes a string field. */
export function str(field: number, s: string): number[] {
  return len(field, utf8Encode(s));
}

/** entry writes one map<string, …> entry: key = 1, then the value field (already encoded as field 2). */
export function entry(field: number, key: string, value: Bytes): number[] {
  return len(field, str(1, key), value);
}

/** k8sBody wraps raw as a Kubernetes protobuf body: "k8s\0" and a runtime.Unknown. */
export function k8sBody(apiVersion: string, kind: string, raw: Bytes): Uint8Array {
  return flat([0x6b, 0x38, 0x73, 0x00], len(1, str(1, apiVersion), str(2, kind)), len(2, raw), str(3, ''), str(4, ''));
}

/** binary is bytes as a binary string (one char per byte), the form ApiRequest.body carries. */
export function binary(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
