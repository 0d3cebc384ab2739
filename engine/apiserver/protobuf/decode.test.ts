import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../auth/authn/bytes';
import { decodeMessage } from './decode';
import { parseField, Schema } from './schema';
import { entry, flat, int, len, str, tag } from './testing';
import { ProtoError } from './wire';

const schema = new Schema({
  Thing: {
    1: 'name',
    2: 'count int32',
    3: 'limit *int32',
    4: 'big int64',
    5: 'on bool',
    6: 'flag *bool',
    7: 'tags []string',
    8: 'sizes []int32',
    9: 'labels map[string]string',
    10: 'blobs map[string]bytes',
    11: 'limits map[string]Quantity',
    12: 'inner Inner',
    13: 'items []Inner',
    14: 'inline Embedded',
    15: 'port IntOrString',
    16: 'at Time',
    17: 'when MicroTime',
    18: 'data bytes',
    19: 'fields FieldsV1',
    20: 'byName map[string]Inner',
    21: 'extra map[string]ExtraValue',
  },
  Inner: { 1: 'a', 2: 'b int32' },
  Embedded: { 1: 'x', 2: 'y int32' },
});

const thing = (...parts: number[][]) => decodeMessage(schema, 'Thing', flat(...parts));

describe('scalars', () => {
  it('decodes strings, numbers and bools under their JSON names', () => {
    expect(thing(str(1, 'web'), int(2, 3), int(4, 2 ** 40), int(5, 1))).toEqual({ name: 'web', count: 3, big: 2 ** 40, on: true });
  });

  it('drops zero values, as omitempty does, unless the field keeps them', () => {
    expect(thing(str(1, ''), int(2, 0), int(5, 0), int(3, 0), int(6, 0))).toEqual({ limit: 0, flag: false });
  });

  it('lets a later occurrence of a singular field win, as proto does', () => {
    expect(thing(str(1, 'a'), str(1, 'b'), int(2, 5), int(2, 0))).toEqual({ name: 'b' });
  });

  it('writes bytes as standard base64', () => {
    expect(thing(len(18, [0x00, 0x01, 0xff, 0xfe]))).toEqual({ data: 'AAH//g==' });
  });

  it('decodes UTF-8 text, replacing invalid sequences with U+FFFD', () => {
    expect(thing(len(1, utf8Encode('héllo ✓')))).toEqual({ name: 'héllo ✓' });
    expect(thing(len(1, [0x61, 0xff, 0x62]))).toEqual({ name: 'a\ufffdb' });
  });
});

describe('repeated fields and maps', () => {
  it('collects repeated strings, keeping empty elements', () => {
    expect(thing(str(7, ''), str(7, 'apps'))).toEqual({ tags: ['', 'apps'] });
  });

  it('reads packed and unpacked repeated numbers alike', () => {
    expect(thing(len(8, [1, 2, 0x96, 0x01]), int(8, 7))).toEqual({ sizes: [1, 2, 150, 7] });
  });

  it('builds maps from entries, an absent value being the zero value', () => {
    expect(thing(entry(9, 'app', str(2, 'web')), entry(9, 'empty', []), entry(10, 'k', len(2, [1, 2])), entry(11, 'cpu', len(2, str(1, '100m'))))).toEqual({
      labels: { app: 'web', empty: '' },
      blobs: { k: 'AQI=' },
      limits: { cpu: '100m' },
    });
  });

  it('keeps a "__proto__" key as an own entry, as JSON.parse does, for validation to judge', () => {
    const out = thing(entry(9, '__proto__', str(2, 'x')));
    expect(Object.getPrototypeOf(out.labels)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"labels":{"__proto__":"x"}}');
  });

  it('unwraps ExtraValue map values into string lists', () => {
    expect(thing(entry(21, 'scopes', len(2, str(1, 'a'), str(1, 'b'))), entry(21, 'none', len(2)))).toEqual({ extra: { scopes: ['a', 'b'], none: [] } });
  });

  it('decodes message values of maps', () => {
    expect(thing(entry(20, 'one', len(2, str(1, 'x'))))).toEqual({ byName: { one: { a: 'x' } } });
  });
});

describe('messages', () => {
  it('nests messages, an empty one as {}', () => {
    expect(thing(len(12, str(1, 'x')), len(13), len(13, int(2, 4)))).toEqual({ inner: { a: 'x' }, items: [{}, { b: 4 }] });
  });

  it('merges a second occurrence of a singular message into the first', () => {
    expect(thing(len(12, str(1, 'x')), len(12, int(2, 9)))).toEqual({ inner: { a: 'x', b: 9 } });
  });

  it('writes an inline (embedded) message’s fields into the enclosing object', () => {
    expect(thing(str(1, 'n'), len(14, str(1, 'ex'), int(2, 2)))).toEqual({ name: 'n', x: 'ex', y: 2 });
  });
});

describe('messages with their own JSON form', () => {
  it('writes IntOrString as a number or a string by its type', () => {
    expect(thing(len(15, int(1, 0), int(2, 8080), str(3, '')))).toEqual({ port: 8080 });
    expect(thing(len(15, int(1, 1), int(2, 0), str(3, 'http')))).toEqual({ port: 'http' });
  });

  it('writes an empty Quantity as "0"', () => {
    expect(thing(entry(11, 'cpu', len(2)))).toEqual({ limits: { cpu: '0' } });
  });

  it('writes Time in whole seconds, the zero (empty) Time as null, and MicroTime with microseconds', () => {
    expect(thing(len(16))).toEqual({ at: null });
    expect(thing(len(16, int(1, 1_700_000_000), int(2, 999_999_999)))).toEqual({ at: '2023-11-14T22:13:20Z' });
    expect(thing(len(16, int(1, 0)))).toEqual({ at: '1970-01-01T00:00:00Z' });
    expect(thing(len(17, int(1, 1_700_000_000), int(2, 250_000_000)))).toEqual({ when: '2023-11-14T22:13:20.250000Z' });
  });

  it('parses FieldsV1 as the JSON it carries', () => {
    expect(thing(len(19, len(1, utf8Encode('{"f:data":{}}'))))).toEqual({ fields: { 'f:data': {} } });
    expect(() => thing(len(19, len(1, utf8Encode('{'))))).toThrow(ProtoError);
  });
});

describe('unknown and malformed input', () => {
  it('skips fields the table does not list, as Go’s unmarshallers do', () => {
    expect(thing(int(99, 1), str(1, 'kept'), len(12, int(50, 3), str(1, 'x')))).toEqual({ name: 'kept', inner: { a: 'x' } });
  });

  it('refuses a known field sent with the wrong wire type, naming the Go field', () => {
    expect(() => thing(int(1, 5))).toThrow('proto: wrong wireType = 0 for field Name');
    expect(() => thing(str(2, 'x'))).toThrow('proto: wrong wireType = 2 for field Count');
    expect(() => thing([...tag(12, 0), 1])).toThrow('proto: wrong wireType = 0 for field Inner');
  });

  it('refuses a message cut short', () => {
    expect(() => decodeMessage(schema, 'Thing', flat(str(1, 'abcdef')).subarray(0, 4))).toThrow('unexpected EOF');
  });
});

describe('the schema language', () => {
  it('parses names, pointers, lists, maps and inline fields', () => {
    expect(parseField('replicas *int32')).toMatchObject({ json: 'replicas', goName: 'Replicas', value: { scalar: 'int32' }, keepZero: true, repeated: false, map: false });
    expect(parseField('containers []Container')).toMatchObject({ value: { message: 'Container' }, repeated: true });
    expect(parseField('hard map[string]Quantity')).toMatchObject({ value: { special: 'Quantity' }, map: true });
    expect(parseField('inline ProbeHandler')).toMatchObject({ inline: true });
    expect(parseField('name')).toMatchObject({ value: { scalar: 'string' }, keepZero: false });
  });

  it('refuses malformed specs, unknown message references and duplicate messages', () => {
    expect(() => parseField('bad spec here')).toThrow('bad field spec');
    expect(() => new Schema({ A: { 1: 'b B' } })).toThrow('A.b refers to unknown message B');
    expect(() => new Schema({ A: {} }, { A: {} })).toThrow('message A defined twice');
  });
});
