import { maintenance } from '../../engine/etcd/mvcc';
import type { DefragResult, EndpointStatus, SnapshotStatus } from '../../engine/etcd/mvcc/core';
import type { LabGrader } from '../core/lab';
import type { Realm } from '../core/realm/realm';
import { fromWire, StoreDriver, toWire, type Damage, type KvOp, type Outcome, type Probe, type ProbePlan, type StepResult, type StoreState } from './inside.driver';
import { playScenario, type Driver } from './play';
import { backupRestoreArb, compactionArb, corruptArb, defragArb, mixedArb, type BackupScenario, type RevRef, type Scope, type Step } from './scenario';

/** INSIDE is the realm module that wires the learner's maintenance into a store. */
const INSIDE = 'graders/etcd-backup-restore/inside.ts';

/**
 * realmDriver starts a driver of the learner's store inside the realm. Its
 * snapshots cross the boundary as strings (see WireDriver) and are bytes
 * again here.
 */
export function realmDriver(realm: Realm): Driver {
  const inner = realm.create(INSIDE, 'start');
  // Failures carry the stack frame as the realm ran the code: map it to the learner's line.
  const remote = { call: (method: string, ...args: unknown[]) => relocate(inner.call(method, ...args), (at) => realm.locate(at)) };
  const wire = (b: Uint8Array | null) => (b === null ? null : toWire(b));
  return {
    state: () => remote.call('state') as StoreState,
    kv: (op: KvOp) => remote.call('kv', op) as StepResult,
    endpointStatus: () => remote.call('endpointStatus') as Outcome<EndpointStatus>,
    save: () => {
      const out = remote.call('save') as Outcome<string>;
      return 'ok' in out ? { ok: fromWire(out.ok) } : out;
    },
    snapshotStatus: (snapshot) => remote.call('snapshotStatus', wire(snapshot)) as Outcome<SnapshotStatus>,
    restore: (snapshot, skipHashCheck, adopt) => remote.call('restore', wire(snapshot), skipHashCheck, adopt) as Outcome<StoreState>,
    damaged: (base, damage: Damage, skipHashCheck) =>
      remote.call('damaged', wire(base), damage, skipHashCheck) as { status: Outcome<SnapshotStatus>; restore: Outcome<StoreState> },
    defrag: () => remote.call('defrag') as Outcome<DefragResult>,
    probe: (plan: ProbePlan, target: 'store' | 'restored' = 'store') => remote.call('probe', plan, target) as Probe,
  };
}

/** relocate rewrites every Failure's `at` in a driver's answer with `locate`. */
function relocate(value: unknown, locate: (at: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => relocate(v, locate));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'at' && typeof v === 'string' ? locate(v) : relocate(v, locate);
  return out;
}

/** referenceDriver is etcd's own store, the oracle. */
export function referenceDriver(): Driver {
  return new StoreDriver(maintenance);
}

/** describeScenario lists a scenario's steps as command lines, with the revisions etcd's store resolves them to. */
export function describeScenario(s: BackupScenario): string {
  const lines: string[] = [];
  playScenario(s, referenceDriver(), referenceDriver(), (line) => lines.push(line));
  return lines.map((l, i) => `${i + 1}. ${l}`).join('; ');
}

// Builders for the examples.
const cur = (delta = 0): RevRef => ({ from: 'current', delta });
const cmp = (delta = 0): RevRef => ({ from: 'compacted', delta });
const put = (key: number, size = 8): Step => ({ do: 'put', key, size, prevKv: false });
const del = (key: number, scope: Scope = 'key'): Step => ({ do: 'delete', key, scope, prevKv: false });
const get = (key: number, scope: Scope, at: RevRef): Step => ({ do: 'get', key, scope, at });
const watch = (key: number, scope: Scope, from: RevRef): Step => ({ do: 'watch', key, scope, from });
const compact = (at: RevRef): Step => ({ do: 'compact', at });

/** etcdBackupRestore is the grader of the etcd-backup-restore lab: the learner's maintenance over the engine's MVCC store. */
export const etcdBackupRestore: LabGrader<BackupScenario> = {
  info: {
    id: 'etcd-backup-restore',
    title: 'etcd backup and restore: compaction, snapshots, defrag',
    summary: 'Implement compaction, snapshot save / status / restore and defragmentation over etcd’s MVCC store, with etcd’s exact answers and errors.',
    lesson: '/etcd/backup-restore/',
    files: ['maintenance.ts'],
    reference: { 'maintenance.ts': 'engine/etcd/mvcc/reference.ts' },
    solution: [
      'engine/etcd/mvcc/compact.ts',
      'engine/etcd/mvcc/snapshot.ts',
      'engine/etcd/mvcc/status.ts',
      'engine/etcd/mvcc/defrag.ts',
      'engine/etcd/mvcc/reference.ts',
      'engine/etcd/mvcc/index.ts',
    ],
  },
  examples: [
    {
      id: 'compact-and-read',
      title: 'compact two revisions back, then read and watch below, at and above the compacted revision',
      data: {
        steps: [
          put(0),
          put(1),
          put(0),
          del(1),
          put(2),
          put(0),
          compact(cur(-2)),
          get(0, 'key', cmp(-1)),
          get(0, 'key', cmp(0)),
          get(0, 'dir', cmp(1)),
          watch(0, 'all', cmp(-1)),
          watch(0, 'all', cmp(0)),
          put(0),
          compact(cmp(0)),
          compact(cur(1)),
        ],
      },
    },
    {
      id: 'snapshot-round-trip',
      title: 'save a snapshot of a compacted store, read its status, restore it and carry on',
      data: {
        steps: [put(0, 300), put(1, 40), put(0, 300), del(0), put(3, 1200), compact(cur(-1)), put(1, 40), { do: 'backup' }, get(1, 'all', cmp(0)), get(1, 'all', cmp(-1)), put(0), compact(cur(0)), { do: 'status' }],
      },
    },
    {
      id: 'refuse-damaged-snapshots',
      title: 'snapshots with a flipped byte or cut short are refused with etcdutl’s errors',
      data: {
        steps: [
          put(0, 1200),
          put(1, 1200),
          put(2, 5000),
          put(0, 1200),
          del(2),
          compact(cur(0)),
          { do: 'corrupt', region: 'data', at: 3000, mask: 0x10, skipHashCheck: false },
          { do: 'corrupt', region: 'trailer', at: 5000, mask: 0x01, skipHashCheck: false },
          { do: 'truncate', cut: 32, skipHashCheck: false },
          { do: 'corrupt', region: 'page-header', at: 0, mask: 0x02, skipHashCheck: true },
          { do: 'corrupt', region: 'free', at: 5000, mask: 0xff, skipHashCheck: true },
          { do: 'truncate', cut: 4096, skipHashCheck: true },
        ],
      },
    },
    {
      id: 'defrag-after-compaction',
      title: 'large values deleted and compacted away; defrag gives the space back and keeps the data',
      data: {
        steps: [put(0, 5000), put(1, 5000), put(2, 1200), put(0, 5000), put(1, 5000), del(1), put(3, 300), compact(cur(0)), { do: 'status' }, { do: 'defrag' }, { do: 'status' }, put(1, 300), { do: 'backup' }],
      },
    },
  ],
  families: [
    { name: 'compaction', title: 'compactions at random revisions, reads and watches around them', count: 4, arbitrary: compactionArb },
    { name: 'backup-restore', title: 'snapshots saved, restored and carried on from', count: 4, arbitrary: backupRestoreArb },
    { name: 'corrupt-snapshots', title: 'snapshots with a flipped byte or cut short', count: 4, arbitrary: corruptArb },
    { name: 'defrag', title: 'defragmentation after deletes and compaction', count: 3, arbitrary: defragArb },
    { name: 'mixed', title: 'everything at once', count: 4, arbitrary: mixedArb },
  ],
  run(s, { realm }) {
    return playScenario(s, realmDriver(realm), referenceDriver());
  },
  describe: describeScenario,
};
