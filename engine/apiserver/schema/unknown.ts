/**
 * unknown finds what Go's strict decoding of a built-in type reports: the
 * fields the type does not declare (`unknown field "spec.replica"`) and the
 * keys a JSON object repeats (`duplicate field "spec.paused"`), with their
 * paths. Two ways in, as upstream has two:
 * - strictJsonProblems scans a request body's JSON text against the schema,
 *   reporting both kinds in document order (json.Unmarshal's order);
 * - unknownFieldPaths walks a decoded object (a patched object, a YAML
 *   body), keys in sorted order, as Go decodes a map it re-encoded.
 * Built-in types are never pruned: the caller only reports these.
 */
import { STRUCTURE } from './structure.gen';
import type { Definitions, StructSchema } from './types';

/** Step is one step of a path: an object key, or an array index (with the item, for keyed path forms). */
export type Step = { key: string } | { index: number; item: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolve(s: StructSchema | undefined, defs: Definitions): StructSchema | undefined {
  let guard = 0;
  while (s?.ref) {
    s = defs[s.ref];
    // Refs chain through aliases only; a cycle would be a generator bug.
    if (++guard > 16) return undefined;
  }
  return s;
}

/**
 * unknownFieldPaths walks value against definition and returns the path of
 * every field the schema does not declare, visiting each object's keys in
 * sorted order. Values whose type does not match the schema (a string where
 * an object is expected) are not descended into: type errors are another
 * check's.
 */
export function unknownFieldPaths(value: unknown, definition: string, defs: Definitions = STRUCTURE): Step[][] {
  const out: Step[][] = [];
  // One path, pushed and popped as the walk goes; copied only for a report (this runs on every patch).
  const path: Step[] = [];
  const walk = (v: unknown, schema: StructSchema | undefined) => {
    const s = resolve(schema, defs);
    if (!s) return;
    if (Array.isArray(v)) {
      if (!s.items) return;
      for (let index = 0; index < v.length; index++) {
        path.push({ index, item: v[index] });
        walk(v[index], s.items);
        path.pop();
      }
      return;
    }
    if (!isObject(v)) return;
    const props = s.properties;
    const values = props ? undefined : s.additionalProperties;
    if (!props && !values) return;
    for (const key of Object.keys(v).sort()) {
      const child = props ? props[key] : values;
      path.push({ key });
      if (child) walk(v[key], child);
      else out.push(path.slice());
      path.pop();
    }
  };
  walk(value, { ref: definition });
  return out;
}

/** jsonPath writes a path as Go's strict JSON decoder does: `spec.containers[0].imagePullPolicyy`. */
export function jsonPath(path: Step[]): string {
  let s = '';
  for (const step of path) {
    if ('key' in step) s += s === '' ? step.key : `.${step.key}`;
    else s += `[${step.index}]`;
  }
  return s;
}

/**
 * smdPath writes a path as structured-merge-diff does for server-side apply:
 * a leading dot per field, list items by their name key where they have one
 * (`.spec.containers[name="web"].foo`), else by index.
 */
export function smdPath(path: Step[]): string {
  let s = '';
  for (const step of path) {
    if ('key' in step) s += `.${step.key}`;
    else if (isObject(step.item) && typeof step.item.name === 'string') s += `[name=${JSON.stringify(step.item.name)}]`;
    else s += `[${step.index}]`;
  }
  return s;
}

/** MAX_PROBLEMS bounds the errors one decode reports (sigs.k8s.io/json keeps 100). */
export const MAX_PROBLEMS = 100;

/**
 * Mode is what the scanner checks in a value: against a schema (unknown
 * and repeated fields), ANY (repeated keys only: a map[string]interface{}),
 * or SKIP (nothing: an unknown field's value, raw JSON a type keeps as is).
 */
type Mode = StructSchema | 'any' | 'skip';

/**
 * strictJsonProblems scans JSON text as Go's strict json.Unmarshal into the
 * definition's type reports it, in document order: `unknown field "a.b"`
 * for a key the type does not declare (its value is not looked into) and
 * `duplicate field "a.b"` for a declared key given twice; each text once.
 * Without a definition only repeated keys are reported (decoding into a
 * map, as a patch is). Text that is not valid JSON yields what was found
 * before the error: the caller's parse reports the error itself.
 */
export function strictJsonProblems(text: string, definition?: string, defs: Definitions = STRUCTURE): string[] {
  const out: string[] = [];
  const seenText = new Set<string>();
  const report = (kind: 'unknown' | 'duplicate') => {
    const msg = `${kind} field ${JSON.stringify(pathText())}`;
    // Deduplicated and bounded, as the decoder's saved strict errors are.
    if (!seenText.has(msg) && out.length < MAX_PROBLEMS) {
      seenText.add(msg);
      out.push(msg);
    }
  };
  // The path as keys and indexes, turned into text only for a report.
  const path: Array<string | number> = [];
  const pathText = () => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s === '' ? p : `${s}.${p}`), '');
  let i = 0;
  // Char codes and plain slices, not one-char strings or a parse per key: this scans every write's body.
  const anyEscape = text.indexOf('\\') >= 0;
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const str = (): string => {
    const start = ++i;
    let end = text.indexOf('"', start);
    if (anyEscape)
      for (;;) {
        let slashes = 0;
        while (end > 0 && text.charCodeAt(end - 1 - slashes) === 92) slashes++;
        if (end < 0 || slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
    if (end < 0) throw new Error('unterminated string');
    i = end + 1;
    const raw = text.slice(start, end);
    return anyEscape && raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const value = (mode: Mode): void => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      i++;
      let props: Record<string, StructSchema> | undefined;
      let values: Mode = mode === 'any' || mode === 'skip' ? mode : 'skip';
      if (typeof mode === 'object') {
        const s = resolve(mode, defs);
        if (s?.properties) props = s.properties;
        else if (s?.additionalProperties) values = s.additionalProperties;
      }
      const seen: string[] = [];
      ws();
      if (text.charCodeAt(i) === 125) return void i++;
      while (i < text.length) {
        ws();
        if (text.charCodeAt(i) !== 34) throw new Error('bad key');
        const key = str();
        path.push(key);
        let child: Mode = values;
        if (props) {
          const p = props[key];
          if (p) child = p;
          else {
            report('unknown');
            child = 'skip';
          }
        }
        // A declared key or a map's key given twice; an unknown one is reported as unknown only, as upstream does.
        if (child !== 'skip') {
          if (seen.includes(key)) report('duplicate');
          else seen.push(key);
        }
        ws();
        if (text.charCodeAt(i) !== 58) throw new Error('bad colon');
        i++;
        value(child);
        path.pop();
        ws();
        const d = text.charCodeAt(i++);
        if (d === 125) return;
        if (d !== 44) throw new Error('bad object');
      }
    } else if (c === 91 /* [ */) {
      i++;
      let items: Mode = mode === 'any' || mode === 'skip' ? mode : 'skip';
      if (typeof mode === 'object') {
        const s = resolve(mode, defs);
        if (s?.items) items = s.items;
      }
      ws();
      if (text.charCodeAt(i) === 93) return void i++;
      for (let index = 0; i < text.length; index++) {
        path.push(index);
        value(items);
        path.pop();
        ws();
        const d = text.charCodeAt(i++);
        if (d === 93) return;
        if (d !== 44) throw new Error('bad array');
      }
    } else if (c === 34) {
      str();
    } else {
      for (let d = c; i < text.length && d !== 44 && d !== 125 && d !== 93 && d !== 32 && d !== 10 && d !== 13 && d !== 9; d = text.charCodeAt(++i));
    }
  };
  try {
    value(definition ? { ref: definition } : 'any');
  } catch {
    // Malformed JSON: the caller's JSON.parse answers it.
  }
  return out;
}

/**
 * jsonPatchOpProblems checks a JSON patch's operations as upstream decodes
 * them (into a struct of op, path, from, value): `json patch unknown field
 * "[0].foo"` and `json patch duplicate field "[1].path"`.
 */
export function jsonPatchOpProblems(text: string): string[] {
  const op: StructSchema = { type: 'object', properties: { op: { type: 'string' }, path: { type: 'string' }, from: { type: 'string' }, value: { type: 'object' } } };
  return strictJsonProblems(text, 'op', { op: { type: 'array', items: op } }).map((p) => `json patch ${p}`);
}
