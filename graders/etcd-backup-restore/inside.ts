/**
 * The etcd-backup-restore lab's inside module: it runs in the realm next to
 * the learner's maintenance and hands the grader a StoreDriver whose store
 * compacts, snapshots, restores and defragments with it.
 */
import { StoreDriver, WireDriver } from './inside.driver';
import { maintenance } from '../../labs/etcd-backup-restore/maintenance';

/** start returns a driver of an empty store wired to the learner's Maintenance, in its wire form. */
export function start(): WireDriver {
  return new WireDriver(new StoreDriver(maintenance));
}
