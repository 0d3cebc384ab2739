/**
 * WatchHub is the store's watch machinery (watchable_store.go, watcher_group.go
 * and the server's watch stream), sans I/O: watch() registers a watcher and
 * the store's writes queue responses; the host collects them with take().
 *
 * A watcher from a revision at or below the current one is "unsynced" in
 * etcd and catches up from the key bucket in the background. Here it catches
 * up at once, inside watch(): its history is queued right after its
 * `created` response, in batches of at most 1000 revisions, and every later
 * write is queued as it commits. So responses for one watcher are always in
 * revision order, history first. A watcher whose start revision is below the
 * compacted revision cannot catch up: it is canceled with compact_revision.
 * A watcher from a future revision waits until the store reaches it.
 */

import { bytesToBin, keyToBin, type StoredKeyValue } from './codec';
import { keyText, recordView, valueText } from './kv_cache';
import { MSG_EMPTY_WATCHER_RANGE } from './errors';
import { bytesToRev, isTombstone, revToBytes } from './revision';
import { BUCKET_KEY } from './schema';
import type { Backend } from './backend';
import type { Event, KeyValue, WatchRequest, WatchResponse } from './types';

/** WATCH_BATCH_MAX_REVS is how many revisions one catch-up response may span (etcd's watchBatchMaxRevs). */
export const WATCH_BATCH_MAX_REVS = 1000;

/** PROGRESS_WATCH_ID is the watch_id of a progress notification for all watchers (clientv3.InvalidWatchID). */
export const PROGRESS_WATCH_ID = -1;

/** WatchSource is what the hub needs from the store. */
export interface WatchSource {
  readonly backend: Backend;
  currentRevision(): number;
  /** compactMainRev is the compacted revision, -1 when never compacted. */
  readonly compactMainRev: number;
  /** kvAt is the key (binary) as of rev, or undefined when absent or no longer readable. */
  kvAt(key: string, rev: number): StoredKeyValue | undefined;
}

/** ChangeEvent is a committed change as the store hands it to the hub. */
export interface ChangeEvent {
  type: 'PUT' | 'DELETE';
  /** key is the binary key. */
  key: string;
  kv: StoredKeyValue;
}

interface Watcher {
  id: number;
  key: string;
  /** end: null for one key, "" for every key >= key, else the exclusive end. */
  end: string | null;
  /** minRev is the first revision the watcher has not yet been sent. */
  minRev: number;
  prevKv: boolean;
  noPut: boolean;
  noDelete: boolean;
}

function contains(w: Watcher, key: string): boolean {
  if (w.end === null) return key === w.key;
  return key >= w.key && (w.end === '' || key < w.end);
}

function toKeyValue(kv: StoredKeyValue): KeyValue {
  return {
    key: keyText(kv),
    create_revision: kv.create_revision,
    mod_revision: kv.mod_revision,
    version: kv.version,
    value: valueText(kv),
  };
}

function response(watchId: number, revision: number, fields: Partial<WatchResponse> = {}): WatchResponse {
  return {
    header: { revision },
    watch_id: watchId,
    created: false,
    canceled: false,
    compact_revision: 0,
    cancel_reason: '',
    events: [],
    ...fields,
  };
}

export class WatchHub {
  private nextId = 0;
  /** watchers in creation order, which is the order responses to one write are queued in. */
  private readonly watchers = new Map<number, Watcher>();
  private queue: WatchResponse[] = [];

  constructor(private readonly source: WatchSource) {}

  /** count is the number of live watchers. */
  get count(): number {
    return this.watchers.size;
  }

  /**
   * watch registers a watcher and returns its id, or -1 when the range is
   * empty (key >= range_end), in which case the queued created response is
   * also canceled with etcd's reason.
   */
  watch(req: WatchRequest): number {
    const cur = this.source.currentRevision();
    const key = keyToBin(req.key);
    const end = !req.range_end ? null : req.range_end === '\0' ? '' : keyToBin(req.range_end);
    if (end !== null && end !== '' && key >= end) {
      this.queue.push(response(-1, cur, { created: true, canceled: true, cancel_reason: MSG_EMPTY_WATCHER_RANGE }));
      return -1;
    }
    const filters = req.filters ?? [];
    const start = req.start_revision ?? 0;
    const w: Watcher = {
      id: this.nextId++,
      key,
      end,
      minRev: start > 0 ? start : cur + 1,
      prevKv: req.prev_kv ?? false,
      noPut: filters.includes('NOPUT'),
      noDelete: filters.includes('NODELETE'),
    };
    this.queue.push(response(w.id, cur, { created: true }));
    if (start > 0 && start <= cur && !this.catchUp(w)) return w.id;
    this.watchers.set(w.id, w);
    return w.id;
  }

  /**
   * cancel removes a watcher and queues its canceled response. It returns
   * false for an unknown id (already canceled, for instance by compaction),
   * which etcd ignores too.
   */
  cancel(id: number): boolean {
    if (!this.watchers.delete(id)) return false;
    this.queue.push(response(id, this.source.currentRevision(), { canceled: true }));
    return true;
  }

  /**
   * progress queues a progress notification (watch_id -1, no events) at the
   * current revision when there is a watcher; every watcher here is synced.
   */
  progress(): void {
    if (this.watchers.size === 0) return;
    this.queue.push(response(PROGRESS_WATCH_ID, this.source.currentRevision()));
  }

  /** notify delivers the changes of the write that committed at rev. */
  notify(rev: number, changes: readonly ChangeEvent[]): void {
    for (const w of this.watchers.values()) {
      if (w.minRev > rev) continue;
      const events: Event[] = [];
      for (const c of changes) if (contains(w, c.key)) events.push(this.toEvent(w, c.type, c.kv));
      w.minRev = rev + 1;
      this.send(w, rev, events);
    }
  }

  /** take returns the queued responses in order and empties the queue. */
  take(): WatchResponse[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /**
   * catchUp replays w's history from the key bucket; false when the history
   * is compacted and w was canceled.
   */
  private catchUp(w: Watcher): boolean {
    const cur = this.source.currentRevision();
    const compactRev = this.source.compactMainRev;
    if (w.minRev < compactRev) {
      // etcd sends this response without a revision (its header revision is 0).
      this.queue.push(response(w.id, 0, { canceled: true, compact_revision: compactRev, cancel_reason: '' }));
      return false;
    }
    const entries = this.source.backend.range(
      BUCKET_KEY,
      revToBytes({ main: w.minRev, sub: 0 }),
      revToBytes({ main: cur + 1, sub: 0 }),
    );
    let batch: Event[] = [];
    let revs = 0;
    let lastRev = 0;
    for (const [k, v] of entries) {
      const stored = recordView(v);
      const key = bytesToBin(stored.key);
      if (!contains(w, key)) continue;
      const rev = bytesToRev(k).main;
      if (rev !== lastRev) {
        if (revs === WATCH_BATCH_MAX_REVS) {
          this.send(w, cur, batch);
          batch = [];
          revs = 0;
        }
        revs++;
        lastRev = rev;
      }
      const tombstone = isTombstone(k);
      const kv = tombstone ? { ...stored, mod_revision: rev } : stored;
      batch.push(this.toEvent(w, tombstone ? 'DELETE' : 'PUT', kv));
    }
    this.send(w, cur, batch);
    w.minRev = cur + 1;
    return true;
  }

  private toEvent(w: Watcher, type: 'PUT' | 'DELETE', kv: StoredKeyValue): Event {
    const ev: Event = { type, kv: toKeyValue(kv) };
    // A create has no previous version; etcd does not look one up.
    const isCreate = type === 'PUT' && kv.create_revision === kv.mod_revision;
    if (w.prevKv && !isCreate) {
      const prev = this.source.kvAt(bytesToBin(kv.key), kv.mod_revision - 1);
      if (prev !== undefined) ev.prev_kv = toKeyValue(prev);
    }
    return ev;
  }

  /** send queues events for w after its filters; nothing when every event was filtered out. */
  private send(w: Watcher, rev: number, events: Event[]): void {
    const kept = events.filter((e) => !(e.type === 'PUT' ? w.noPut : w.noDelete));
    if (kept.length === 0) return;
    this.queue.push(response(w.id, rev, { events: kept }));
  }
}
