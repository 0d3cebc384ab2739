/**
 * How storage turns etcd key-values into API objects and back, and the
 * selection helpers (storage.SelectionPredicate, the default AttrFunc).
 * Objects are stored as JSON without metadata.resourceVersion (upstream's
 * versioner clears it before writing); on the way out it is set to the
 * key-value's mod_revision.
 */
import type { KeyValue } from '../../etcd/mvcc/types';
import type { Attrs, AttrFunc, KubeObject, SelectionPredicate } from './types';

/** withResourceVersion is a shallow copy of obj whose metadata.resourceVersion is rv. */
export function withResourceVersion(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

/** decodeKv parses a stored object and stamps it with the revision rv (default: the kv's mod_revision). */
export function decodeKv(kv: KeyValue, rv: number = kv.mod_revision): KubeObject {
  return parseStored(kv.value, rv);
}

/** parseStored parses a stored value into a fresh object stamped with rv. */
export function parseStored(value: string, rv: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  setResourceVersion(obj, rv);
  return obj;
}

/** setResourceVersion stamps obj (which the caller owns) with rv in place. */
export function setResourceVersion(obj: KubeObject, rv: number): void {
  if (obj.metadata) (obj.metadata as { resourceVersion?: string }).resourceVersion = String(rv);
  else obj.metadata = { resourceVersion: String(rv) };
}

/** encodeObject is the stored form of obj: its JSON without metadata.resourceVersion. */
export function encodeObject(obj: KubeObject): string {
  const meta = obj.metadata;
  if (!meta || meta.resourceVersion === undefined) return JSON.stringify(obj);
  return JSON.stringify({ ...obj, metadata: { ...meta, resourceVersion: undefined } });
}

/** resourceVersionOf is the object's metadata.resourceVersion as a number (0 when unset). */
export function resourceVersionOf(obj: KubeObject): number {
  const rv = obj.metadata?.resourceVersion;
  return rv ? Number(rv) : 0;
}

/** nameOfKey is the last segment of a key: the object's name in error messages. */
export function nameOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** defaultAttrs is storage.DefaultNamespaceScopedAttr / DefaultClusterScopedAttr. */
export function defaultAttrs(namespaced: boolean): AttrFunc {
  return namespaced
    ? (obj) => ({
        labels: obj.metadata?.labels ?? NO_LABELS,
        fields: { 'metadata.name': obj.metadata?.name ?? '', 'metadata.namespace': obj.metadata?.namespace ?? '' },
      })
    : (obj) => ({ labels: obj.metadata?.labels ?? NO_LABELS, fields: { 'metadata.name': obj.metadata?.name ?? '' } });
}

/** predicateEmpty is true when the predicate selects everything (SelectionPredicate.Empty). */
export function predicateEmpty(p: SelectionPredicate | undefined): boolean {
  return !p || ((!p.label || p.label.empty()) && (!p.field || p.field.empty()));
}

/** predicateMatches applies the predicate to attrs. */
export function predicateMatches(p: SelectionPredicate | undefined, attrs: Attrs): boolean {
  if (!p) return true;
  if (p.label && !p.label.matches(attrs.labels)) return false;
  if (p.field && !p.field.matches(attrs.fields)) return false;
  return true;
}

/** keyMatches: a key "…/" selects everything under it, any other key only itself. */
export function keyMatches(prefixOrKey: string, key: string): boolean {
  return prefixOrKey.endsWith('/') ? key.startsWith(prefixOrKey) : key === prefixOrKey;
}
