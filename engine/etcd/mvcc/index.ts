/**
 * etcd's MVCC store for the engine.
 *
 * Core: MvccStore (store.ts) over Backend (backend.ts, the bbolt file of
 * bbolt.ts) and TreeIndex / KeyIndex (tree_index.ts, key_index.ts).
 * Maintenance, one small module each: compact.ts, snapshot.ts, status.ts,
 * defrag.ts. `maintenance` bundles them as one swappable object.
 */

import { compact } from './compact';
import { defrag } from './defrag';
import { restoreSnapshot, saveSnapshot } from './snapshot';
import { endpointStatus, snapshotStatus } from './status';

export { MvccStore, WriteTxn, prefixRangeEnd, type StoreOptions } from './store';
export { Backend, DbCorruptError } from './backend';
export { PAGE_SIZE, type PageUsage } from './bbolt';
export { TreeIndex } from './tree_index';
export { KeyIndex, Generation } from './key_index';
export { compact, compactIndex, compactKeyIndex } from './compact';
export { saveSnapshot, restoreSnapshot, verifySnapshot, openSnapshotDb, hasChecksum, type RestoreOptions } from './snapshot';
export { endpointStatus, snapshotStatus } from './status';
export { defrag, type DefragResult } from './defrag';
export * from './errors';
export type * from './types';

/**
 * Maintenance is the lab boundary of "etcd-backup-restore": the operations a
 * learner reimplements over the core store.
 */
export interface Maintenance {
  compact: typeof compact;
  saveSnapshot: typeof saveSnapshot;
  snapshotStatus: typeof snapshotStatus;
  restoreSnapshot: typeof restoreSnapshot;
  defrag: typeof defrag;
  endpointStatus: typeof endpointStatus;
}

/** maintenance is the engine's own implementation, the lab's reference solution. */
export const maintenance = {
  compact,
  saveSnapshot,
  snapshotStatus,
  restoreSnapshot,
  defrag,
  endpointStatus,
} satisfies Maintenance;
