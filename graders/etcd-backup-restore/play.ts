import { PAGE_SIZE, type DefragResult, type EndpointStatus, type SnapshotStatus } from '../../engine/etcd/mvcc/core';
import type { CheckResult, Verdict } from '../core/lab';
import {
  checkCompact,
  checkDefrag,
  checkEndpointStatus,
  checkProbe,
  checkRestore,
  checkSnapshotSave,
  checkSnapshotStatus,
  checkStep,
  PROPERTIES,
  type Context,
} from './checks';
import type { Damage, KvOp, Outcome, Probe, ProbePlan, StepResult, StoreState } from './inside.driver';
import { compactRevision, corruptionOffset, describeOp, isKvStep, kvOp, whereIs, type BackupScenario, type Step } from './scenario';

/** Driver is a StoreDriver's surface, whether it runs here (etcd's) or in the realm (the learner's). */
export interface Driver {
  state(): StoreState;
  kv(op: KvOp): StepResult;
  endpointStatus(): Outcome<EndpointStatus>;
  save(): Outcome<Uint8Array>;
  snapshotStatus(snapshot: Uint8Array): Outcome<SnapshotStatus>;
  /** restore restores `snapshot`, or with null the snapshot save() made last. */
  restore(snapshot: Uint8Array | null, skipHashCheck: boolean, adopt: boolean): Outcome<StoreState>;
  damaged(base: Uint8Array | null, damage: Damage, skipHashCheck: boolean): { status: Outcome<SnapshotStatus>; restore: Outcome<StoreState> };
  defrag(): Outcome<DefragResult>;
  probe(plan: ProbePlan, target?: 'store' | 'restored'): Probe;
}

/** PROBE_READS caps how many revisions a probe reads every key at. */
export const PROBE_READS = 10;

/**
 * planFor is what a probe of a store in state st looks at: reads of every
 * key just below the compacted revision (where they must be refused), at it
 * and the few after it, at the last few revisions and one past the current
 * one (a future revision), and evenly between when there are more than
 * PROBE_READS; watches from just below and exactly at the compacted
 * revision (the second replays all history left).
 */
export function planFor(st: StoreState): ProbePlan {
  const first = Math.max(1, st.compacted - 1);
  const last = st.revision + 1;
  const all: number[] = [];
  for (let r = first; r <= last; r++) all.push(r);
  let reads = all;
  if (all.length > PROBE_READS) {
    const edge = 4;
    const middle = all.slice(edge, all.length - edge);
    const spread = PROBE_READS - 2 * edge;
    const picked = Array.from({ length: spread }, (_, i) => middle[Math.floor(((i + 0.5) * middle.length) / spread)]!);
    reads = [...all.slice(0, edge), ...picked, ...all.slice(all.length - edge)];
  }
  const watches = st.compacted >= 2 ? [st.compacted - 1, st.compacted] : [Math.max(1, st.compacted)];
  return { reads, watches };
}

/** Tally counts what a scenario exercised, for the passing message. */
interface Tally {
  writes: number;
  reads: number;
  compactions: number;
  restores: number;
  damaged: number;
  defrags: number;
}

/** StepLog receives each step as a command line with its revisions resolved, for reproductions. */
export type StepLog = (line: string) => void;

/**
 * playScenario runs a scenario's steps on the learner's driver and etcd's
 * side by side and returns the first failed check, or a pass. `log`, when
 * given, receives each step's command line.
 */
export function playScenario(s: BackupScenario, mine: Driver, ref: Driver, log?: StepLog): Verdict {
  const tally: Tally = { writes: 0, reads: 0, compactions: 0, restores: 0, damaged: 0, defrags: 0 };
  const run: Run = { tally };
  let ctx: Context = 'none';
  for (const [i, step] of s.steps.entries()) {
    const st = ref.state();
    const { text, result, context } = playStep(step, i, st, mine, ref, ctx, run);
    log?.(text);
    if (result.valid === false) {
      return { passed: false, property: result.property, message: `${result.message}\n(step ${i + 1} of ${s.steps.length}: ${text}, at revision ${st.revision})` };
    }
    ctx = context;
  }
  const st = ref.state();
  return {
    passed: true,
    message:
      `${s.steps.length} steps answered as etcd answers them, ending at revision ${st.revision} (compacted ${st.compacted}): ` +
      [
        count(tally.writes, 'write'),
        count(tally.reads, 'read or watch', 'reads and watches'),
        count(tally.compactions, 'compaction'),
        count(tally.restores, 'restore'),
        count(tally.damaged, 'damaged snapshot'),
        count(tally.defrags, 'defrag'),
      ].join(', '),
  };
}

/** count renders "1 restore", "2 restores". */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Run is what a scenario run carries from step to step. */
interface Run {
  tally: Tally;
  base?: DamageBase;
}

interface Played {
  text: string;
  result: CheckResult;
  /** context is what the learner's store was last changed by, after this step. */
  context: Context;
}

function playStep(step: Step, i: number, st: StoreState, mine: Driver, ref: Driver, ctx: Context, run: Run): Played {
  const tally = run.tally;
  // Only damage steps, endpoint status and reads leave etcd's db as it was, so only they may share a damage base.
  if (!(step.do === 'corrupt' || step.do === 'truncate' || step.do === 'status' || step.do === 'get')) run.base = undefined;
  if (isKvStep(step)) {
    const op = kvOp(step, i, st);
    if (op.op === 'range' || op.op === 'watch') tally.reads++;
    else tally.writes++;
    const text = describeOp(op);
    return { text, result: checkStep(text, mine.kv(op), ref.kv(op), ctx), context: ctx };
  }
  switch (step.do) {
    case 'compact': {
      const rev = compactRevision(step.at, st);
      const text = `compact ${rev}`;
      const r = ref.kv({ op: 'compact', revision: rev });
      const m = mine.kv({ op: 'compact', revision: rev });
      const res = checkCompact(rev, st, m, r);
      if (res.valid !== true || 'error' in r.outcome) return { text, result: res, context: ctx };
      tally.compactions++;
      const plan = planFor(ref.state());
      return { text, result: checkProbe(mine.probe(plan), ref.probe(plan), 'compact', `after compact(${rev})`), context: 'compact' };
    }
    case 'status':
      return { text: 'endpoint status', result: checkEndpointStatus(mine.endpointStatus(), ref.endpointStatus()), context: ctx };
    case 'backup':
      tally.restores++;
      return { text: 'snapshot save, snapshot status, snapshot restore, then carry on with the restored store', result: backup(st, mine, ref), context: 'restore' };
    case 'corrupt':
    case 'truncate': {
      tally.damaged++;
      run.base ??= damageBase(ref);
      const { what, result } = tryDamaged(step, run.base, mine, ref);
      const flag = step.skipHashCheck ? ' --skip-hash-check' : '';
      return { text: `snapshot save, then status and restore${flag} of ${what}`, result, context: ctx };
    }
    case 'defrag': {
      tally.defrags++;
      const res = checkDefrag(mine.defrag(), ref.defrag());
      if (res.valid !== true) return { text: 'defrag', result: res, context: ctx };
      const plan = planFor(ref.state());
      return { text: 'defrag', result: checkProbe(mine.probe(plan), ref.probe(plan), 'defrag', 'after defrag'), context: 'defrag' };
    }
  }
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}

/** backup saves, checks, and restores a snapshot on both sides; both carry on with their restored store. */
function backup(st: StoreState, mine: Driver, ref: Driver): CheckResult {
  const refSnap = ref.save();
  if ('error' in refSnap) throw new Error(`the reference could not save a snapshot: ${refSnap.error.message}`);
  const mySnap = mine.save();
  const statusOfStore = ref.snapshotStatus(refSnap.ok);
  if ('error' in statusOfStore) throw new Error(`the reference could not read its own snapshot: ${statusOfStore.error.message}`);
  const saved = checkSnapshotSave(
    {
      snapshot: mySnap,
      expectedLength: refSnap.ok.length,
      ...('ok' in mySnap ? { statusOfMine: ref.snapshotStatus(mySnap.ok) } : {}),
      statusOfStore: statusOfStore.ok,
    },
    st.revision,
  );
  if (saved.valid !== true || 'error' in mySnap) return saved;
  const status = checkSnapshotStatus(mine.snapshotStatus(mySnap.ok), statusOfStore, `the snapshot saved at revision ${st.revision}`);
  if (status.valid !== true) return status;
  const r = ref.restore(null, false, true);
  const m = mine.restore(null, false, true);
  const restored = checkRestore(m, r, `the snapshot saved at revision ${st.revision}`, PROPERTIES.restore);
  if (restored.valid !== true || 'error' in r) return restored;
  const plan = planFor(r.ok);
  return checkProbe(mine.probe(plan), ref.probe(plan), 'restore', `after restoring the snapshot saved at revision ${st.revision}`);
}

/** DamageBase is the snapshot of etcd's store that damage steps damage, while the store does not change. */
export interface DamageBase {
  bytes: Uint8Array;
  inUsePages: number;
  /** sent is whether the learner's driver holds it already. */
  sent: boolean;
}

/** damageBase takes a fresh snapshot of etcd's store to damage. */
function damageBase(ref: Driver): DamageBase {
  const snap = ref.save();
  const status = ref.endpointStatus();
  if ('error' in snap || 'error' in status) throw new Error('the reference could not save a snapshot');
  return { bytes: snap.ok, inUsePages: status.ok.dbSizeInUse / PAGE_SIZE, sent: false };
}

/** damageOf is what a damage step does to the base, and how messages name the result. */
function damageOf(step: Extract<Step, { do: 'corrupt' | 'truncate' }>, base: DamageBase): { damage: Damage; what: string } {
  const length = base.bytes.length;
  if (step.do === 'truncate') {
    const cut = Math.min(Math.max(step.cut, 1), length - 1);
    return { damage: { cut }, what: `a snapshot cut short by ${cut} bytes (${length - cut} of ${length})` };
  }
  const dbSize = length - 32;
  const offset = corruptionOffset(step.region, step.at, dbSize, base.inUsePages);
  const mask = step.mask & 0xff || 1;
  return {
    damage: { flip: offset, mask },
    what: `a snapshot with byte ${offset} flipped (xor 0x${mask.toString(16).padStart(2, '0')}, in ${whereIs(offset, dbSize, base.inUsePages)})`,
  };
}

/** tryDamaged reads the status of a damaged snapshot and restores it on both sides, without carrying on with the result. */
function tryDamaged(step: Extract<Step, { do: 'corrupt' | 'truncate' }>, base: DamageBase, mine: Driver, ref: Driver): { what: string; result: CheckResult } {
  const { damage, what } = damageOf(step, base);
  const r = ref.damaged(base.bytes, damage, step.skipHashCheck);
  const m = mine.damaged(base.sent ? null : base.bytes, damage, step.skipHashCheck);
  base.sent = true;
  const how = step.skipHashCheck ? `${what} with --skip-hash-check` : what;
  const status = checkSnapshotStatus(m.status, r.status, what);
  if (status.valid !== true) return { what, result: status };
  const restored = checkRestore(m.restore, r.restore, how, PROPERTIES.corrupt);
  if (restored.valid !== true || 'error' in r.restore) return { what, result: restored };
  const plan = planFor(r.restore.ok);
  return { what, result: checkProbe(mine.probe(plan, 'restored'), ref.probe(plan, 'restored'), 'corrupt', `in the store restored from ${how}`) };
}
