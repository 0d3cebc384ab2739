import { describe, expect, it } from 'vitest';
import { escapeValue, parseFieldSelector } from './fields';

const podFields = new Set(['spec.nodeName', 'status.phase']);
const podSupported = (f: string) => podFields.has(f);

function parse(text: string) {
  const p = parseFieldSelector(text, podSupported);
  if (!p.ok) throw new Error(p.error);
  return p.selector;
}

describe('parseFieldSelector', () => {
  it('matches =, == and != terms, all of them', () => {
    const s = parse('metadata.name=web,status.phase!=Failed,spec.nodeName==n1');
    expect(s.matches({ 'metadata.name': 'web', 'status.phase': 'Running', 'spec.nodeName': 'n1' })).toBe(true);
    expect(s.matches({ 'metadata.name': 'web', 'status.phase': 'Failed', 'spec.nodeName': 'n1' })).toBe(false);
    expect(s.requiresExactMatch('metadata.name')).toBe('web');
    expect(s.requiresExactMatch('status.phase')).toBeUndefined();
    // A missing field is the empty string, as fields.Set.Get gives.
    expect(parse('spec.nodeName=').matches({})).toBe(true);
    expect(parse('').empty()).toBe(true);
  });

  it('sorts its terms and prints them escaped', () => {
    expect(parse('status.phase=Running,metadata.name=a\\,b').toString()).toBe('metadata.name=a\\,b,status.phase=Running');
    expect(parse('metadata.name=a\\,b').matches({ 'metadata.name': 'a,b' })).toBe(true);
    expect(escapeValue('a=b\\c')).toBe('a\\=b\\\\c');
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['spec.foo=1', 'field label not supported: spec.foo'],
  ])('refuses %j: %s', (text, message) => {
    expect(parseFieldSelector(text, podSupported)).toEqual({ ok: false, error: message });
  });

  it('knows only metadata.name and metadata.namespace for resources without field labels of their own', () => {
    expect(parseFieldSelector('metadata.namespace=x').ok).toBe(true);
    expect(parseFieldSelector('spec.foo=1')).toEqual({
      ok: false,
      error: '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });
});
