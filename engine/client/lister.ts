/**
 * Listers read an informer's cache the way generated listers do
 * (cache.ListAll, cache.ListAllByNamespace): by label selector, optionally
 * scoped to a namespace, never calling the API server. Objects returned are
 * the cache's own: callers must not mutate them.
 */
import { Indexer, NamespaceIndex } from './indexer';
import type { KubeObject } from './types';

/**
 * LabelMatcher is a label selector as a predicate on an object's labels
 * (labels.Selector.Matches), so this package need not parse selectors.
 */
export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

/** everything matches every object (labels.Everything()). */
export const everything: LabelMatcher = () => true;

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** listAll is cache.ListAll: the cache's objects whose labels match. */
export function listAll<T extends KubeObject>(indexer: Indexer<T>, selector: LabelMatcher = everything): T[] {
  const all = indexer.list();
  return selector === everything ? all : all.filter((o) => selector(o.metadata?.labels ?? NO_LABELS));
}

/**
 * listAllByNamespace is cache.ListAllByNamespace: namespace "" means all
 * namespaces; otherwise the namespace index answers when the indexer has one,
 * else a scan does.
 */
export function listAllByNamespace<T extends KubeObject>(
  indexer: Indexer<T>,
  namespace: string,
  selector: LabelMatcher = everything,
): T[] {
  if (namespace === '') return listAll(indexer, selector);
  const inNamespace = NamespaceIndex in indexer.getIndexers()
    ? indexer.byIndex(NamespaceIndex, namespace)
    : indexer.list().filter((o) => (o.metadata?.namespace ?? '') === namespace);
  return inNamespace.filter((o) => selector(o.metadata?.labels ?? NO_LABELS));
}

/** Lister is a GenericLister over one resource's cache. */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** list returns the objects, in every namespace, whose labels match. */
  list(selector: LabelMatcher = everything): T[] {
    return listAll(this.indexer, selector);
  }

  /** get returns the cluster-scoped object `name`, or undefined (upstream: a NotFound error). */
  get(name: string): T | undefined {
    return this.indexer.getByKey(name);
  }

  /** namespace returns a lister of one namespace's objects. */
  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }
}

/** NamespaceLister is a GenericNamespaceLister: one namespace's objects. */
export class NamespaceLister<T extends KubeObject = KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    readonly namespaceName: string,
  ) {}

  /** list returns the namespace's objects whose labels match. */
  list(selector: LabelMatcher = everything): T[] {
    return listAllByNamespace(this.indexer, this.namespaceName, selector);
  }

  /** get returns the namespace's object `name`, or undefined (upstream: a NotFound error). */
  get(name: string): T | undefined {
    return this.indexer.getByKey(`${this.namespaceName}/${name}`);
  }
}
