/**
 * fieldpath is structured-merge-diff's field paths and sets, for the kinds
 * of list the built-in types have: a path is a list of elements, each a
 * field name, the key of an item in an associative list (containers by
 * name), a value of a set list (finalizers), or an index (only for lists
 * the schema does not describe, which are atomic and so never entered).
 *
 * A FieldSet is what a manager owns, kept as the set of its paths' string
 * forms (".spec.replicas", ".spec.containers[name=\"web\"].image"), the very
 * text upstream's conflict messages print; it converts to and from the
 * FieldsV1 trie stored in metadata.managedFields ("f:spec", "k:{...}",
 * "v:...", "." for an item owned itself).
 */
import { isPlainObject } from '../object';

/** PathElement is one step of a path. */
export type PathElement = { field: string } | { key: Record<string, unknown> } | { value: unknown } | { index: number };

/** Path is a path from the object's root. */
export type Path = PathElement[];

type Json = Record<string, unknown>;

/** goQuote is Go's %q of a JSON value as fieldpath prints it (strings quoted, numbers bare). */
function valueText(v: unknown): string {
  return JSON.stringify(v);
}

/** sortedKey is a key object with its fields in name order (the FieldsV1 "k:" form sorts them). */
function sortedKey(key: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(key).sort()) out[k] = key[k];
  return out;
}

/** pathString is fieldpath.Path.String(): ".spec.replicas", "[name=\"web\"]", "[=\"x\"]", "[0]". */
export function pathString(path: Path): string {
  let s = '';
  for (const el of path) {
    if ('field' in el) s += `.${el.field}`;
    else if ('key' in el) {
      const k = sortedKey(el.key);
      s += `[${Object.keys(k).map((f) => `${f}=${valueText(k[f])}`).join(',')}]`;
    } else if ('value' in el) s += `[=${valueText(el.value)}]`;
    else s += `[${el.index}]`;
  }
  return s;
}

/** fieldsV1Key is a path element's key in a FieldsV1 trie. */
function fieldsV1Key(el: PathElement): string {
  if ('field' in el) return `f:${el.field}`;
  if ('key' in el) return `k:${JSON.stringify(sortedKey(el.key))}`;
  if ('value' in el) return `v:${JSON.stringify(el.value)}`;
  return `i:${el.index}`;
}

function parseFieldsV1Key(k: string): PathElement | undefined {
  const body = k.slice(2);
  try {
    if (k.startsWith('f:')) return { field: body };
    if (k.startsWith('k:')) return { key: JSON.parse(body) as Record<string, unknown> };
    if (k.startsWith('v:')) return { value: JSON.parse(body) };
    if (k.startsWith('i:')) return { index: Number(body) };
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * FieldSet is a set of owned paths. Members are stored by their string form,
 * with the parsed path beside it, so set operations are plain string ones.
 */
export class FieldSet {
  private readonly paths = new Map<string, Path>();

  static of(paths: Iterable<Path>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.add(p);
    return s;
  }

  add(path: Path): void {
    this.paths.set(pathString(path), path);
  }

  has(path: Path | string): boolean {
    return this.paths.has(typeof path === 'string' ? path : pathString(path));
  }

  get size(): number {
    return this.paths.size;
  }

  /** entries lists [string form, path] in the order added. */
  entries(): Array<[string, Path]> {
    return [...this.paths.entries()];
  }

  union(other: FieldSet): FieldSet {
    const out = FieldSet.of(this.paths.values());
    for (const p of other.paths.values()) out.add(p);
    return out;
  }

  difference(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths.entries()].filter(([k]) => !other.paths.has(k)).map(([, p]) => p));
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths.entries()].filter(([k]) => other.paths.has(k)).map(([, p]) => p));
  }

  /** toFieldsV1 is the trie stored in managedFields[].fieldsV1. */
  toFieldsV1(): Json {
    const root: Json = {};
    for (const path of this.paths.values()) {
      let node = root;
      for (const el of path) node = (node[fieldsV1Key(el)] ??= {}) as Json;
    }
    // An inner node that is itself a member is marked with ".".
    for (const path of this.paths.values()) {
      let node = root;
      for (const el of path) node = node[fieldsV1Key(el)] as Json;
      if (Object.keys(node).length > 0) node['.'] = {};
    }
    return root;
  }

  /** fromFieldsV1 reads a stored trie back (unknown keys are skipped). */
  static fromFieldsV1(trie: unknown): FieldSet {
    const out = new FieldSet();
    const walk = (node: unknown, prefix: Path) => {
      if (!isPlainObject(node)) return;
      const keys = Object.keys(node);
      if (prefix.length > 0 && (keys.length === 0 || keys.includes('.'))) out.add(prefix);
      for (const k of keys) {
        if (k === '.') continue;
        const el = parseFieldsV1Key(k);
        if (el) walk(node[k], [...prefix, el]);
      }
    };
    walk(trie, []);
    return out;
  }
}
