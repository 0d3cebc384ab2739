/**
 * Cacher is the watch cache in front of one resource's etcd3 store
 * (k8s.io/apiserver/pkg/storage/cacher): it lists the resource once, keeps
 * one etcd watch open from the list's revision, and serves every watch, and
 * reads with resourceVersion "0", from memory. Writes go to etcd; the cache
 * learns of them, like of everyone else's, through its watch.
 *
 * Lifecycle: not ready until the first list; when etcd cancels the watch
 * (compaction), every watcher is closed and the cacher relists. A watcher
 * that comes back from an older revision than the new list then gets 410.
 */
import type { Status } from 'kubernetes-types/meta/v1';
import type { EtcdKV, WatchStream } from '../../../etcd/v3/kv';
import type { WatchResponse } from '../../../etcd/mvcc/types';
import { prefixRangeEnd } from '../../../etcd/mvcc/store';
import { isStatusError, newNotFound, newTooLargeResourceVersion, type StatusError } from '../../errors';
import type { Etcd3Store } from '../etcd3/store';
import { parseResourceVersion } from '../etcd3/store';
import { decodeKv, nameOfKey, predicateEmpty, predicateMatches } from '../objects';
import type {
  AttrFunc,
  Done,
  GetOptions,
  GroupResource,
  KubeObject,
  ListOptions,
  ListResult,
  StorageClock,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../types';
import { CacheWatcher, INITIAL_EVENTS_END } from './cache_watcher';
import { WatchCache, type StoreEntry } from './watch_cache';

/** DEFAULT_BOOKMARK_INTERVAL_MS: upstream bookmarks a watcher about once a minute. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
/** FRESHNESS_TIMEOUT_MS: how long a request waits for the cache to reach its resourceVersion (blockTimeout, 3 s). */
export const FRESHNESS_TIMEOUT_MS = 3_000;
/** RELIST_BACKOFF_MS: the pause before listing again after a failed list. */
export const RELIST_BACKOFF_MS = 1_000;

export interface CacherConfig {
  kv: EtcdKV;
  store: Etcd3Store;
  clock: StorageClock;
  defer: (fn: () => void) => void;
  resource: GroupResource;
  kind: string;
  apiVersion: string;
  /** resourcePrefix is the key prefix of every object of the resource, ending in "/". */
  resourcePrefix: string;
  attrs: AttrFunc;
  watchCacheSize: number;
  bookmarkIntervalMs: number;
}

/** Waiter is a request waiting for the cache to reach a revision. */
interface Waiter {
  rv: number;
  run: () => void;
  expire: (current: number) => void;
  timer: { cancel(): void };
}

export class Cacher {
  readonly cache: WatchCache;
  private ready = false;
  private stopped = false;
  private stream: WatchStream | undefined;
  private readonly pending: Array<() => void> = [];
  private readonly watchers = new Set<CacheWatcher>();
  private waiters: Waiter[] = [];
  private bookmarkTimer: { cancel(): void } | undefined;
  private bookmarkWatchers = 0;
  /** generation counts relists, so that responses of a replaced etcd watch are ignored. */
  private generation = 0;

  constructor(private readonly cfg: CacherConfig) {
    this.cache = new WatchCache(cfg.watchCacheSize);
    this.relist();
  }

  /** isReady: the first list is in and the etcd watch is open. */
  get isReady(): boolean {
    return this.ready;
  }

  /** relist reads the whole resource from etcd and opens the watch just after the list's revision. */
  private relist(): void {
    const gen = ++this.generation;
    const { kv, resourcePrefix, attrs } = this.cfg;
    kv.range({ key: resourcePrefix, range_end: prefixRangeEnd(resourcePrefix) }, (err, res) => {
      if (this.stopped || gen !== this.generation) return;
      if (err) {
        this.cfg.clock.after(RELIST_BACKOFF_MS, () => {
          if (!this.stopped && gen === this.generation) this.relist();
        });
        return;
      }
      const rev = res!.header.revision;
      const entries: StoreEntry[] = res!.kvs.map((item) => {
        const object = decodeKv(item);
        return { key: item.key, object, attrs: attrs(object), rv: item.mod_revision };
      });
      this.cache.replace(entries, rev);
      this.stream = kv.watch({ key: resourcePrefix, range_end: prefixRangeEnd(resourcePrefix), start_revision: rev + 1 }, (r) => {
        if (gen === this.generation) this.onWatchResponse(r);
      });
      this.ready = true;
      const run = this.pending.splice(0);
      for (const fn of run) fn();
      this.wakeWaiters();
    });
  }

  private onWatchResponse(res: WatchResponse): void {
    if (this.stopped) return;
    if (res.canceled) {
      this.restart();
      return;
    }
    if (res.created) return;
    if (res.events.length === 0) {
      this.cache.progress(res.header.revision);
      this.wakeWaiters();
      return;
    }
    const { attrs } = this.cfg;
    for (const e of res.events) {
      const rv = e.kv.mod_revision;
      let ev;
      if (e.type === 'PUT') {
        const object = decodeKv(e.kv);
        ev = this.cache.apply(e.kv.key, object, attrs(object), rv);
      } else {
        ev = this.cache.apply(e.kv.key, null, null, rv);
      }
      if (!ev) continue;
      for (const w of this.watchers) w.deliver(ev);
    }
    this.wakeWaiters();
  }

  /** restart is what a failed etcd watch leads to: close every watcher, then list again (terminateAllWatchers). */
  private restart(): void {
    this.ready = false;
    this.stream?.cancel();
    this.stream = undefined;
    const all = [...this.watchers];
    this.watchers.clear();
    this.setBookmarkWatchers(0);
    for (const w of all) w.close();
    this.relist();
  }

  /** whenReady runs fn once the cache is ready (now, if it is: callers are already deferred). */
  private whenReady(fn: () => void): void {
    if (this.ready) fn();
    else this.pending.push(fn);
  }

  /**
   * waitFresh runs fn once the cache has caught up with rv, asking etcd for
   * a progress notification so that an idle resource catches up too; after
   * FRESHNESS_TIMEOUT_MS it gives up with expire(current revision).
   */
  private waitFresh(rv: number, run: () => void, expire: (current: number) => void): void {
    if (this.cache.resourceVersion >= rv) return run();
    const waiter: Waiter = {
      rv,
      run,
      expire,
      timer: this.cfg.clock.after(FRESHNESS_TIMEOUT_MS, () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        expire(this.cache.resourceVersion);
      }),
    };
    this.waiters.push(waiter);
    this.stream?.requestProgress();
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const rv = this.cache.resourceVersion;
    const due = this.waiters.filter((w) => w.rv <= rv);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.rv > rv);
    for (const w of due) {
      w.timer.cancel();
      w.run();
    }
  }

  /** objectAt is the cached object of key if the cache holds it at exactly revision rv (shared: read-only). */
  objectAt(key: string, rv: number): KubeObject | undefined {
    const e = this.cache.store.get(key);
    return e !== undefined && e.rv === rv ? e.object : undefined;
  }

  /** get serves resourceVersion "0" from the cache (once ready); anything else reads etcd. */
  get(key: string, opts: GetOptions, done: Done<KubeObject | null>): void {
    if (opts.resourceVersion !== '0' || !this.ready) return this.cfg.store.get(key, opts, done);
    this.cfg.defer(() => {
      const entry = this.cache.store.get(key);
      if (entry) return done(null, entry.object);
      if (opts.ignoreNotFound) return done(null, null);
      done(newNotFound(this.cfg.resource, nameOfKey(key)));
    });
  }

  /**
   * getList serves resourceVersion "0" (without Exact, without continue) from
   * the cache, whole (limit is ignored, as upstream's cacher does for "0");
   * every other list reads etcd.
   */
  getList(prefix: string, opts: ListOptions, done: Done<ListResult>): void {
    const fromCache = opts.resourceVersion === '0' && !opts.continue && opts.resourceVersionMatch !== 'Exact' && this.ready;
    if (!fromCache) return this.cfg.store.getList(prefix, opts, done);
    this.cfg.defer(() => {
      let items: KubeObject[] = [];
      const p = opts.predicate;
      if (prefix === this.cfg.resourcePrefix && predicateEmpty(p)) {
        // The common informer list: every object, copied from one shared array.
        items = this.cache.allObjects().slice();
      } else if (prefix.endsWith('/')) {
        for (const e of this.cache.snapshot()) if (e.key.startsWith(prefix) && predicateMatches(p, e.attrs)) items.push(e.object);
      } else {
        const e = this.cache.store.get(prefix);
        if (e && predicateMatches(p, e.attrs)) items.push(e.object);
      }
      done(null, { items, resourceVersion: String(this.cache.resourceVersion) });
    });
  }

  private bookmarkOf = (rv: number, initialEventsEnd: boolean): KubeObject => {
    const metadata: KubeObject['metadata'] = initialEventsEnd
      ? { resourceVersion: String(rv), annotations: { [INITIAL_EVENTS_END]: 'true' } }
      : { resourceVersion: String(rv) };
    return { kind: this.cfg.kind, apiVersion: this.cfg.apiVersion, metadata };
  };

  watch(prefix: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void, onClose?: () => void): WatchHandle {
    const allowBookmarks = !!opts.allowWatchBookmarks;
    const w = new CacheWatcher(prefix, opts.predicate, allowBookmarks, onEvent, onClose, this.bookmarkOf);
    const fail = (status: Status) => this.cfg.defer(() => w.fail(status));
    const handle: WatchHandle = {
      stop: () => {
        if (w.stopped) return;
        w.stopped = true;
        if (this.watchers.delete(w) && allowBookmarks) this.setBookmarkWatchers(this.bookmarkWatchers - 1);
      },
    };
    const requested = parseResourceVersion(opts.resourceVersion, this.cfg.resource, '');
    if (isStatusError(requested)) {
      fail(requested.status);
      return handle;
    }

    /** start sends what comes before live events, then makes the watcher live, all in one turn. */
    const start = () => {
      if (w.stopped) return;
      const initial = opts.sendInitialEvents || requested === 0;
      if (initial) {
        for (const e of this.cache.snapshot()) w.added(e.key, e.object, e.attrs);
        if (opts.sendInitialEvents) w.bookmark(this.cache.resourceVersion, true);
      } else {
        const events = this.cache.eventsSince(requested);
        if (isStatusError(events)) return w.fail(events.status);
        for (const ev of events) w.deliver(ev);
      }
      if (w.stopped) return;
      w.live = true;
      this.watchers.add(w);
      if (allowBookmarks) this.setBookmarkWatchers(this.bookmarkWatchers + 1);
    };
    const tooLarge = (asked: number) => (current: number) => {
      const e: StatusError = newTooLargeResourceVersion(asked, current);
      w.fail(e.status);
    };

    this.cfg.defer(() =>
      this.whenReady(() => {
        if (w.stopped) return;
        if (requested > 0) return this.waitFresh(requested, start, tooLarge(requested));
        if (opts.sendInitialEvents && opts.resourceVersion !== '0') {
          // A consistent start: the state as of etcd's current revision.
          this.cfg.store.currentRevision(this.cfg.resourcePrefix, (err, rev) => {
            if (w.stopped) return;
            if (err) return w.fail(err.status);
            this.waitFresh(rev!, start, tooLarge(rev!));
          });
          return;
        }
        start();
      }),
    );
    return handle;
  }

  /** setBookmarkWatchers keeps the bookmark timer running exactly while some watcher allows bookmarks. */
  private setBookmarkWatchers(n: number): void {
    this.bookmarkWatchers = n;
    if (n > 0 && !this.bookmarkTimer) this.scheduleBookmarks();
    if (n === 0 && this.bookmarkTimer) {
      this.bookmarkTimer.cancel();
      this.bookmarkTimer = undefined;
    }
  }

  private scheduleBookmarks(): void {
    this.bookmarkTimer = this.cfg.clock.after(this.cfg.bookmarkIntervalMs, () => {
      this.bookmarkTimer = undefined;
      if (this.stopped) return;
      const rv = this.cache.resourceVersion;
      for (const w of this.watchers) w.bookmark(rv);
      // Keep the cache's revision moving on an idle resource, as etcd's progress notifications do.
      this.stream?.requestProgress();
      if (this.bookmarkWatchers > 0) this.scheduleBookmarks();
    });
  }

  /** stop cancels the etcd watch and ends every watch without calling their onClose. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stream?.cancel();
    for (const w of this.watchers) w.stopped = true;
    this.watchers.clear();
    this.setBookmarkWatchers(0);
    for (const waiter of this.waiters) waiter.timer.cancel();
    this.waiters = [];
  }

  /** watcherCount is how many watches are live (for tests and metrics). */
  get watcherCount(): number {
    return this.watchers.size;
  }
}
