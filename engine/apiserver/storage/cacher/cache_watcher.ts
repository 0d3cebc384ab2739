/**
 * CacheWatcher is one watch served by the cacher (cacher/cache_watcher.go):
 * it turns the cache's events into what this watcher sees, given its key
 * prefix and selectors. An object that starts matching arrives as ADDED, one
 * that stops matching as DELETED (its last matching state, at the event's
 * revision), as upstream's convertToWatchEvent does.
 */
import type { Status } from 'kubernetes-types/meta/v1';
import { keyMatches, predicateMatches } from '../objects';
import type { KubeObject, SelectionPredicate, WatchEvent } from '../types';
import type { WatchCacheEvent } from './watch_cache';

/** INITIAL_EVENTS_END is the annotation of the bookmark that ends a sendInitialEvents watch's initial state. */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export class CacheWatcher {
  /** stopped: no event is delivered once set (by stop() or close()). */
  stopped = false;
  /** live: the initial events are out; events are dispatched to this watcher as they happen. */
  live = false;

  constructor(
    readonly prefix: string,
    readonly predicate: SelectionPredicate | undefined,
    readonly allowBookmarks: boolean,
    private readonly onEvent: (ev: WatchEvent) => void,
    private readonly onClose: (() => void) | undefined,
    private readonly bookmarkOf: (rv: number, initialEventsEnd: boolean) => KubeObject,
  ) {}

  /** deliver sends ev as this watcher sees it, or nothing. */
  deliver(ev: WatchCacheEvent): void {
    if (this.stopped || !keyMatches(this.prefix, ev.key)) return;
    const p = this.predicate;
    const cur = ev.type !== 'DELETED' && predicateMatches(p, ev.attrs);
    const old = ev.prevObject !== undefined && predicateMatches(p, ev.prevAttrs!);
    if (cur) {
      this.onEvent({ type: old ? 'MODIFIED' : 'ADDED', object: ev.object });
    } else if (old) {
      ev.deletedView ??= { ...ev.prevObject!, metadata: { ...ev.prevObject!.metadata, resourceVersion: String(ev.rv) } };
      this.onEvent({ type: 'DELETED', object: ev.deletedView });
    }
  }

  /** added sends one object of the initial state. */
  added(key: string, object: KubeObject, attrs: WatchCacheEvent['attrs']): void {
    if (this.stopped || !keyMatches(this.prefix, key) || !predicateMatches(this.predicate, attrs)) return;
    this.onEvent({ type: 'ADDED', object });
  }

  /** bookmark sends a BOOKMARK at rv if this watcher allows them. */
  bookmark(rv: number, initialEventsEnd = false): void {
    if (this.stopped || !this.allowBookmarks || rv <= 0) return;
    this.onEvent({ type: 'BOOKMARK', object: this.bookmarkOf(rv, initialEventsEnd) });
  }

  /** fail sends an ERROR event and ends the watch. */
  fail(status: Status): void {
    if (this.stopped) return;
    this.onEvent({ type: 'ERROR', object: status });
    this.close();
  }

  /** close ends the watch from the server's side (the result channel closes). */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onClose?.();
  }
}
