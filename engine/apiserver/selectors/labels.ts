/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): the `-l` / labelSelector
 * syntax, with upstream's lexer rules and error texts, and metav1.LabelSelector
 * (matchLabels / matchExpressions) turned into the same selector.
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import type { LabelOperator, LabelSelector, Parsed, Requirement } from './types';
import { isQualifiedName, isValidLabelValue } from './validation';

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(' | 'id';

const KEYWORDS: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => c === '=' || c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<';

interface Item {
  tok: Tok;
  lit: string;
}

/** lex splits s into tokens as labels.Lexer does: identifiers run until a special symbol or whitespace. */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest operator that is a prefix of the run of special symbols.
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        const tok = KEYWORDS[buffer];
        if (tok) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) pos++;
    const word = s.slice(start, pos);
    items.push({ tok: KEYWORDS[word] ?? 'id', lit: word });
  }
}

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

class ParseError {
  constructor(readonly message: string) {}
}

/** goStrings is Go's %#v of a []string, as NewRequirement's errors print values. */
function goStrings(vals: readonly string[]): string {
  return vals.length === 0 ? '[]string(nil)' : `[]string{${vals.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/**
 * newRequirement is labels.NewRequirement: it checks the key, the values and
 * their count for the operator, and returns the requirement or the aggregated
 * field errors. `path` prefixes field paths as field.WithPath does ("" = none).
 */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[], path = ''): Requirement | ParseError {
  const errs: string[] = [];
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(`${child('key')}: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  const valuesPath = child('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`${valuesPath}: Invalid value: ${goStrings(values)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`${valuesPath}: Invalid value: ${goStrings(values)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`${valuesPath}: Invalid value: ${goStrings(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`${valuesPath}: Invalid value: ${goStrings(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(`${valuesPath}[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(`${valuesPath}[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join('; ')}`);
  });
  if (errs.length) {
    const unique = [...new Set(errs)];
    return new ParseError(unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`);
  }
  return { key, operator, values: [...values] };
}

/** requirementMatches is Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1 || !/^[+-]?\d+$/.test(labels[r.key])) return false;
      const have = Number(labels[r.key]);
      const want = Number(r.values[0]);
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** requirementString is Requirement.String: `!a`, `a`, `a=b`, `a in (x,y)` (values sorted). */
export function requirementString(r: Requirement): string {
  const values = r.values.length > 1 ? [...r.values].sort().join(',') : (r.values[0] ?? '');
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** selectorOf makes a LabelSelector of requirements, sorted by key as upstream keeps them. */
export function selectorOf(requirements: Requirement[]): LabelSelector {
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: reqs,
    matches: (labels) => {
      for (const r of reqs) if (!requirementMatches(r, labels)) return false;
      return true;
    },
    empty: () => reqs.length === 0,
    toString: () => reqs.map(requirementString).join(','),
  };
}

/** everything is the selector that matches every object (labels.Everything). */
export const everything: LabelSelector = selectorOf([]);

/** nothing matches no object (labels.Nothing): a nil metav1.LabelSelector. */
export const nothing: LabelSelector = {
  requirements: [],
  matches: () => false,
  empty: () => false,
  toString: () => '',
};

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** look / take read the next token; in a values context "in" and "notin" are identifiers. */
  private look(values: boolean): Item {
    return this.view(this.items[this.position], values);
  }

  private take(values: boolean): Item {
    return this.view(this.items[this.position++], values);
  }

  private view(item: Item, values: boolean): Item {
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'id', lit: item.lit } : item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      let r: Requirement;
      try {
        r = this.requirement();
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      reqs.push(r);
      const next = this.take(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.look(true);
      if (after.tok !== 'id' && after.tok !== '!') throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let op: LabelOperator | undefined;
    let item = this.take(true);
    if (item.tok === '!') {
      op = '!';
      item = this.take(true);
    }
    if (item.tok !== 'id') throw new ParseError(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new ParseError(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    const after = this.look(true).tok;
    if (after === 'eos' || after === ',') op = op ?? 'exists';
    if (op === 'exists' || op === '!') return this.checked(key, op, []);

    const opItem = this.take(false);
    const OPS: Partial<Record<Tok, LabelOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const operator = OPS[opItem.tok];
    if (!operator) throw new ParseError(`found '${opItem.lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue();
    return this.checked(key, operator, [...values].sort());
  }

  private checked(key: string, op: LabelOperator, values: string[]): Requirement {
    const r = newRequirement(key, op, values);
    if (r instanceof ParseError) throw r;
    return r;
  }

  private setValues(): Set<string> {
    const open = this.take(true);
    if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.look(true);
    if (tok === ')') {
      this.take(true);
      return new Set(['']);
    }
    if (tok !== 'id' && tok !== ',') throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
    const s = this.identifiers();
    if (this.take(true).tok !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
    return s;
  }

  /** identifiers parses a comma-separated list in which empty entries are the empty value. */
  private identifiers(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const item = this.take(true);
      if (item.tok === 'id') {
        s.add(item.lit);
        const next = this.look(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return s;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (item.tok === ',') {
        if (s.size === 0) s.add('');
        const next = this.look(true).tok;
        if (next === ')') {
          s.add('');
          return s;
        }
        if (next === ',') s.add('');
        continue;
      }
      throw new ParseError(`found '${item.lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): Set<string> {
    const next = this.look(true).tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const item = this.take(true);
    if (item.tok === 'id') return new Set([item.lit]);
    throw new ParseError(`found '${item.lit}', expected: identifier`);
  }
}

/** parseLabelSelector parses labels.Parse syntax: "" selects everything. */
export function parseLabelSelector(text: string): Parsed<LabelSelector> {
  try {
    return { ok: true, selector: selectorOf(new Parser(lex(text)).parse()) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/** selectorFromSet matches exactly the given labels (labels.SelectorFromSet), without validation. */
export function selectorFromSet(set: Readonly<Record<string, string>>): LabelSelector {
  return selectorOf(Object.keys(set).map((key) => ({ key, operator: '=' as const, values: [set[key]] })));
}

const META_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * labelSelectorFromMeta is metav1.LabelSelectorAsSelector: undefined/null
 * selects nothing, {} everything; matchLabels are `=` terms, matchExpressions
 * In / NotIn / Exists / DoesNotExist.
 */
export function labelSelectorFromMeta(ls: MetaLabelSelector | null | undefined): Parsed<LabelSelector> {
  if (ls == null) return { ok: true, selector: nothing };
  const labels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  if (Object.keys(labels).length === 0 && exprs.length === 0) return { ok: true, selector: everything };
  const reqs: Requirement[] = [];
  for (const key of Object.keys(labels)) {
    const r = newRequirement(key, '=', [labels[key]]);
    if (r instanceof ParseError) return { ok: false, error: r.message };
    reqs.push(r);
  }
  for (const expr of exprs) {
    const op = META_OPERATORS[expr.operator];
    if (!op) return { ok: false, error: `${JSON.stringify(expr.operator)} is not a valid label selector operator` };
    const r = newRequirement(expr.key, op, expr.values ?? []);
    if (r instanceof ParseError) return { ok: false, error: r.message };
    reqs.push(r);
  }
  return { ok: true, selector: selectorOf(reqs) };
}
