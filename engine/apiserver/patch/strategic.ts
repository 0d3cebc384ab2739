/**
 * Strategic merge patch (`application/strategic-merge-patch+json`, what
 * `kubectl patch` and `kubectl apply` send by default) for the common
 * fields: maps merge as in a merge patch, but lists the API marks
 * `patchStrategy: merge` merge element by element on their merge key
 * (containers by name, container ports by containerPort, …) instead of being
 * replaced. Directives: `$patch: delete` on a list element or map,
 * `$patch: replace`, `$deleteFromPrimitiveList/<field>`; `$setElementOrder/`
 * and `$retainKeys` are accepted and ignored.
 */
import { isPlainObject } from '../object';

type Json = Record<string, unknown>;

/**
 * MERGE_KEYS are the merge keys of patchStrategy=merge lists, by the list's
 * field name and, where one name has two meanings, the enclosing field.
 */
const MERGE_KEYS: Record<string, string | ((path: string[]) => string | undefined)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
  // Node status addresses merge by type.
  addresses: (path) => (path.length === 2 && path[0] === 'status' ? 'type' : undefined),
  // Container ports merge by containerPort, a Service's by port.
  ports: (path) => (path.includes('containers') || path.includes('initContainers') ? 'containerPort' : path.join('.') === 'spec.ports' ? 'port' : undefined),
};

/** PRIMITIVE_MERGE_LISTS are lists of scalars with patchStrategy=merge (union, not replace). */
const PRIMITIVE_MERGE_LISTS = new Set(['finalizers']);

function mergeKeyFor(path: string[]): string | undefined {
  const entry = MERGE_KEYS[path[path.length - 1]];
  return typeof entry === 'function' ? entry(path) : entry;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

/** strategicMergePatch returns original patched; neither argument is changed. */
export function strategicMergePatch(original: unknown, patch: unknown): unknown {
  return mergeValue(original, patch, []);
}

function mergeValue(original: unknown, patch: unknown, path: string[]): unknown {
  if (!isPlainObject(patch)) return stripDirectives(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: Json = isPlainObject(original) ? JSON.parse(JSON.stringify(original)) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(value) ? value : [];
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !drop.includes(x));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const fieldPath = [...path, key];
    if (Array.isArray(value)) {
      const mergeKey = mergeKeyFor(fieldPath);
      if (mergeKey) out[key] = mergeList(out[key], value, mergeKey, fieldPath);
      else if (PRIMITIVE_MERGE_LISTS.has(key)) {
        const merged = Array.isArray(out[key]) ? [...(out[key] as unknown[])] : [];
        for (const x of value) if (!merged.includes(x)) merged.push(x);
        out[key] = merged;
      } else out[key] = stripDirectives(value);
      continue;
    }
    const merged = mergeValue(out[key], value, fieldPath);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function mergeList(original: unknown, patch: unknown[], mergeKey: string, path: string[]): unknown[] {
  const out: unknown[] = Array.isArray(original) ? JSON.parse(JSON.stringify(original)) : [];
  // `$patch: replace` as a list element replaces the whole list with the other elements.
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace'))
    return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')).map(stripDirectives);
  for (const p of patch) {
    if (!isPlainObject(p)) {
      out.push(p);
      continue;
    }
    const idx = out.findIndex((o) => isPlainObject(o) && o[mergeKey] === p[mergeKey]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = mergeValue(out[idx], p, path);
    else out.push(stripDirectives(p));
  }
  return out;
}
