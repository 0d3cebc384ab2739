/**
 * Indexer is client-go's thread-safe store with indices (cache.Indexer over
 * threadSafeMap): objects filed by key, plus named indices that map an index
 * value to the keys of the objects whose index function yields it. The
 * engine is single-threaded, so "thread-safe" reduces to: every method leaves
 * items and indices consistent before it returns.
 */
import { deletionHandlingMetaNamespaceKeyFunc, type DeletedFinalStateUnknown, type KeyFunc } from './store';
import type { KubeObject } from './types';

/** IndexFunc computes an object's index values (none, one or many). */
export type IndexFunc<T> = (obj: T) => string[];

/** Indexers names index functions. */
export type Indexers<T> = Record<string, IndexFunc<T>>;

/** NamespaceIndex is the name of the conventional index by namespace. */
export const NamespaceIndex = 'namespace';

/** metaNamespaceIndexFunc is MetaNamespaceIndexFunc: an object's namespace ("" when cluster-scoped). */
export const metaNamespaceIndexFunc: IndexFunc<KubeObject> = (obj) => [obj.metadata?.namespace ?? ''];

/**
 * Indexer holds the informer's cache. Iteration order (list, listKeys,
 * byIndex) is the order keys were first added, so two runs of the same
 * history list the same objects in the same order.
 */
export class Indexer<T extends KubeObject = KubeObject> {
  /** items maps key → object; an object appears here iff it appears in every index under each of its index values. */
  private items = new Map<string, T>();
  private indexers: Indexers<T>;
  /** indices maps index name → index value → keys; an empty key set is removed, never kept. */
  private indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    readonly keyFunc: KeyFunc = deletionHandlingMetaNamespaceKeyFunc,
    indexers: Indexers<T> = {},
  ) {
    this.indexers = { ...indexers };
    for (const name of Object.keys(this.indexers)) this.indices.set(name, new Map());
  }

  /** add files obj under its key, replacing any object already there. */
  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  /**
   * addByKey files obj under key, which the caller computed with keyFunc
   * (threadSafeMap.Add): the informer keys each object once, not once per
   * store call.
   */
  addByKey(key: string, obj: T): void {
    this.put(key, obj);
  }

  /** update is add: the store does not distinguish them. */
  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  /** delete removes the object filed under obj's key (a tombstone's key included); absent is not an error. */
  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    this.deleteByKey(this.keyFunc(obj));
  }

  /** deleteByKey removes the object filed under key (threadSafeMap.Delete); absent is not an error. */
  deleteByKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.updateIndices(old, undefined, key);
    this.items.delete(key);
  }

  /** get returns the object filed under obj's key. */
  get(obj: T | DeletedFinalStateUnknown<T>): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  /** getByKey returns the object filed under key. */
  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  /** list returns every object. */
  list(): T[] {
    return [...this.items.values()];
  }

  /** listKeys returns every key. */
  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** replace makes `items` the store's whole content and rebuilds the indices (resourceVersion is unused, as upstream). */
  replace(items: readonly T[], _resourceVersion?: string): void {
    this.items = new Map();
    for (const name of Object.keys(this.indexers)) this.indices.set(name, new Map());
    for (const obj of items) this.put(this.keyFunc(obj), obj);
  }

  /** resync does nothing: a plain store has no one to re-deliver to. */
  resync(): void {}

  /** index returns the objects sharing at least one of obj's values of index `indexName`. */
  index(indexName: string, obj: T): T[] {
    const fn = this.indexFunc(indexName);
    const index = this.indices.get(indexName)!;
    const keys = new Set<string>();
    for (const value of fn(obj)) for (const key of index.get(value) ?? []) keys.add(key);
    return [...keys].map((k) => this.items.get(k)!);
  }

  /** indexKeys returns the keys of the objects whose index `indexName` yields `value`. */
  indexKeys(indexName: string, value: string): string[] {
    this.indexFunc(indexName);
    return [...(this.indices.get(indexName)!.get(value) ?? [])];
  }

  /** byIndex returns the objects whose index `indexName` yields `value`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k)!);
  }

  /** listIndexFuncValues returns the values index `indexName` currently holds. */
  listIndexFuncValues(indexName: string): string[] {
    return [...(this.indices.get(indexName)?.keys() ?? [])];
  }

  /** getIndexers returns the index functions by name. */
  getIndexers(): Indexers<T> {
    return { ...this.indexers };
  }

  /**
   * addIndexers adds index functions. Like client-go before 1.30 it refuses
   * once the store holds objects (an index must cover every object) and
   * refuses a name already in use.
   */
  addIndexers(newIndexers: Indexers<T>): void {
    if (this.items.size > 0) throw new Error('cannot add indexers to running index');
    const conflicts = Object.keys(newIndexers).filter((n) => n in this.indexers);
    if (conflicts.length > 0) throw new Error(`indexer conflict: ${conflicts.join(', ')}`);
    for (const [name, fn] of Object.entries(newIndexers)) {
      this.indexers[name] = fn;
      this.indices.set(name, new Map());
    }
  }

  private indexFunc(indexName: string): IndexFunc<T> {
    const fn = this.indexers[indexName];
    if (!fn) throw new Error(`Index with name ${indexName} does not exist`);
    return fn;
  }

  private put(key: string, obj: T): void {
    const old = this.items.get(key);
    this.items.set(key, obj);
    if (this.indices.size > 0) this.updateIndices(old, obj, key);
  }

  /** updateIndices moves `key` from old's index values to obj's (either may be absent). */
  private updateIndices(old: T | undefined, obj: T | undefined, key: string): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indices.get(name)!;
      const oldValues = old === undefined ? [] : fn(old);
      const newValues = obj === undefined ? [] : fn(obj);
      for (const value of oldValues) {
        if (newValues.includes(value)) continue;
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
      for (const value of newValues) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }
}
