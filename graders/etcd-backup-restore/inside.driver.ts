/**
 * StoreDriver runs one MVCC store whose maintenance is a given Maintenance,
 * and answers in plain data: the grader drives the learner's through the
 * realm (inside.ts) and the reference's directly, with the same calls, and
 * compares the answers.
 *
 * Every call catches what the store or the maintenance code throws and
 * returns it as a Failure, so a wrong answer and a wrong error read alike.
 *
 * It imports only the store's core: inside the realm, the reference's
 * maintenance modules refuse to load.
 */
import {
  BUCKET_KEY,
  BUCKET_META,
  bytesToRev,
  decodeKeyValue,
  fromUtf8,
  isTombstone,
  MvccStore,
  readFinishedCompact,
  readScheduledCompact,
  type DefragResult,
  type EndpointStatus,
  type Maintenance,
  type RangeResponse,
  type SnapshotStatus,
  type TxnRequest,
  type WatchResponse,
} from '../../engine/etcd/mvcc/core';

/** Failure is an exception as data: its name, its message, and where in the lab files it was thrown. */
export interface Failure {
  name: string;
  message: string;
  /** at is the first stack frame in the learner's files, e.g. "labs/etcd-backup-restore/maintenance.ts:40:11". */
  at?: string;
}

export type Outcome<T> = { ok: T } | { error: Failure };

/** KvOp is one request to the store, with absolute revisions. */
export type KvOp =
  | { op: 'put'; key: string; value: string; prev_kv?: boolean }
  | { op: 'delete'; key: string; range_end?: string; prev_kv?: boolean }
  | { op: 'txn'; request: TxnRequest }
  | { op: 'range'; key: string; range_end?: string; revision: number }
  | { op: 'watch'; key: string; range_end?: string; start_revision: number; prev_kv?: boolean }
  | { op: 'compact'; revision: number };

/** StepResult is a request's answer and the watch responses it caused (every live watcher's, in order). */
export interface StepResult {
  outcome: Outcome<unknown>;
  watch: WatchResponse[];
}

/** StoreState is where a store stands: its revision and its compacted revision (0 when never compacted). */
export interface StoreState {
  revision: number;
  compacted: number;
}

/** ProbePlan says which revisions a probe reads every key at, and which it watches every key from. */
export interface ProbePlan {
  reads: number[];
  watches: number[];
}

/** HistoryEntry is one entry of the key bucket: its revision ("main.sub"), key, and whether it is a delete. */
export interface HistoryEntry {
  rev: string;
  key: string;
  tombstone: boolean;
}

/**
 * Probe is a store seen whole: its revisions, the compaction records of
 * the meta bucket, every bucket's size, the key bucket entry by entry, the
 * file's sizes, every key at each planned revision and a watch of every key
 * from each planned revision. It is read from the core, not through any
 * maintenance code.
 */
export interface Probe {
  revision: number;
  compactRevision: number;
  meta: { scheduledCompactRev: number | null; finishedCompactRev: number | null };
  buckets: Array<{ name: string; entries: number }>;
  history: HistoryEntry[] | Failure;
  dbSize: number;
  dbSizeInUse: number;
  reads: Array<{ revision: number; outcome: Outcome<RangeResponse> }>;
  watches: Array<{ from: number; outcome: Outcome<WatchResponse[]> }>;
}

/** Damage is what is done to a snapshot: bits `mask` of byte `flip` flipped, or `cut` bytes cut off its end. */
export type Damage = { flip: number; mask: number } | { cut: number };

/** applyDamage returns a damaged copy of a snapshot. */
export function applyDamage(snapshot: Uint8Array, d: Damage): Uint8Array {
  if ('cut' in d) return snapshot.slice(0, Math.max(0, snapshot.length - d.cut));
  const out = snapshot.slice();
  out[d.flip] = out[d.flip]! ^ d.mask;
  return out;
}

/** EVERY_KEY and EVERY_KEY_END select every key of the scenarios (all start with "/"). */
export const EVERY_KEY = '/';
export const EVERY_KEY_END = '\0';

/** failure turns anything thrown into a Failure. */
export function failure(e: unknown): Failure {
  if (e instanceof Error) {
    const at = /(labs\/[\w./-]+\.ts:\d+:\d+)/.exec(String(e.stack ?? ''))?.[1];
    return at ? { name: e.name, message: e.message, at } : { name: e.name, message: e.message };
  }
  return { name: 'Error', message: `threw a non-Error value: ${String(e)}` };
}

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: failure(e) };
  }
}

export class StoreDriver {
  private store: MvccStore;
  /** restored is the store the last restore made, adopted or not. */
  private restored: MvccStore | undefined;
  /** saved is the snapshot save() made last. */
  private saved: Uint8Array | undefined;
  /** damageBase is the snapshot damaged() damages copies of. */
  private damageBase: Uint8Array | undefined;

  constructor(private readonly m: Maintenance) {
    this.store = MvccStore.create({ compactor: m.compact });
  }

  state(): StoreState {
    return { revision: this.store.currentRevision(), compacted: this.store.compactRevision() };
  }

  /** kv runs one request and collects the watch responses it caused. */
  kv(op: KvOp): StepResult {
    const s = this.store;
    const outcome = attempt((): unknown => {
      switch (op.op) {
        case 'put':
          return s.put(op.key, op.value, { prev_kv: op.prev_kv ?? false });
        case 'delete':
          return s.deleteRange(op.key, op.range_end, { prev_kv: op.prev_kv ?? false });
        case 'txn':
          return s.txn(op.request);
        case 'range':
          return s.range(op.key, op.range_end, { revision: op.revision });
        case 'watch':
          return s.watch({ key: op.key, range_end: op.range_end, start_revision: op.start_revision, prev_kv: op.prev_kv ?? false });
        case 'compact':
          return s.compact(op.revision);
      }
    });
    return { outcome, watch: s.takeWatchResponses() };
  }

  endpointStatus(): Outcome<EndpointStatus> {
    return attempt(() => this.m.endpointStatus(this.store));
  }

  /** save saves a snapshot, and keeps it for restore(null). */
  save(): Outcome<Uint8Array> {
    const out = attempt(() => {
      const snapshot: unknown = this.m.saveSnapshot(this.store);
      if (!(snapshot instanceof Uint8Array)) throw new TypeError(`saveSnapshot must return a Uint8Array, not ${snapshot === null ? 'null' : typeof snapshot}`);
      return snapshot;
    });
    this.saved = 'ok' in out ? out.ok : undefined;
    return out;
  }

  snapshotStatus(snapshot: Uint8Array): Outcome<SnapshotStatus> {
    return attempt(() => this.m.snapshotStatus(snapshot));
  }

  /**
   * restore restores a snapshot (null: the one save() made last) into
   * a new store; with adopt, the driver carries on with it (its watchers are
   * gone, as after a real restore). It answers the restored store's state.
   */
  restore(snapshot: Uint8Array | null, skipHashCheck: boolean, adopt: boolean): Outcome<StoreState> {
    this.restored = undefined;
    const bytes = snapshot ?? this.saved;
    if (bytes === undefined) throw new Error('restore: no snapshot was saved');
    const made = attempt(() => {
      const store = this.m.restoreSnapshot(bytes, { compactor: this.m.compact, skipHashCheck });
      if (!(store instanceof MvccStore)) throw new TypeError('restoreSnapshot must return the MvccStore it opened');
      return store;
    });
    if ('error' in made) return made;
    this.restored = made.ok;
    if (adopt) this.store = made.ok;
    return { ok: { revision: made.ok.currentRevision(), compacted: made.ok.compactRevision() } };
  }

  /**
   * damaged damages a copy of `base` (null: the base of the previous call, so
   * that it crosses the realm boundary once), reads its status and restores
   * it without adopting the result.
   */
  damaged(base: Uint8Array | null, damage: Damage, skipHashCheck: boolean): { status: Outcome<SnapshotStatus>; restore: Outcome<StoreState> } {
    if (base !== null) this.damageBase = base;
    if (this.damageBase === undefined) throw new Error('damaged: no base snapshot');
    const bytes = applyDamage(this.damageBase, damage);
    return { status: this.snapshotStatus(bytes), restore: this.restore(bytes, skipHashCheck, false) };
  }

  defrag(): Outcome<DefragResult> {
    return attempt(() => this.m.defrag(this.store));
  }

  /** probe reads the driver's store (or the last restored one) whole; see Probe. */
  probe(plan: ProbePlan, target: 'store' | 'restored' = 'store'): Probe {
    const s = target === 'store' ? this.store : this.restored;
    if (s === undefined) throw new Error('probe: no restored store');
    const b = s.backend;
    const reads = plan.reads.map((revision) => ({
      revision,
      outcome: attempt(() => s.range(EVERY_KEY, EVERY_KEY_END, { revision })),
    }));
    const watches = plan.watches.map((from) => ({ from, outcome: attempt(() => watchAll(s, from)) }));
    const history: Outcome<HistoryEntry[]> = b.hasBucket(BUCKET_KEY) ? attempt(() => keyHistory(s)) : { ok: [] };
    return {
      revision: s.currentRevision(),
      compactRevision: s.compactRevision(),
      meta: b.hasBucket(BUCKET_META)
        ? { scheduledCompactRev: readScheduledCompact(b) ?? null, finishedCompactRev: readFinishedCompact(b) ?? null }
        : { scheduledCompactRev: null, finishedCompactRev: null },
      buckets: b.bucketNames().map((name) => ({ name, entries: b.count(name) })),
      history: 'ok' in history ? history.ok : history.error,
      dbSize: b.size(),
      dbSizeInUse: b.sizeInUse(),
      reads,
      watches,
    };
  }
}

/** keyHistory lists the key bucket in order. */
function keyHistory(s: MvccStore): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  s.backend.forEach(BUCKET_KEY, (k, v) => {
    const rev = bytesToRev(k);
    out.push({ rev: `${rev.main}.${rev.sub}`, key: fromUtf8(decodeKeyValue(v).key), tombstone: isTombstone(k) });
  });
  return out;
}

/** watchAll watches every key from a revision with prev_kv, takes what it replays, and cancels it again. */
function watchAll(s: MvccStore, from: number): WatchResponse[] {
  const id = s.watch({ key: EVERY_KEY, range_end: EVERY_KEY_END, start_revision: from, prev_kv: true });
  const responses = s.takeWatchResponses();
  if (s.cancelWatch(id)) s.takeWatchResponses();
  return responses;
}

/**
 * toWire turns bytes into a string of one char per byte, U+0100 + the byte:
 * JSON carries such chars as they are (a char below U+0020 it would escape
 * in six), and building it is a copy, not a base64 encoding.
 */
export function toWire(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 8192;
  const units = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const n = Math.min(CHUNK, bytes.length - i);
    for (let j = 0; j < n; j++) units[j] = 0x100 | bytes[i + j]!;
    s += String.fromCharCode.apply(null, (n === units.length ? units : units.subarray(0, n)) as unknown as number[]);
  }
  return s;
}

/** fromWire is toWire's inverse. */
export function fromWire(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * WireDriver is a StoreDriver as the realm boundary carries it: snapshots
 * travel as toWire strings rather than Uint8Array, so no call pays for the
 * boundary's search for bytes and its base64, once the largest cost of
 * grading this lab. The grader's realmDriver turns them back into bytes;
 * lab code only ever sees Uint8Array.
 */
export class WireDriver {
  constructor(private readonly d: StoreDriver) {}

  state(): StoreState {
    return this.d.state();
  }

  kv(op: KvOp): StepResult {
    return this.d.kv(op);
  }

  endpointStatus(): Outcome<EndpointStatus> {
    return this.d.endpointStatus();
  }

  save(): Outcome<string> {
    const out = this.d.save();
    return 'ok' in out ? { ok: toWire(out.ok) } : out;
  }

  snapshotStatus(snapshot: string): Outcome<SnapshotStatus> {
    return this.d.snapshotStatus(fromWire(snapshot));
  }

  restore(snapshot: string | null, skipHashCheck: boolean, adopt: boolean): Outcome<StoreState> {
    return this.d.restore(snapshot === null ? null : fromWire(snapshot), skipHashCheck, adopt);
  }

  damaged(base: string | null, damage: Damage, skipHashCheck: boolean): { status: Outcome<SnapshotStatus>; restore: Outcome<StoreState> } {
    return this.d.damaged(base === null ? null : fromWire(base), damage, skipHashCheck);
  }

  defrag(): Outcome<DefragResult> {
    return this.d.defrag();
  }

  probe(plan: ProbePlan, target: 'store' | 'restored'): Probe {
    return this.d.probe(plan, target);
  }
}
