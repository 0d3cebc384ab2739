/**
 * etcd's MVCC store for the engine.
 *
 * Core (core.ts): MvccStore (store.ts) over Backend (backend.ts, the bbolt
 * file of bbolt.ts) and TreeIndex / KeyIndex (tree_index.ts, key_index.ts).
 * Maintenance, one small module each: compact.ts, snapshot.ts, status.ts,
 * defrag.ts; reference.ts bundles them as `maintenance` (the lab boundary
 * Maintenance, maintenance.ts) and makes stores that compact with them
 * (createStore, openStore). The core imports none of them: a store is given
 * its compactor (StoreOptions.compactor).
 */

export * from './core';
export { compact, compactIndex, compactKeyIndex } from './compact';
export { saveSnapshot, restoreSnapshot, verifySnapshot, openSnapshotDb, hasChecksum } from './snapshot';
export { endpointStatus, snapshotStatus } from './status';
export { defrag } from './defrag';
export { maintenance, createStore, openStore } from './reference';
