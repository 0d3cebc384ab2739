/**
 * The contract of the apiserver-watch lab: the two operations at the heart
 * of k8s.io/apiserver/pkg/storage/etcd3, over the `EtcdKV` seam.
 *
 * - `guaranteedUpdate`: read, apply, write back only if nothing changed in
 *   between (a txn comparing the key's mod_revision), retrying a lost race;
 *   a stale resourceVersion precondition is a 409 Conflict.
 * - `watch`: etcd's watch from a resourceVersion, as API watch events
 *   (ADDED / MODIFIED / DELETED, BOOKMARK on a progress notification, ERROR
 *   410 when etcd has compacted the revisions the watch needs).
 *
 * A resourceVersion is the etcd revision that last modified the object (its
 * key's mod_revision), as a decimal string. Objects are stored as JSON
 * without metadata.resourceVersion. Results come through callbacks, never
 * inside the call that asked for them (the EtcdKV contract carries over).
 */
import type { EtcdKV } from '../../../etcd/v3/kv';
import type { Done, KubeObject, WatchEvent } from '../types';

/** ResourceInfo names the resource in errors (`configmaps "web"`) and its objects' kind in bookmarks. */
export interface ResourceInfo {
  group: string;
  resource: string;
  kind: string;
  apiVersion: string;
}

/**
 * UpdateFn computes the new object from a copy of the current one (which
 * carries metadata.resourceVersion); it may mutate that copy. It may be
 * called more than once for one update: once per attempt.
 */
export type UpdateFn = (current: KubeObject) => KubeObject;

/** WatchControl is what a caller holds of an open watch. */
export interface WatchControl {
  /** stop ends the watch: no event is delivered after stop() returns. */
  stop(): void;
  /** requestProgress asks etcd for a progress notification, which arrives as a BOOKMARK event. */
  requestProgress(): void;
}

/** VersionedStore is one resource's optimistic concurrency and watch over etcd. */
export interface VersionedStore {
  /**
   * guaranteedUpdate updates the object at key with tryUpdate. Not found:
   * 404 NotFound. expectedResourceVersion, when given, must equal the stored
   * object's resourceVersion, else 409 Conflict with the optimistic-lock text
   * (`Operation cannot be fulfilled on configmaps "web": the object has been
   * modified; please apply your changes to the latest version and try
   * again`). The write is a txn that compares the key's mod_revision with
   * the one read; when the comparison fails (another writer got in between)
   * the update starts over from the object the txn's failure branch read,
   * which also re-checks the precondition. An etcd error is a 500 with
   * etcd's message. Answers the stored object, resourceVersion = the write's revision.
   */
  guaranteedUpdate(key: string, expectedResourceVersion: string | undefined, tryUpdate: UpdateFn, done: Done<KubeObject>): void;
  /**
   * watch streams every change under prefix (a key ending in "/") made after
   * resourceVersion (a decimal number ≥ 1 the caller has seen), in revision
   * order, each once. A create is ADDED, a later put MODIFIED, a delete
   * DELETED carrying the object as it was before the delete; each event's
   * object has resourceVersion = the change's revision. A progress
   * notification is a BOOKMARK whose object (of the resource's kind) holds
   * only metadata.resourceVersion = the notification's revision. When etcd
   * cancels the watch because the revisions it needs are compacted, one
   * ERROR event carries a 410 Expired Status, `too old resource version: N
   * (M)` (N = resourceVersion, M = etcd's compact_revision), and the watch ends.
   */
  watch(prefix: string, resourceVersion: string, onEvent: (ev: WatchEvent) => void): WatchControl;
}

/** NewVersionedStore is what the lab's file exports as `newStore`. */
export type NewVersionedStore = (kv: EtcdKV, resource: ResourceInfo) => VersionedStore;
