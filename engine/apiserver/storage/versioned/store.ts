/**
 * newStore is the engine's answer to the apiserver-watch lab (the contract
 * is ./types.ts): storage/etcd3's GuaranteedUpdate and its watcher reduced to
 * their core. resourceVersion is the key's mod_revision; an update is a txn
 * that compares it with the one read; a watch from resourceVersion N is an
 * etcd watch from revision N + 1 with prev_kv (a DELETED event carries the
 * object before the delete).
 */
import type { EtcdKV, KvError, WatchStream } from '../../../etcd/v3/kv';
import type { Event, KeyValue, WatchResponse } from '../../../etcd/mvcc/types';
import { prefixRangeEnd } from '../../../etcd/mvcc/store';
import { newConflict, newInternalError, newNotFound, tooOldResourceVersion } from '../../errors';
import { encodeObject, nameOfKey, parseStored } from '../objects';
import type { Done, KubeObject, WatchEvent } from '../types';
import type { NewVersionedStore, ResourceInfo, UpdateFn, VersionedStore, WatchControl } from './types';

export const newStore: NewVersionedStore = (kv, resource) => new Store(kv, resource);

class Store implements VersionedStore {
  constructor(
    private readonly kv: EtcdKV,
    private readonly resource: ResourceInfo,
  ) {}

  private internal(err: KvError) {
    return newInternalError(err.message);
  }

  guaranteedUpdate(key: string, expectedResourceVersion: string | undefined, tryUpdate: UpdateFn, done: Done<KubeObject>): void {
    // expected is checked on every attempt: a retry after a lost race must not write over a newer version.
    const attempt = (current: KeyValue | undefined, expected: string | undefined) => {
      if (!current) return done(newNotFound(this.resource, nameOfKey(key)));
      if (expected !== undefined && expected !== String(current.mod_revision)) {
        return done(newConflict(this.resource, nameOfKey(key)));
      }
      const updated = tryUpdate(parseStored(current.value, current.mod_revision));
      this.kv.txn(
        {
          compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: current.mod_revision }],
          success: [{ request_put: { key, value: encodeObject(updated) } }],
          failure: [{ request_range: { key } }],
        },
        (err, res) => {
          if (err) return done(this.internal(err));
          if (!res!.succeeded) {
            // Another writer got in between: start over from what the failure branch read.
            const op = res!.responses[0];
            return attempt(op && 'response_range' in op ? op.response_range.kvs[0] : undefined, expected);
          }
          done(null, parseStored(encodeObject(updated), res!.header.revision));
        },
      );
    };
    this.kv.range({ key }, (err, res) => {
      if (err) return done(this.internal(err));
      attempt(res!.kvs[0], expectedResourceVersion);
    });
  }

  watch(prefix: string, resourceVersion: string, onEvent: (ev: WatchEvent) => void): WatchControl {
    const from = Number(resourceVersion);
    let stopped = false;
    const end = (ev: WatchEvent) => {
      onEvent(ev);
      stopped = true;
      stream.cancel();
    };
    const onResponse = (res: WatchResponse) => {
      if (stopped || res.created) return;
      if (res.canceled) {
        const err = res.compact_revision > 0 ? tooOldResourceVersion(from, res.compact_revision) : newInternalError(res.cancel_reason || 'watch canceled');
        return end({ type: 'ERROR', object: err.status });
      }
      if (res.events.length === 0) {
        const metadata = { resourceVersion: String(res.header.revision) };
        return onEvent({ type: 'BOOKMARK', object: { kind: this.resource.kind, apiVersion: this.resource.apiVersion, metadata } });
      }
      for (const e of res.events) {
        const ev = this.toWatchEvent(e);
        if (ev.type === 'ERROR') return end(ev);
        onEvent(ev);
        if (stopped) return;
      }
    };
    const stream: WatchStream = this.kv.watch({ key: prefix, range_end: prefixRangeEnd(prefix), start_revision: from + 1, prev_kv: true }, onResponse);
    return {
      stop() {
        if (stopped) return;
        stopped = true;
        stream.cancel();
      },
      requestProgress() {
        if (!stopped) stream.requestProgress();
      },
    };
  }

  /** toWatchEvent is watcher.go's transform: ADDED when the put created the key, DELETED with the object before the delete. */
  private toWatchEvent(e: Event): WatchEvent {
    const rev = e.kv.mod_revision;
    if (e.type === 'PUT') {
      const type = e.kv.create_revision === rev ? 'ADDED' : 'MODIFIED';
      return { type, object: parseStored(e.kv.value, rev) };
    }
    if (!e.prev_kv) {
      return { type: 'ERROR', object: newInternalError(`etcd event received with PrevKv=nil (key=${JSON.stringify(e.kv.key)}, modRevision=${rev}, type=${e.type})`).status };
    }
    return { type: 'DELETED', object: parseStored(e.prev_kv.value, rev) };
  }
}
