/**
 * decode turns protobuf messages into the JSON objects the same Go structs
 * would serialise to, using the schema tables: the API server then handles
 * them exactly as a JSON body. Unknown fields are skipped, as Go's
 * generated unmarshallers skip them (protobuf has no strict decoding).
 */
import { base64Encode, utf8Decode } from '../auth/authn/bytes';
import { rfc3339, rfc3339Micro } from '../time';
import type { Field, Message, Schema, Special } from './schema';
import { ProtoError, Reader, readTag, WireType } from './wire';

/** Json is a decoded JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** decodeMessage decodes a whole message of the named table; it throws ProtoError on malformed input. */
export function decodeMessage(schema: Schema, name: string, bytes: Uint8Array): JsonObject {
  const msg = schema.message(name);
  if (!msg) throw new Error(`protobuf: no message ${name}`);
  const out: JsonObject = {};
  decodeInto(schema, msg, new Reader(bytes), out);
  return out;
}

function wrongWire(wire: number, f: Field): ProtoError {
  return new ProtoError(`proto: wrong wireType = ${wire} for field ${f.goName}`);
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

function decodeInto(schema: Schema, msg: Message, r: Reader, out: JsonObject): void {
  while (!r.done()) {
    const { field, wire } = readTag(r, msg.name);
    const f = msg.fields.get(field);
    if (!f) {
      r.skip(wire, msg.name);
      continue;
    }
    if (f.map) {
      if (wire !== WireType.Bytes) throw wrongWire(wire, f);
      const [key, value] = mapEntry(schema, f, r.bytes());
      const m = (out[f.json] ??= {}) as JsonObject;
      // An own property whatever the key ("__proto__" included), as JSON.parse would make it.
      Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    if ('message' in f.value) {
      if (wire !== WireType.Bytes) throw wrongWire(wire, f);
      const sub = r.bytes();
      const inner = schema.message(f.value.message)!;
      if (f.repeated) {
        const item: JsonObject = {};
        decodeInto(schema, inner, new Reader(sub), item);
        ((out[f.json] ??= []) as Json[]).push(item);
      } else if (f.inline) {
        decodeInto(schema, inner, new Reader(sub), out);
      } else {
        // A second occurrence of a singular message merges into the first, as proto requires.
        const target = (out[f.json] ??= {}) as JsonObject;
        decodeInto(schema, inner, new Reader(sub), target);
      }
      continue;
    }
    if (f.repeated) {
      const list = (out[f.json] ??= []) as Json[];
      if (wire === WireType.Bytes && 'scalar' in f.value && f.value.scalar !== 'string' && f.value.scalar !== 'bytes') {
        // Packed: numbers and bools back to back inside one length-delimited field.
        const packed = r.bytes();
        const pr = new Reader(packed);
        while (!pr.done()) list.push(scalarValue(pr, WireType.Varint, f));
      } else list.push(value(r, wire, f));
      continue;
    }
    const v = value(r, wire, f);
    if (!f.keepZero && isZero(v)) delete out[f.json];
    else out[f.json] = v;
  }
}

function value(r: Reader, wire: number, f: Field): Json {
  if ('special' in f.value) {
    if (wire !== WireType.Bytes) throw wrongWire(wire, f);
    return special(f.value.special, r.bytes());
  }
  return scalarValue(r, wire, f);
}

function scalarValue(r: Reader, wire: number, f: Field): Json {
  const t = 'scalar' in f.value ? f.value.scalar : 'string';
  switch (t) {
    case 'string':
      if (wire !== WireType.Bytes) throw wrongWire(wire, f);
      return utf8Decode(r.bytes());
    case 'bytes':
      if (wire !== WireType.Bytes) throw wrongWire(wire, f);
      return base64Encode(r.bytes());
    case 'int32':
      if (wire !== WireType.Varint) throw wrongWire(wire, f);
      return r.int32();
    case 'int64':
      if (wire !== WireType.Varint) throw wrongWire(wire, f);
      return r.int64();
    case 'bool':
      if (wire !== WireType.Varint) throw wrongWire(wire, f);
      return r.bool();
  }
}

/** eachField walks a small fixed-shape message (Quantity, IntOrString, Time, a map entry); visit returns false for a field it does not know, which is skipped. */
function eachField(bytes: Uint8Array, name: string, visit: (field: number, wire: number, r: Reader) => boolean): void {
  const r = new Reader(bytes);
  while (!r.done()) {
    const { field, wire } = readTag(r, name);
    if (!visit(field, wire, r)) r.skip(wire, name);
  }
}

function expect(wire: number, want: number, goName: string): void {
  if (wire !== want) throw new ProtoError(`proto: wrong wireType = ${wire} for field ${goName}`);
}

function special(kind: Special, bytes: Uint8Array): Json {
  switch (kind) {
    case 'Quantity': {
      let s = '';
      eachField(bytes, 'Quantity', (field, wire, r) => {
        if (field !== 1) return false;
        expect(wire, WireType.Bytes, 'String_');
        s = utf8Decode(r.bytes());
        return true;
      });
      // An empty quantity is the zero Quantity, which JSON writes as "0".
      return s === '' ? '0' : s;
    }
    case 'IntOrString': {
      let type = 0;
      let intVal = 0;
      let strVal = '';
      eachField(bytes, 'IntOrString', (field, wire, r) => {
        if (field === 1) {
          expect(wire, WireType.Varint, 'Type');
          type = r.int64();
        } else if (field === 2) {
          expect(wire, WireType.Varint, 'IntVal');
          intVal = r.int32();
        } else if (field === 3) {
          expect(wire, WireType.Bytes, 'StrVal');
          strVal = utf8Decode(r.bytes());
        } else return false;
        return true;
      });
      return type === 1 ? strVal : intVal;
    }
    case 'Time':
    case 'MicroTime': {
      // An empty Time is the zero time, which JSON writes as null.
      if (bytes.length === 0) return null;
      let seconds = 0;
      let nanos = 0;
      eachField(bytes, 'Timestamp', (field, wire, r) => {
        if (field === 1) {
          expect(wire, WireType.Varint, 'Seconds');
          seconds = r.int64();
        } else if (field === 2) {
          expect(wire, WireType.Varint, 'Nanos');
          nanos = r.int32();
        } else return false;
        return true;
      });
      // metav1.Time keeps whole seconds only (its proto unmarshaller drops nanos); MicroTime keeps microseconds.
      return kind === 'Time' ? rfc3339(seconds * 1000) : rfc3339Micro(seconds * 1000 + Math.floor(nanos / 1000) / 1000);
    }
    case 'ExtraValue': {
      // A map value cannot be repeated in proto2, so []string travels wrapped: {items = 1}.
      const items: Json[] = [];
      eachField(bytes, 'ExtraValue', (field, wire, r) => {
        if (field !== 1) return false;
        expect(wire, WireType.Bytes, 'Items');
        items.push(utf8Decode(r.bytes()));
        return true;
      });
      return items;
    }
    case 'FieldsV1': {
      let raw: Uint8Array = new Uint8Array(0);
      eachField(bytes, 'FieldsV1', (field, wire, r) => {
        if (field !== 1) return false;
        expect(wire, WireType.Bytes, 'Raw');
        raw = r.bytes();
        return true;
      });
      if (raw.length === 0) return null;
      try {
        return JSON.parse(utf8Decode(raw)) as Json;
      } catch {
        throw new ProtoError('metav1.FieldsV1: the raw fields are not JSON');
      }
    }
  }
}

function mapEntry(schema: Schema, f: Field, bytes: Uint8Array): [string, Json] {
  let key = '';
  let val: Json | undefined;
  eachField(bytes, 'MapEntry', (field, wire, r) => {
    if (field === 1) {
      expect(wire, WireType.Bytes, f.goName);
      key = utf8Decode(r.bytes());
    } else if (field === 2) {
      if ('message' in f.value) {
        expect(wire, WireType.Bytes, f.goName);
        val = decodeMessage(schema, f.value.message, r.bytes());
      } else val = value(r, wire, f);
    } else return false;
    return true;
  });
  // An absent value is the value type's zero.
  if (val === undefined) val = 'special' in f.value ? special(f.value.special, new Uint8Array(0)) : 'message' in f.value ? {} : zeroOf(f);
  return [key, val];
}

function zeroOf(f: Field): Json {
  const t = 'scalar' in f.value ? f.value.scalar : 'string';
  return t === 'int32' || t === 'int64' ? 0 : t === 'bool' ? false : '';
}
