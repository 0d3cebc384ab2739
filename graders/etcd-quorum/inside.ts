/**
 * The etcd-quorum lab's inside module: it runs in the realm next to the
 * learner's node and wraps it in a driver, so the member on the outside
 * drives it with one call per input.
 */
import { LocalRaftDriver, type DriverConfig } from '../../engine/etcd/raft-driver';
import type { PersistedState } from '../../engine/raft/types';
import { Rng } from '../../engine/sim/rng';
import { createRaftNode } from '../../labs/etcd-quorum/raft';

/** start creates the learner's node with a seeded rng and returns its driver. */
export function start(config: DriverConfig, persisted: PersistedState): LocalRaftDriver {
  const { seed, ...rest } = config;
  return new LocalRaftDriver(createRaftNode({ ...rest, rng: new Rng(seed) }, persisted));
}
