/**
 * Field selectors (k8s.io/apimachinery/pkg/fields): `field=value`,
 * `field==value`, `field!=value` terms joined by commas, with `\`, `,` and
 * `=` escaped by a backslash in values, and the field labels a resource
 * supports (runtime.Scheme's field label conversion).
 */
import type { FieldOperator, FieldRequirement, FieldSelector, Parsed } from './types';

/** splitTerms splits on commas that are not escaped. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS: FieldOperator[] = ['!=', '==', '='];

/** splitTerm finds the first operator in term (trying != before == before =). */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** escapeValue is fields.EscapeValue: `\`, `,` and `=` get a backslash. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** unescapeValue is fields.UnescapeValue; errors are upstream's texts. */
function unescapeValue(s: string): { value: string } | { error: string } {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') return { error: `invalid field selector: invalid escape sequence: \\${c}` };
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Go prints the rune with %v: its code point.
    else if (c === ',' || c === '=') return { error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    else out += c;
  }
  if (inSlash) return { error: 'invalid field selector: invalid escape sequence: \\' };
  return { value: out };
}

function termString(r: FieldRequirement): string {
  return `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeValue(r.value)}`;
}

/** fieldSelectorOf makes a FieldSelector of requirements (kept in the given order). */
export function fieldSelectorOf(reqs: FieldRequirement[]): FieldSelector {
  return {
    requirements: reqs,
    matches: (fields) => {
      for (const r of reqs) {
        const have = fields[r.field] ?? '';
        if (r.operator === '!=' ? have === r.value : have !== r.value) return false;
      }
      return true;
    },
    empty: () => reqs.length === 0,
    requiresExactMatch: (field) => {
      for (const r of reqs) if (r.field === field && r.operator !== '!=') return r.value;
      return undefined;
    },
    toString: () => reqs.map(termString).join(','),
  };
}

/** everythingFields selects every object. */
export const everythingFields: FieldSelector = fieldSelectorOf([]);

/** META_FIELDS are the field labels every resource supports. */
export const META_FIELDS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/**
 * parseFieldSelector is fields.ParseSelector followed by the resource's field
 * label check. Without `supported`, only metadata.name and metadata.namespace
 * are known and others fail with the generic text (`"spec.foo" is not a known
 * field selector: only "metadata.name", "metadata.namespace"`); with it
 * (resources with their own fields, as pods' conversion func), an unknown
 * label fails with `field label not supported: spec.foo`.
 */
export function parseFieldSelector(text: string, supported?: (field: string) => boolean): Parsed<FieldSelector> {
  const parts = splitTerms(text).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    const [field, operator, rhs] = split;
    const value = unescapeValue(rhs);
    if ('error' in value) return { ok: false, error: value.error };
    if (!META_FIELDS.includes(field)) {
      if (!supported) return { ok: false, error: `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"` };
      if (!supported(field)) return { ok: false, error: `field label not supported: ${field}` };
    }
    reqs.push({ field, operator, value: value.value });
  }
  return { ok: true, selector: fieldSelectorOf(reqs) };
}
