/**
 * Maintenance is the lab boundary of "etcd-backup-restore": the operations
 * etcd runs on its store besides serving requests (compaction, snapshots,
 * status, defragmentation), written over the core's public surface. The
 * engine's own implementation is `maintenance` in reference.ts; a learner's
 * replaces it in the lab.
 *
 * This module holds only the contract, so the core and learner code can
 * name it without reaching an implementation.
 */

import type { Compactor, MvccStore, StoreOptions } from './store';
import type { EndpointStatus, SnapshotStatus } from './types';

export interface Maintenance {
  /**
   * compact forgets history before rev, as etcd's Compact (compact.ts); the
   * store calls it for store.compact(rev) and for a compaction it finds
   * half done when opened.
   */
  compact: Compactor;
  /** saveSnapshot returns the store's db file followed by its 32-byte SHA-256 (`etcdctl snapshot save`). */
  saveSnapshot: (store: MvccStore) => Uint8Array;
  /** snapshotStatus reads a snapshot as `etcdutl snapshot status` does; trailing bytes are ignored. */
  snapshotStatus: (snapshot: Uint8Array) => SnapshotStatus;
  /**
   * restoreSnapshot checks a snapshot and opens a store on it
   * (`etcdutl snapshot restore`); opts are passed on to MvccStore.open, and
   * carry the compactor the restored store uses.
   */
  restoreSnapshot: (snapshot: Uint8Array, opts?: RestoreOptions) => MvccStore;
  /** defrag copies the db into a fresh file so that its size is what is in use (`etcdctl defrag`). */
  defrag: (store: MvccStore) => DefragResult;
  /** endpointStatus is the store's part of `etcdctl endpoint status`. */
  endpointStatus: (store: MvccStore) => EndpointStatus;
}

export interface RestoreOptions extends StoreOptions {
  /** skipHashCheck accepts a db without (or with a wrong) trailing hash, like --skip-hash-check. */
  skipHashCheck?: boolean;
}

/** DefragResult reports the db size before and after a defrag, in bytes. */
export interface DefragResult {
  sizeBefore: number;
  sizeInUseBefore: number;
  sizeAfter: number;
  sizeInUseAfter: number;
}
