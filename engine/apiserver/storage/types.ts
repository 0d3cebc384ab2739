/**
 * The API server's storage layer as the REST handler sees it, after
 * k8s.io/apiserver/pkg/storage (storage.Interface): an etcd3 store that
 * reads and writes JSON objects under `/registry/<resource>/…` through the
 * `EtcdKV` seam, and a watch cache (the cacher) in front of it that serves
 * watches and `resourceVersion=0` reads from memory.
 *
 * One `ResourceStorage` serves one resource (one GroupResource, one key
 * prefix), as upstream builds one store and one cacher per resource.
 * Results come through callbacks, never Promises; a callback is never called
 * inside the method that takes it (the EtcdKV contract carries over).
 *
 * Errors are `StatusError`s (../errors) with upstream's texts: NotFound,
 * AlreadyExists, Conflict, Expired (410), Invalid, InternalError …
 */
import type { ObjectMeta, Status } from 'kubernetes-types/meta/v1';
import type { EtcdKV } from '../../etcd/v3/kv';
import type { StatusError } from '../errors';
import type { FieldSelector, LabelSelector } from '../selectors/types';

/**
 * KubeObject is any API object as JSON. Objects handed out by storage
 * (results, watch events) are shared between callers and watchers: treat
 * them as read-only, copy before mutating.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** GroupResource names the resource in error messages: `deployments.apps "web" not found` ("" group = core). */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Done is the callback of one storage call: a StatusError, or the result. */
export type Done<T> = (err: StatusError | null, res?: T) => void;

/** StorageClock is the part of the kernel the cacher needs for bookmarks (sim / HostContext fit). */
export interface StorageClock {
  readonly now: number;
  after(delayMs: number, fn: () => void): { cancel(): void };
}

/**
 * Attrs are what selectors match on (storage.AttrFunc's labels.Set and
 * fields.Set). fields always holds metadata.name and, for namespaced
 * resources, metadata.namespace, plus the resource's own (spec.nodeName …).
 */
export interface Attrs {
  labels: Record<string, string>;
  fields: Record<string, string>;
}

/** AttrFunc extracts a resource's Attrs; the default gives labels, metadata.name and metadata.namespace. */
export type AttrFunc = (obj: KubeObject) => Attrs;

/**
 * SelectionPredicate is storage.SelectionPredicate: an object is selected
 * when both selectors match its attrs. Absent selectors match everything.
 */
export interface SelectionPredicate {
  label?: LabelSelector;
  field?: FieldSelector;
}

/** Preconditions must hold on the stored object for an update or delete to go through (metav1.Preconditions). */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** ResourceVersionMatch is metav1.ResourceVersionMatch ("" = unset). */
export type ResourceVersionMatch = '' | 'NotOlderThan' | 'Exact';

/**
 * GetOptions: resourceVersion "" reads the latest (quorum read), "0" any
 * (served from the watch cache), "N" not older than N.
 */
export interface GetOptions {
  resourceVersion?: string;
  /** ignoreNotFound answers a missing object with `null` instead of NotFound. */
  ignoreNotFound?: boolean;
}

/**
 * ListOptions are metav1.ListOptions as storage uses them.
 * resourceVersion "" = most recent (quorum read from etcd); "0" = any (served
 * from the watch cache, no paging); "N" with resourceVersionMatch Exact = the
 * state at revision N (from etcd); "N" otherwise = not older than N.
 * limit > 0 pages; continue resumes a page (its rv is the list's).
 */
export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  limit?: number;
  continue?: string;
  predicate?: SelectionPredicate;
}

/** ListResult is a list's items and its metav1.ListMeta fields. */
export interface ListResult {
  items: KubeObject[];
  /** resourceVersion is the revision the list was served at. */
  resourceVersion: string;
  /** continue is set when more items remain. */
  continue?: string;
  /** remainingItemCount is how many more keys the range holds (only when paging without a selector, as upstream). */
  remainingItemCount?: number;
}

/**
 * TryUpdate computes the new object from the current one (a copy the
 * function may mutate): it returns the object to store or a StatusError to
 * abort with. `current` is null only with ignoreNotFound and no stored
 * object (then the update creates).
 */
export type TryUpdate = (current: KubeObject | null) => KubeObject | StatusError;

export interface UpdateOptions {
  preconditions?: Preconditions;
  /** ignoreNotFound lets tryUpdate create the object (PUT that creates). */
  ignoreNotFound?: boolean;
}

/** WatchEventType is watch.EventType. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * WatchEvent is one event of a watch (watch.Event). ERROR carries a
 * metav1.Status; BOOKMARK an object of the resource's kind with only
 * metadata.resourceVersion (and, ending the initial events of a
 * sendInitialEvents watch, the annotation `k8s.io/initial-events-end: "true"`).
 */
export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: KubeObject }
  | { type: 'ERROR'; object: Status };

/**
 * WatchOptions: resourceVersion ""/"0" starts with synthetic ADDED events for
 * the current state, then live events; "N" replays every event after N, then
 * live; N older than the watch cache holds gets one ERROR event (410 Expired,
 * `too old resource version: N (M)`) and the watch ends.
 */
export interface WatchOptions {
  resourceVersion?: string;
  predicate?: SelectionPredicate;
  allowWatchBookmarks?: boolean;
  /** sendInitialEvents (the watch-list feature) sends the state at resourceVersion as ADDED events first. */
  sendInitialEvents?: boolean;
}

/** WatchHandle stops a watch; no event is delivered after stop() returns. */
export interface WatchHandle {
  stop(): void;
}

/**
 * ResourceStorage is storage.Interface for one resource. Keys are full etcd
 * keys under the resource's prefix: use keyFor / prefixFor. A key's last
 * segment is the object's name in error messages.
 */
export interface ResourceStorage {
  readonly resource: GroupResource;
  /** keyFor is `<prefix>/<resourcePrefix>/<namespace>/<name>` (cluster-scoped: no namespace). */
  keyFor(namespace: string | undefined, name: string): string;
  /** prefixFor is the key prefix (ending in "/") of a namespace, or of the whole resource. */
  prefixFor(namespace?: string): string;

  /** create stores obj (metadata.resourceVersion must be unset); AlreadyExists if the key exists. */
  create(key: string, obj: KubeObject, done: Done<KubeObject>): void;
  /** get reads one object; NotFound (or null with ignoreNotFound). */
  get(key: string, opts: GetOptions, done: Done<KubeObject | null>): void;
  /** getList lists the objects under a prefix that match opts.predicate. */
  getList(prefix: string, opts: ListOptions, done: Done<ListResult>): void;
  /**
   * guaranteedUpdate reads the object, applies tryUpdate and writes it if the
   * object is unchanged since the read (txn on mod_revision), retrying on a
   * lost race. A resourceVersion precondition that does not hold is a 409
   * Conflict with the optimistic-lock text (`…: the object has been modified;
   * please apply your changes to the latest version and try again`), as the
   * registry's Update answers a stale metadata.resourceVersion; a uid
   * precondition that does not hold is a 409 Conflict with upstream's
   * "Precondition failed: UID in precondition: …" text. An update that
   * changes nothing writes nothing and returns the current object.
   */
  guaranteedUpdate(key: string, opts: UpdateOptions, tryUpdate: TryUpdate, done: Done<KubeObject>): void;
  /**
   * delete removes the object if preconditions hold (409 Conflict with
   * "Precondition failed: UID|ResourceVersion in precondition: …" otherwise),
   * retrying on a lost race;
   * returns the deleted object with resourceVersion = the delete's revision.
   * validateDeletion (optional) may veto with a StatusError after the read.
   */
  delete(
    key: string,
    preconditions: Preconditions | undefined,
    done: Done<KubeObject>,
    validateDeletion?: (current: KubeObject) => StatusError | null,
  ): void;
  /** count is the number of keys under prefix (quorum read). */
  count(prefix: string, done: Done<number>): void;
  /**
   * watch streams changes under prefix (a key not ending in "/" watches that
   * one key), served by the watch cache. onClose, if given, is called once
   * when the server ends the watch: after an ERROR event, or when the cacher
   * restarts (an etcd compaction): the client then re-watches from the last
   * resourceVersion it saw, as a reflector does. Not called after stop().
   */
  watch(prefix: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void, onClose?: () => void): WatchHandle;
  /** stop ends the cacher's etcd watch and every watch of this storage. */
  stop(): void;
}

/**
 * StorageConfig makes one ResourceStorage (createStorage in ./index):
 * storage/etcd3 over kv, with a cacher in front unless watchCache is false.
 */
export interface StorageConfig {
  kv: EtcdKV;
  clock: StorageClock;
  resource: GroupResource;
  /** kind of the resource's objects ("Pod"): bookmarks carry it. apiVersion likewise ("v1", "apps/v1"). */
  kind: string;
  apiVersion: string;
  /** prefix of every key, "/registry" by default (--etcd-prefix). */
  prefix?: string;
  /** resourcePrefix is the resource's key segment: "pods", "minions" (nodes), "services/specs" … */
  resourcePrefix: string;
  namespaced: boolean;
  /** attrs extracts selectable attrs; default: labels + metadata.name (+ metadata.namespace). */
  attrs?: AttrFunc;
  /**
   * watchCache false turns the cacher off (--watch-cache=false): reads go to
   * etcd, and each watch is its own etcd watch (storage/etcd3's watcher).
   */
  watchCache?: boolean;
  /** defer runs a callback later, never inside the caller; default `fn => clock.after(0, fn)`. */
  defer?: (fn: () => void) => void;
  /** watchCacheSize is the event ring's capacity (upstream's default is 100). */
  watchCacheSize?: number;
  /** bookmarkIntervalMs is how often watchers that allow bookmarks get one (upstream: ~1 min, jittered; here fixed). */
  bookmarkIntervalMs?: number;
}
