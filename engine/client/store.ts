/**
 * Object keys, as k8s.io/client-go/tools/cache's store.go computes them, and
 * the tombstone a deletion carries when the informer missed the object's
 * final state.
 */
import type { KubeObject } from './types';

/** KeyFunc maps an object to the key a store files it under; it throws on an object it cannot key. */
export type KeyFunc = (obj: unknown) => string;

/**
 * DeletedFinalStateUnknown is what OnDelete receives when the informer learnt
 * of a deletion without seeing it (a relist no longer lists the object):
 * `obj` is the last state the cache held, possibly stale.
 */
export class DeletedFinalStateUnknown<T = KubeObject> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** ExplicitKey is a key used as an object: its own key (what a work queue carries). */
export type ExplicitKey = string;

/**
 * metaNamespaceKeyFunc is MetaNamespaceKeyFunc: "namespace/name" for a
 * namespaced object, "name" for a cluster-scoped one; a string is its own key.
 */
export const metaNamespaceKeyFunc: KeyFunc = (obj) => {
  if (typeof obj === 'string') return obj;
  const meta = (obj as KubeObject | null | undefined)?.metadata;
  if (!meta || typeof meta !== 'object') throw new Error(`object has no meta: ${describe(obj)}`);
  const name = meta.name ?? '';
  const namespace = meta.namespace;
  if (!namespace) return name;
  // Informers of one server share its objects: one key string per object
  // (hashed once) serves them all. The key is rechecked against the names,
  // so an object whose metadata changed is keyed afresh.
  const seen = keyCache.get(meta);
  if (seen !== undefined && seen.name === name && seen.namespace === namespace) return seen.key;
  const key = `${namespace}/${name}`;
  keyCache.set(meta, { namespace, name, key });
  return key;
};

const keyCache = new WeakMap<object, { namespace: string; name: string; key: string }>();

/**
 * deletionHandlingMetaNamespaceKeyFunc is DeletionHandlingMetaNamespaceKeyFunc:
 * a tombstone is keyed by the key it carries, anything else as metaNamespaceKeyFunc.
 */
export const deletionHandlingMetaNamespaceKeyFunc: KeyFunc = (obj) =>
  obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj);

/**
 * splitMetaNamespaceKey is SplitMetaNamespaceKey: "ns/name" → [ns, name],
 * "name" → ["", name]; a key with more than one "/" is an error.
 */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: parts[0] };
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  throw new Error(`unexpected key format: "${key}"`);
}

function describe(obj: unknown): string {
  try {
    return JSON.stringify(obj) ?? String(obj);
  } catch {
    return String(obj);
  }
}
