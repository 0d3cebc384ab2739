import { describe, expect, it } from 'vitest';
import { labelSelectorFromMeta, parseLabelSelector, selectorFromSet } from './labels';

function parse(text: string) {
  const p = parseLabelSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.selector;
}

function errorOf(text: string): string {
  const p = parseLabelSelector(text);
  if (p.ok) throw new Error(`parsed: ${p.selector.toString()}`);
  return p.error;
}

describe('parseLabelSelector', () => {
  it.each([
    ['', {}, true],
    ['app=web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app==web', { app: 'web' }, true],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['app', { app: '' }, true],
    ['app', {}, false],
    ['!app', {}, true],
    ['!app', { app: 'x' }, false],
    ['env in (prod, staging)', { env: 'staging' }, true],
    ['env in (prod,staging)', { env: 'dev' }, false],
    ['env notin (prod)', {}, true],
    ['env notin (prod)', { env: 'prod' }, false],
    ['app=web,tier in (fe),!legacy', { app: 'web', tier: 'fe' }, true],
    ['app=web,tier in (fe),!legacy', { app: 'web', tier: 'fe', legacy: 'y' }, false],
    ['example.com/team=a', { 'example.com/team': 'a' }, true],
    ['x in (in)', { x: 'in' }, true],
    ['a=', { a: '' }, true],
    ['a>5', { a: '6' }, true],
    ['a<5', { a: '6' }, false],
    ['a in ()', { a: '' }, true],
  ])('%s on %j is %s', (text, labels, want) => {
    expect(parse(text).matches(labels)).toBe(want);
  });

  it('prints requirements sorted by key and values sorted, as labels.Selector.String does', () => {
    expect(parse('z=1, a in (y,x), !m, k').toString()).toBe('a in (x,y),k,!m,z=1');
    expect(parse('').empty()).toBe(true);
  });

  it.each([
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a=(b)', "unable to parse requirement: found '(', expected: identifier"],
    ['a foo b', "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt"],
  ])('refuses %j: %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('refuses invalid keys and values with the validation messages', () => {
    expect(errorOf('a_=b')).toBe(
      'unable to parse requirement: <nil>: Invalid value: "a_": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\', or \'my.name\', or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    );
    expect(errorOf('a=b_')).toBe(
      'unable to parse requirement: values[0][a]: Invalid value: "b_": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\', or \'my_value\', or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    );
    expect(errorOf(`a=${'x'.repeat(64)}`)).toMatch(/must be no more than 63 characters/);
  });
});

describe('labelSelectorFromMeta', () => {
  it('selects nothing for a missing selector and everything for an empty one', () => {
    const none = labelSelectorFromMeta(undefined);
    const all = labelSelectorFromMeta({});
    expect(none.ok && none.selector.matches({})).toBe(false);
    expect(all.ok && all.selector.matches({ any: 'thing' })).toBe(true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const p = labelSelectorFromMeta({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    if (!p.ok) throw new Error(p.error);
    expect(p.selector.toString()).toBe('app=web,env in (prod,staging),!legacy');
    expect(p.selector.matches({ app: 'web', env: 'prod' })).toBe(true);
    expect(p.selector.matches({ app: 'web', env: 'prod', legacy: '1' })).toBe(false);
  });

  it('refuses unknown operators and empty value sets', () => {
    expect(labelSelectorFromMeta({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toEqual({
      ok: false,
      error: '"Gt" is not a valid label selector operator',
    });
    expect(labelSelectorFromMeta({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
  });

  it('selectorFromSet matches exactly the set', () => {
    expect(selectorFromSet({ a: '1', b: '2' }).matches({ a: '1', b: '2', c: '3' })).toBe(true);
    expect(selectorFromSet({ a: '1' }).matches({ a: '2' })).toBe(false);
  });
});
