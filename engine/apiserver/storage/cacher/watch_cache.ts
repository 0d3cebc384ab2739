/**
 * WatchCache is the cacher's memory of one resource (cacher/watch_cache.go):
 * the current state (every object by key, with its selectable attrs) and a
 * ring buffer of the most recent events, so that a watch from a recent
 * resourceVersion can be replayed without asking etcd.
 */
import { tooOldResourceVersion, type StatusError } from '../../errors';
import type { Attrs, KubeObject } from '../types';

/** StoreEntry is one object of the current state. */
export interface StoreEntry {
  key: string;
  object: KubeObject;
  attrs: Attrs;
  rv: number;
}

/**
 * WatchCacheEvent is one change (watchCacheEvent). For DELETED, object is the
 * last state stamped with the delete's revision; prevObject is the state
 * before the change (absent for ADDED).
 */
export interface WatchCacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
  attrs: Attrs;
  prevObject?: KubeObject;
  prevAttrs?: Attrs;
  rv: number;
  /** deletedView caches prevObject stamped with rv, shared by every watcher that sees this event as a DELETED transition. */
  deletedView?: KubeObject;
}

/** DEFAULT_WATCH_CACHE_SIZE is upstream's default event capacity (--default-watch-cache-size=100). */
export const DEFAULT_WATCH_CACHE_SIZE = 100;

export class WatchCache {
  private readonly ring: Array<WatchCacheEvent | undefined>;
  /**
   * start and end count events ever buffered since the last replace: the
   * buffer holds events [start, end), at ring[i % capacity]. start > 0 means
   * events were evicted.
   */
  private start = 0;
  private end = 0;
  readonly store = new Map<string, StoreEntry>();
  /** sorted is the state ordered by key, rebuilt lazily after keys come or go. */
  private sorted: StoreEntry[] | null = null;
  /** objects is sorted's objects, rebuilt lazily after any change: whole-resource lists share it. */
  private objects: KubeObject[] | null = null;
  /** resourceVersion is the revision the cache is up to date with (last event, list or progress notification). */
  resourceVersion = 0;
  /** listResourceVersion is the revision of the last relist. */
  listResourceVersion = 0;

  constructor(readonly capacity: number = DEFAULT_WATCH_CACHE_SIZE) {
    if (!(capacity >= 1)) throw new Error(`watch cache capacity must be at least 1, got ${capacity}`);
    this.ring = new Array<WatchCacheEvent | undefined>(capacity);
  }

  /** replace installs a full list read at rv (watchCache.Replace): the state is replaced and the buffer emptied. */
  replace(entries: StoreEntry[], rv: number): void {
    this.store.clear();
    for (const e of entries) this.store.set(e.key, e);
    this.sorted = null;
    this.objects = null;
    this.ring.fill(undefined);
    this.start = this.end = 0;
    this.resourceVersion = rv;
    this.listResourceVersion = rv;
  }

  /**
   * apply records a put (object) or delete (object null) of key at rv,
   * updates the state and returns the event, or null for a delete of a key
   * the cache never had.
   */
  apply(key: string, object: KubeObject | null, attrs: Attrs | null, rv: number): WatchCacheEvent | null {
    const prev = this.store.get(key);
    this.objects = null;
    let ev: WatchCacheEvent;
    if (object && attrs) {
      ev = prev
        ? { type: 'MODIFIED', key, object, attrs, prevObject: prev.object, prevAttrs: prev.attrs, rv }
        : { type: 'ADDED', key, object, attrs, rv };
      if (!prev) this.sorted = null;
      this.store.set(key, { key, object, attrs, rv });
    } else {
      if (!prev) return null;
      const last = { ...prev.object, metadata: { ...prev.object.metadata, resourceVersion: String(rv) } };
      ev = { type: 'DELETED', key, object: last, attrs: prev.attrs, prevObject: prev.object, prevAttrs: prev.attrs, rv, deletedView: last };
      this.store.delete(key);
      this.sorted = null;
    }
    if (this.end - this.start === this.capacity) {
      this.ring[this.start % this.capacity] = undefined;
      this.start++;
    }
    this.ring[this.end % this.capacity] = ev;
    this.end++;
    this.resourceVersion = rv;
    return ev;
  }

  /** progress advances the cache's revision without a change (a progress notification). */
  progress(rv: number): void {
    if (rv > this.resourceVersion) this.resourceVersion = rv;
  }

  /** snapshot is the current state ordered by key. Callers must not modify it. */
  snapshot(): readonly StoreEntry[] {
    if (!this.sorted) {
      const keys = [...this.store.keys()].sort();
      this.sorted = keys.map((k) => this.store.get(k)!);
    }
    return this.sorted;
  }

  /** allObjects is every object ordered by key. Callers must not modify it. */
  allObjects(): readonly KubeObject[] {
    this.objects ??= this.snapshot().map((e) => e.object);
    return this.objects;
  }

  /**
   * eventsSince returns the buffered events after rv (rv > 0), oldest first,
   * or 410 Expired when rv is older than the buffer reaches back to
   * (getAllEventsSinceLocked: `too old resource version: rv (oldest-1)`).
   */
  eventsSince(rv: number): WatchCacheEvent[] | StatusError {
    let oldest: number;
    if (this.listResourceVersion > 0 && this.start === 0) oldest = this.listResourceVersion + 1;
    else if (this.end > this.start) oldest = this.ring[this.start % this.capacity]!.rv;
    else oldest = this.resourceVersion + 1;
    if (rv < oldest - 1) return tooOldResourceVersion(rv, oldest - 1);
    // Binary search the first event newer than rv.
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring[mid % this.capacity]!.rv > rv) hi = mid;
      else lo = mid + 1;
    }
    const out: WatchCacheEvent[] = [];
    for (let i = lo; i < this.end; i++) out.push(this.ring[i % this.capacity]!);
    return out;
  }

  /** bufferedEvents is how many events the ring holds. */
  get bufferedEvents(): number {
    return this.end - this.start;
  }
}
