import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone';

describe('cloneJson', () => {
  it('gives what a JSON round trip gives, for any JSON value and for undefined fields and array slots', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(cloneJson(v)).toStrictEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
    const v = { a: undefined, b: [1, undefined, { c: undefined, d: 'x' }], e: null, f: () => 1 };
    expect(cloneJson(v)).toStrictEqual(JSON.parse(JSON.stringify(v)));
  });

  it('keeps a "__proto__" key as data, as JSON.parse does, never as the copy’s prototype', () => {
    const v = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    const c = cloneJson(v);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(c).toStrictEqual(JSON.parse(JSON.stringify(v)));
  });

  it('shares no object or array with its input', () => {
    const v = { kvs: [{ key: 'k', value: '{"a":1}' }], header: { revision: 3 } };
    const c = cloneJson(v);
    c.kvs[0]!.value = 'changed';
    c.kvs.push({ key: 'l', value: '' });
    c.header.revision = 4;
    expect(v).toEqual({ kvs: [{ key: 'k', value: '{"a":1}' }], header: { revision: 3 } });
  });
});
