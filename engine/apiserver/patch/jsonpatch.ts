/**
 * JSON Patch (RFC 6902), `application/json-patch+json`: a list of add,
 * remove, replace, move, copy and test operations on JSON Pointers
 * (RFC 6901). Errors are JsonPatchError: `decode` for a malformed patch (the
 * API server answers 400), `apply` for an operation that does not apply
 * (422), with texts after evanphx/json-patch's.
 */
import { deepEqual, isPlainObject } from '../object';

export class JsonPatchError extends Error {
  constructor(
    readonly phase: 'decode' | 'apply',
    message: string,
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** parsePointer splits a JSON Pointer into unescaped tokens ("/a~1b/0" → ["a/b", "0"]). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError('apply', `JSON pointer must be empty or start with a "/": ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** decodePatch checks a patch document's shape. */
export function decodePatch(doc: unknown): Operation[] {
  if (!Array.isArray(doc)) throw new JsonPatchError('decode', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return doc.map((op) => {
    if (!isPlainObject(op) || typeof op.op !== 'string') throw new JsonPatchError('decode', 'json: cannot unmarshal into Go value of type jsonpatch.Operation');
    return op as unknown as Operation;
  });
}

type Container = Record<string, unknown> | unknown[];

/** locate finds the parent container of a pointer and the last token. */
function locate(doc: unknown, tokens: string[], op: string, path: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined || cur === null) throw new JsonPatchError('apply', `${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  }
  if (!Array.isArray(cur) && !isPlainObject(cur)) throw new JsonPatchError('apply', `${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function arrayIndex(arr: unknown[], key: string, forInsert: boolean, op: string, path: string): number {
  if (forInsert && key === '-') return arr.length;
  const i = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
  const max = forInsert ? arr.length : arr.length - 1;
  if (Number.isNaN(i) || i > max) throw new JsonPatchError('apply', `${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: Unable to access invalid index: ${key}: invalid index referenced`);
  return i;
}

function getAt(doc: unknown, path: string, op: string): unknown {
  let cur = doc;
  for (const t of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new JsonPatchError('apply', `${op} operation does not apply: doc is missing from path: ${JSON.stringify(path)}: missing value`);
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown, op = 'add'): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, op, path), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string, op = 'remove'): unknown {
  const tokens = parsePointer(path);
  const { parent, key } = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, op, path), 1);
  else {
    if (!(key in parent)) throw new JsonPatchError('apply', `Unable to remove nonexistent key: ${key}: missing value`);
    delete parent[key];
  }
  return doc;
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, 'replace', path);
  if (Array.isArray(parent)) parent[arrayIndex(parent, key, false, 'replace', path)] = value;
  else {
    if (!(key in parent)) throw new JsonPatchError('apply', `replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = value;
  }
  return doc;
}

/** applyJsonPatch returns doc with the operations applied in order; doc is not changed. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  let out: unknown = JSON.parse(JSON.stringify(doc ?? null));
  for (const o of decodePatch(patch)) {
    if (typeof o.path !== 'string') throw new JsonPatchError('apply', `${o.op} operation does not apply: doc is missing path: "": missing value`);
    const value = o.value === undefined ? undefined : JSON.parse(JSON.stringify(o.value));
    switch (o.op) {
      case 'add':
        out = add(out, o.path, value);
        break;
      case 'remove':
        out = remove(out, o.path);
        break;
      case 'replace':
        out = replace(out, o.path, value);
        break;
      case 'move': {
        const v = getAt(out, o.from ?? '', 'move');
        out = remove(out, o.from ?? '', 'move');
        out = add(out, o.path, v, 'move');
        break;
      }
      case 'copy':
        out = add(out, o.path, JSON.parse(JSON.stringify(getAt(out, o.from ?? '', 'copy'))), 'copy');
        break;
      case 'test': {
        let cur: unknown;
        try {
          cur = getAt(out, o.path, 'test');
        } catch {
          cur = undefined;
        }
        if (!deepEqual(cur, value ?? null)) throw new JsonPatchError('apply', `testing value ${o.path} failed: test failed`);
        break;
      }
      default:
        throw new JsonPatchError('apply', `Unexpected kind: ${o.op}`);
    }
  }
  return out;
}
