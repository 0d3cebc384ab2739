/**
 * The engine's own maintenance, wired up: `maintenance` bundles compact.ts,
 * snapshot.ts, status.ts and defrag.ts behind the Maintenance contract (the
 * etcd-backup-restore lab's reference solution), and createStore / openStore
 * make stores that compact with compact.ts.
 */

import type { Backend } from './backend';
import { compact } from './compact';
import { defrag } from './defrag';
import type { Maintenance } from './maintenance';
import { restoreSnapshot, saveSnapshot } from './snapshot';
import { endpointStatus, snapshotStatus } from './status';
import { MvccStore, type StoreOptions } from './store';

/** maintenance is the engine's implementation of the lab boundary. */
export const maintenance = {
  compact,
  saveSnapshot,
  snapshotStatus,
  restoreSnapshot,
  defrag,
  endpointStatus,
} satisfies Maintenance;

/** createStore is MvccStore.create with the reference compactor unless opts names another. */
export function createStore(opts: StoreOptions = {}): MvccStore {
  return MvccStore.create({ ...opts, compactor: opts.compactor ?? compact });
}

/** openStore is MvccStore.open with the reference compactor unless opts names another. */
export function openStore(backend: Backend, opts: StoreOptions = {}): MvccStore {
  return MvccStore.open(backend, { ...opts, compactor: opts.compactor ?? compact });
}
