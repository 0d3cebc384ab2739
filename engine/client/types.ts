/**
 * The seams engine/client consumes, kept small so that the informer and the
 * work queue depend on nothing of the API server: a ListerWatcher (the list
 * and watch verbs of one resource, with callbacks), a Clock and a source of
 * randomness. The API server's client adapts to ListerWatcher; the kernel's
 * Simulation and a host's HostContext already satisfy Clock; engine/sim's Rng
 * satisfies RandomSource.
 */
import type { ObjectMeta, Status } from 'kubernetes-types/meta/v1';

/** KubeObject is any Kubernetes object: the informer reads only its metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * StatusLike is a metav1.Status as a failed request or a watch ERROR event
 * carries it. The client branches on `code` (410 Gone, 429 TooManyRequests)
 * and `reason` (Expired, Gone), as apimachinery's IsResourceExpired does.
 */
export type StatusLike = Status;

/**
 * ListOptions are metav1.ListOptions' fields a lister sends. resourceVersion
 * "" asks for the most recent state (a quorum read), "0" for any state, and
 * any other value for a state not older than it. limit/continue page the
 * result: a page's metadata.continue, passed back, asks for the next page.
 */
export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  limit?: number;
  continue?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * WatchOptions are metav1.ListOptions' fields a watch sends: events after
 * resourceVersion; BOOKMARK events only when allowWatchBookmarks; the server
 * ends the watch (onEnd without error) after timeoutSeconds.
 */
export interface WatchOptions {
  resourceVersion: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  labelSelector?: string;
  fieldSelector?: string;
}

/** ObjectList is a list response: its items and the list's resourceVersion and continue token. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** WatchEventType is watch.EventType as it travels on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * WatchEvent is one event of a watch stream. For ADDED, MODIFIED and DELETED
 * `object` is the object at the event's resourceVersion; for BOOKMARK an
 * object of the same kind carrying only metadata.resourceVersion; for ERROR a
 * Status (410 Expired when the requested resourceVersion is compacted).
 */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: StatusLike };

/** Watch is a handle on an open watch: after stop() neither onEvent nor onEnd is called again. */
export interface Watch {
  stop(): void;
}

/**
 * ListerWatcher is cache.ListerWatcher with callbacks, for one resource
 * (optionally one namespace and selector, fixed by whoever built it).
 *
 * list calls done exactly once: (null, list) on success, (status, undefined)
 * on failure. watch streams events in resourceVersion order to onEvent, then
 * calls onEnd exactly once when the stream ends: without an argument when the
 * server closed it normally (timeout, connection drop), with a Status when it
 * failed to start or broke. Callbacks are never called synchronously from
 * inside list()/watch() — they come later, scheduled by the kernel — so a
 * caller's state is consistent when they arrive.
 */
export interface ListerWatcher<T extends KubeObject = KubeObject> {
  list(options: ListOptions, done: (err: StatusLike | null, list?: ObjectList<T>) => void): void;
  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onEnd: (err?: StatusLike) => void): Watch;
}

/** Cancelable is a scheduled callback: engine/sim's Timer satisfies it. */
export interface Cancelable {
  cancel(): void;
}

/**
 * Clock is the virtual clock in milliseconds, as engine/sim's Simulation and
 * HostContext expose it (`now` is a property there, so they satisfy this
 * interface as they are). after(0, fn) runs fn later, never synchronously.
 */
export interface Clock {
  readonly now: number;
  after(delayMs: number, fn: () => void): Cancelable;
}

/** RandomSource yields floats in [0, 1): engine/sim's Rng (usually a fork()) satisfies it. */
export interface RandomSource {
  next(): number;
}

/**
 * Logger receives the client's log lines (klog's Info at verbosity `v`, and
 * Warning), with upstream's texts. Default: drop them.
 */
export interface Logger {
  info(v: number, message: string): void;
  warning(message: string): void;
}

/** silentLogger drops every line. */
export const silentLogger: Logger = { info() {}, warning() {} };
