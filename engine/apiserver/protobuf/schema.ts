/**
 * The schema language of the protobuf tables: each message is a map from
 * field number to a one-line field spec, transcribed from the upstream
 * generated.proto files (k8s.io/api and k8s.io/apimachinery):
 *
 *   'name'                        a string field named name
 *   'replicas *int32'             '*' keeps the zero value: a Go pointer (or a
 *                                 field JSON writes without omitempty); without
 *                                 it a zero scalar is dropped, as JSON's
 *                                 omitempty would drop it
 *   'command []string'            repeated
 *   'labels map[string]string'    map (entries {key = 1, value = 2})
 *   'metadata ObjectMeta'         a nested message, by table name
 *   'inline ProbeHandler'         an embedded Go struct: its fields are written
 *                                 into the enclosing JSON object (json:",inline")
 *
 * Scalar types: string, int32, int64, bool, bytes (written as base64, as
 * JSON writes []byte). Messages with their own JSON form: Quantity, IntOrString,
 * Time, MicroTime, FieldsV1, ExtraValue (a []string wrapped for map values).
 */

/** Scalar is a protobuf scalar the tables use. */
export type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/** Special is a message written in JSON as a single value. */
export type Special = 'Quantity' | 'IntOrString' | 'Time' | 'MicroTime' | 'FieldsV1' | 'ExtraValue';

const SCALARS: readonly string[] = ['string', 'int32', 'int64', 'bool', 'bytes'];
const SPECIALS: readonly string[] = ['Quantity', 'IntOrString', 'Time', 'MicroTime', 'FieldsV1', 'ExtraValue'];

/** ValueType is what one value (an element, a map value) is: a scalar, a special message, or a table message. */
export type ValueType = { scalar: Scalar } | { special: Special } | { message: string };

/** Field is one parsed field spec. */
export interface Field {
  /** json is the field's JSON name; goName is how Go's errors name it. */
  json: string;
  goName: string;
  value: ValueType;
  repeated: boolean;
  /** map: the value is a map<string, value>. */
  map: boolean;
  /** keepZero: a zero scalar is written, not dropped. */
  keepZero: boolean;
  /** inline: an embedded struct whose fields JSON writes into the parent. */
  inline: boolean;
}

/** MessageSpec is a message's table entry: field number → field spec. */
export type MessageSpec = Record<number, string>;

/** Message is a parsed table entry. */
export interface Message {
  name: string;
  fields: Map<number, Field>;
}

function valueType(t: string): ValueType {
  if (SCALARS.includes(t)) return { scalar: t as Scalar };
  if (SPECIALS.includes(t)) return { special: t as Special };
  if (!/^[A-Z]\w*$/.test(t)) throw new Error(`protobuf schema: bad type "${t}"`);
  return { message: t };
}

/** parseField reads one field spec; a malformed spec throws (a table bug, found at load). */
export function parseField(spec: string): Field {
  const m = /^(\w+)(?: (\*)?(\[\])?(?:map\[string\])?(\w+))?$/.exec(spec);
  if (!m) throw new Error(`protobuf schema: bad field spec "${spec}"`);
  const [, json, star, brackets, type] = m;
  return {
    json: json!,
    goName: json!.charAt(0).toUpperCase() + json!.slice(1),
    value: valueType(type ?? 'string'),
    repeated: brackets !== undefined,
    map: spec.includes('map[string]'),
    keepZero: star !== undefined,
    inline: json === 'inline',
  };
}

/** Schema is a set of parsed message tables, with every message reference checked. */
export class Schema {
  private readonly messages = new Map<string, Message>();

  constructor(...tables: Record<string, MessageSpec>[]) {
    for (const table of tables)
      for (const [name, spec] of Object.entries(table)) {
        if (this.messages.has(name)) throw new Error(`protobuf schema: message ${name} defined twice`);
        const fields = new Map<number, Field>();
        for (const [num, f] of Object.entries(spec)) fields.set(Number(num), parseField(f));
        this.messages.set(name, { name, fields });
      }
    for (const msg of this.messages.values())
      for (const f of msg.fields.values())
        if ('message' in f.value && !this.messages.has(f.value.message))
          throw new Error(`protobuf schema: ${msg.name}.${f.json} refers to unknown message ${f.value.message}`);
  }

  message(name: string): Message | undefined {
    return this.messages.get(name);
  }
}
