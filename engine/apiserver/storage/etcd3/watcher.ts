/**
 * etcdWatch is storage/etcd3's watcher: one etcd watch per API watch, used
 * when the watch cache is off. resourceVersion ""/"0" (or sendInitialEvents)
 * first lists the current state as ADDED events, then watches from the
 * list's revision; "N" watches from N+1. Events are filtered by the
 * predicate with the same transitions as the cacher's, and a compacted
 * start revision ends the watch with 410 `The resourceVersion for the
 * provided watch is too old.`
 */
import type { EtcdKV, WatchStream } from '../../../etcd/v3/kv';
import type { Event, WatchResponse } from '../../../etcd/mvcc/types';
import { prefixRangeEnd } from '../../../etcd/mvcc/store';
import { isStatusError, newInternalError, newResourceExpired } from '../../errors';
import { INITIAL_EVENTS_END } from '../cacher/cache_watcher';
import { decodeKv, keyMatches, predicateMatches } from '../objects';
import type { AttrFunc, GroupResource, KubeObject, StorageClock, WatchEvent, WatchHandle, WatchOptions } from '../types';
import { parseResourceVersion } from './store';

/** EXPIRED_WATCH is etcd3's text for a watch from a compacted revision. */
export const EXPIRED_WATCH = 'The resourceVersion for the provided watch is too old.';

export interface EtcdWatchConfig {
  kv: EtcdKV;
  clock: StorageClock;
  defer: (fn: () => void) => void;
  resource: GroupResource;
  kind: string;
  apiVersion: string;
  attrs: AttrFunc;
  bookmarkIntervalMs: number;
}

/** etcdWatch opens one API watch on etcd directly (see the file comment). */
export function etcdWatch(
  cfg: EtcdWatchConfig,
  prefix: string,
  opts: WatchOptions,
  onEvent: (ev: WatchEvent) => void,
  onClose?: () => void,
): WatchHandle {
  let stopped = false;
  let stream: WatchStream | undefined;
  let timer: { cancel(): void } | undefined;
  const rangeEnd = prefix.endsWith('/') ? prefixRangeEnd(prefix) : undefined;
  const p = opts.predicate;
  const matches = (obj: KubeObject) => predicateMatches(p, cfg.attrs(obj));
  const emit = (ev: WatchEvent) => {
    if (!stopped) onEvent(ev);
  };
  const end = (ev?: WatchEvent) => {
    if (stopped) return;
    if (ev) onEvent(ev);
    stopped = true;
    stream?.cancel();
    timer?.cancel();
    onClose?.();
  };
  const bookmark = (rv: number, initialEventsEnd = false) => {
    if (!opts.allowWatchBookmarks || rv <= 0) return;
    const metadata: KubeObject['metadata'] = initialEventsEnd
      ? { resourceVersion: String(rv), annotations: { [INITIAL_EVENTS_END]: 'true' } }
      : { resourceVersion: String(rv) };
    emit({ type: 'BOOKMARK', object: { kind: cfg.kind, apiVersion: cfg.apiVersion, metadata } });
  };
  const scheduleBookmarks = () => {
    if (!opts.allowWatchBookmarks) return;
    timer = cfg.clock.after(cfg.bookmarkIntervalMs, () => {
      if (stopped) return;
      stream?.requestProgress();
      scheduleBookmarks();
    });
  };

  /** transform is watcher.go's transform: one etcd event as this watch sees it, or null. */
  const transform = (e: Event): WatchEvent | null => {
    if (!keyMatches(prefix, e.kv.key)) return null;
    const rev = e.kv.mod_revision;
    const created = e.type === 'PUT' && e.kv.create_revision === e.kv.mod_revision;
    if (!created && !e.prev_kv) {
      return { type: 'ERROR', object: newInternalError(`etcd event received with PrevKv=nil (key=${JSON.stringify(e.kv.key)}, modRevision=${rev}, type=${e.type})`).status };
    }
    const oldObj = e.prev_kv ? decodeKv(e.prev_kv, rev) : null;
    if (e.type === 'DELETE') return oldObj && matches(oldObj) ? { type: 'DELETED', object: oldObj } : null;
    const cur = decodeKv(e.kv);
    if (created) return matches(cur) ? { type: 'ADDED', object: cur } : null;
    const curPasses = matches(cur);
    const oldPasses = matches(oldObj!);
    if (curPasses) return { type: oldPasses ? 'MODIFIED' : 'ADDED', object: cur };
    return oldPasses ? { type: 'DELETED', object: oldObj! } : null;
  };

  const onResponse = (res: WatchResponse) => {
    if (stopped) return;
    if (res.canceled) {
      const err = res.compact_revision > 0 ? newResourceExpired(EXPIRED_WATCH) : newInternalError(res.cancel_reason || 'watch canceled');
      return end({ type: 'ERROR', object: err.status });
    }
    if (res.created) return;
    if (res.events.length === 0) return bookmark(res.header.revision);
    for (const e of res.events) {
      const out = transform(e);
      if (!out) continue;
      if (out.type === 'ERROR') return end(out);
      else emit(out);
    }
  };

  const watchFrom = (rev: number) => {
    if (stopped) return;
    stream = cfg.kv.watch({ key: prefix, range_end: rangeEnd, start_revision: rev, prev_kv: true }, onResponse);
    scheduleBookmarks();
  };

  const requested = parseResourceVersion(opts.resourceVersion, cfg.resource, '');
  if (isStatusError(requested)) {
    cfg.defer(() => end({ type: 'ERROR', object: requested.status }));
  } else if (requested === 0 || opts.sendInitialEvents) {
    // The state as of a list, as ADDED events, then everything after the list.
    cfg.kv.range({ key: prefix, range_end: rangeEnd, revision: requested }, (err, res) => {
      if (stopped) return;
      if (err) {
        const e = err.message.includes('compacted') ? newResourceExpired(EXPIRED_WATCH) : newInternalError(err.message);
        return end({ type: 'ERROR', object: e.status });
      }
      for (const kv of res!.kvs) {
        const obj = decodeKv(kv);
        if (matches(obj)) emit({ type: 'ADDED', object: obj });
      }
      const rev = requested || res!.header.revision;
      if (opts.sendInitialEvents) bookmark(rev, true);
      watchFrom(rev + 1);
    });
  } else {
    cfg.defer(() => watchFrom(requested + 1));
  }

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stream?.cancel();
      timer?.cancel();
    },
  };
}
