/**
 * fields computes the FieldSet an object sets, as server-side apply sees the
 * built-in types: lists are associative (x-kubernetes-list-type: map, items
 * known by their x-kubernetes-list-map-keys), sets (finalizers) or atomic
 * (everything else: one value); maps of strings (labels, data, resources'
 * limits) are owned entry by entry and also as a whole; label selectors
 * are atomic structs. The tables below carry those schema facts for the
 * fields the built-in kinds use; an unlisted list is atomic, as upstream
 * treats a list without a list type.
 */
import { isPlainObject } from '../object';
import { FieldSet, type Path, type PathElement } from './fieldpath';

type Json = Record<string, unknown>;

/** LIST_MAP_KEYS are the x-kubernetes-list-map-keys of associative lists, by field name (and where needed, by what the items hold). */
const LIST_MAP_KEYS: Record<string, (items: unknown[]) => string[] | undefined> = {
  containers: () => ['name'],
  initContainers: () => ['name'],
  ephemeralContainers: () => ['name'],
  volumes: () => ['name'],
  env: () => ['name'],
  imagePullSecrets: () => ['name'],
  volumeMounts: () => ['mountPath'],
  volumeDevices: () => ['devicePath'],
  hostAliases: () => ['ip'],
  ownerReferences: () => ['uid'],
  conditions: () => ['type'],
  resourceClaims: () => ['name'],
  topologySpreadConstraints: () => ['topologyKey', 'whenUnsatisfiable'],
  // A container's ports are keyed by containerPort and protocol, a Service's by port and protocol.
  ports: (items) => (items.some((i) => isPlainObject(i) && 'containerPort' in i) ? ['containerPort', 'protocol'] : items.some((i) => isPlainObject(i) && 'port' in i) ? ['port', 'protocol'] : undefined),
};

/** KEY_DEFAULTS are list-map key fields' defaults, used when an item leaves them out. */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

/** SET_LISTS are x-kubernetes-list-type: set lists. */
const SET_LISTS = new Set(['finalizers']);

/** GRANULAR_MAPS are map[string]… fields: each entry is owned, and the map itself. */
const GRANULAR_MAPS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'nodeSelector', 'limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'parameters']);

/** SELECTOR_FIELDS hold a metav1.LabelSelector (atomic) — or, for a Service's spec.selector, a map of strings. */
const SELECTOR_FIELDS = new Set(['selector', 'podSelector', 'namespaceSelector', 'objectSelector', 'labelSelector']);

function isLabelSelector(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).every((k) => k === 'matchLabels' || k === 'matchExpressions');
}

/** mapKeysFor says how a list at this field is keyed (undefined: atomic). */
export function mapKeysFor(field: string, items: unknown[]): string[] | undefined {
  const rule = Object.hasOwn(LIST_MAP_KEYS, field) ? LIST_MAP_KEYS[field] : undefined;
  return rule !== undefined && items.every(isPlainObject) ? rule(items) : undefined;
}

/** itemKey is an associative list item's key, with defaulted key fields filled in. */
export function itemKey(item: Json, keys: string[]): Record<string, unknown> {
  const k: Record<string, unknown> = {};
  for (const f of keys) {
    const v = item[f] ?? KEY_DEFAULTS[f];
    if (v !== undefined) k[f] = v;
  }
  return k;
}

/** isGranularMap says whether a field's object value is a map owned entry by entry (as opposed to a struct). */
function isGranularMap(field: string, value: unknown, path: Path): boolean {
  if (GRANULAR_MAPS.has(field)) return true;
  // A Service's spec.selector is a map of strings; elsewhere "selector" is a LabelSelector.
  return field === 'selector' && path.length === 2 && !isLabelSelector(value);
}

/** isAtomic says whether a field's value is owned as one leaf. */
function isAtomic(field: string, value: unknown): boolean {
  return SELECTOR_FIELDS.has(field) && isLabelSelector(value);
}

/**
 * fieldSetOf is the set an object sets: every leaf, each associative list
 * item, and each granular map. `skip` names top-level fields left out
 * (identity metadata, and status for the main resource of a kind with a
 * status subresource).
 */
export function fieldSetOf(obj: unknown, opts: { status: 'skip' | 'only' | 'include' } = { status: 'include' }): FieldSet {
  const set = new FieldSet();
  if (!isPlainObject(obj)) return set;
  const walkValue = (field: string, value: unknown, path: Path) => {
    if (Array.isArray(value)) {
      const keys = mapKeysFor(field, value);
      if (keys) {
        for (const item of value as Json[]) {
          const itemPath: Path = [...path, { key: itemKey(item, keys) }];
          set.add(itemPath);
          walkObject(item, itemPath);
        }
      } else if (SET_LISTS.has(field)) for (const v of value) set.add([...path, { value: v }]);
      else set.add(path);
      return;
    }
    if (isPlainObject(value) && !isAtomic(field, value)) {
      if (isGranularMap(field, value, path)) {
        set.add(path);
        for (const [k, v] of Object.entries(value)) set.add([...path, { field: k }]);
        return;
      }
      // An empty struct is still set: own it as a leaf.
      if (Object.keys(value).length === 0) set.add(path);
      else walkObject(value, path);
      return;
    }
    set.add(path);
  };
  const walkObject = (o: Json, path: Path) => {
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) walkValue(k, v, [...path, { field: k }]);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || v === undefined || v === null) continue;
    if (k === 'status' ? opts.status === 'skip' : opts.status === 'only') continue;
    if (k === 'metadata' && isPlainObject(v)) {
      for (const mk of ['labels', 'annotations', 'finalizers', 'ownerReferences']) if (v[mk] !== undefined && v[mk] !== null) walkValue(mk, v[mk], [{ field: 'metadata' }, { field: mk }]);
      continue;
    }
    walkValue(k, v, [{ field: k }]);
  }
  return set;
}

/** NOT_FOUND marks a path that leads nowhere in an object. */
export const NOT_FOUND = Symbol('not found');

/** stepInto follows one path element from a value (NOT_FOUND when there is nothing there). */
function stepInto(v: unknown, el: PathElement): unknown {
  if ('field' in el) return isPlainObject(v) && el.field in v ? v[el.field] : NOT_FOUND;
  if (!Array.isArray(v)) return NOT_FOUND;
  if ('index' in el) return el.index < v.length ? v[el.index] : NOT_FOUND;
  if ('value' in el) return v.some((x) => JSON.stringify(x) === JSON.stringify(el.value)) ? el.value : NOT_FOUND;
  const keys = Object.keys(el.key);
  const found = v.find((item) => isPlainObject(item) && JSON.stringify(itemKey(item, keys)) === JSON.stringify(itemKey(el.key as Json, keys)));
  return found === undefined ? NOT_FOUND : found;
}

/** valueAt is the value a path leads to in obj, or NOT_FOUND. */
export function valueAt(obj: unknown, path: Path): unknown {
  let v = obj;
  for (const el of path) {
    v = stepInto(v, el);
    if (v === NOT_FOUND) return NOT_FOUND;
  }
  return v;
}

/** removeAt deletes what a path leads to from obj (in place): a field, a list item, a set value. */
export function removeAt(obj: unknown, path: Path): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1];
  if ('field' in last) {
    if (isPlainObject(parent)) delete parent[last.field];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = stepInto(parent, last);
  if (target === NOT_FOUND) return;
  const i = 'value' in last ? parent.findIndex((x) => JSON.stringify(x) === JSON.stringify(last.value)) : parent.indexOf(target);
  if (i >= 0) parent.splice(i, 1);
}

/**
 * isLeafAt says whether a member path of a FieldSet names a value (a scalar,
 * an atomic list or struct) rather than a node whose entries are owned one
 * by one (an associative list item, a granular map): only values conflict.
 */
export function isLeafAt(path: Path, value: unknown): boolean {
  const last = path[path.length - 1];
  if (!last || 'key' in last) return false;
  if (!('field' in last) || !isPlainObject(value) || Object.keys(value).length === 0) return true;
  return isAtomic(last.field, value) || !isGranularMap(last.field, value, path);
}
