import { MSG_COMPACTED, sha256, SHA256_SIZE, type DefragResult, type EndpointStatus, type KeyValue, type RangeResponse, type SnapshotStatus, type WatchResponse } from '../../engine/etcd/mvcc/core';
import type { CheckResult } from '../core/lab';
import type { Failure, HistoryEntry, Outcome, Probe, StepResult, StoreState } from './inside.driver';

/**
 * The etcd-backup-restore checkers: pure functions comparing what the
 * learner's store answered with what etcd's own answered to the same
 * request (or, for snapshots, what etcdutl makes of the same bytes), each
 * named after the property it checks and explaining the first difference in
 * terms of keys, revisions, bytes and etcd's own error texts.
 */

/** PROPERTIES names what the lab checks; a failed verdict carries one of them. */
export const PROPERTIES = {
  compaction: 'compaction',
  refused: 'compacted reads refused',
  kept: 'compaction keeps history',
  frees: 'compaction frees',
  save: 'snapshot save',
  status: 'snapshot status',
  restore: 'restore identical',
  corrupt: 'corrupt snapshot refused',
  defrag: 'defrag shrinks and keeps data',
  endpoint: 'endpoint status',
  responses: 'store responses',
} as const;

const P = PROPERTIES;

/**
 * Context is what last changed the learner's store (or, for 'corrupt', the
 * store restored from a damaged snapshot): it decides which property a
 * difference in the store's answers belongs to.
 */
export type Context = 'compact' | 'restore' | 'defrag' | 'corrupt' | 'none';

const CONTEXT_PROPERTY: Record<Context, string> = {
  compact: P.kept,
  restore: P.restore,
  defrag: P.defrag,
  // A damaged snapshot that etcdutl restores must restore to the same store.
  corrupt: P.restore,
  none: P.responses,
};

/** Names are how messages call the learner's side and etcd's. */
interface Names {
  mine: string;
  ref: string;
}

const NAMES: Record<Context, Names> = {
  compact: { mine: 'your store', ref: 'etcd' },
  restore: { mine: 'the restored store', ref: 'the original' },
  defrag: { mine: 'your defragmented store', ref: "etcd's" },
  corrupt: { mine: 'your restored store', ref: "etcdutl's" },
  none: { mine: 'your store', ref: 'etcd' },
};

const ok: CheckResult = { valid: true };
const violated = (property: string, message: string): CheckResult => ({ valid: false, property, message: `${property}: ${message}` });

// ---------------------------------------------------------------------------
// Comparing values

/** sameValue compares plain data: object keys in any order, Uint8Array by content, Failures by message only. */
export function sameValue(a: unknown, b: unknown): boolean {
  return firstDifference(a, b) === undefined;
}

/** Difference is where two values first differ: a path such as "kvs[1].mod_revision" and the two values there. */
export interface Difference {
  path: string;
  mine: unknown;
  ref: unknown;
}

function isFailure(x: unknown): x is Failure {
  return typeof x === 'object' && x !== null && typeof (x as Failure).message === 'string' && typeof (x as Failure).name === 'string';
}

/** firstDifference finds the first place two values differ, in key order of the second. */
export function firstDifference(mine: unknown, ref: unknown, path = ''): Difference | undefined {
  if (Object.is(mine, ref)) return undefined;
  if (isFailure(mine) && isFailure(ref)) return mine.message === ref.message ? undefined : { path, mine, ref };
  if (mine instanceof Uint8Array && ref instanceof Uint8Array) {
    if (mine.length !== ref.length) return { path: `${path}.length`, mine: mine.length, ref: ref.length };
    const i = mine.findIndex((x, j) => x !== ref[j]);
    return i < 0 ? undefined : { path: `${path}[${i}]`, mine: mine[i], ref: ref[i] };
  }
  if (Array.isArray(mine) && Array.isArray(ref)) {
    for (let i = 0; i < Math.min(mine.length, ref.length); i++) {
      const d = firstDifference(mine[i], ref[i], `${path}[${i}]`);
      if (d) return d;
    }
    return mine.length === ref.length ? undefined : { path: `${path}.length`, mine: mine.length, ref: ref.length };
  }
  if (typeof mine === 'object' && mine !== null && typeof ref === 'object' && ref !== null && !Array.isArray(mine) && !Array.isArray(ref)) {
    const m = mine as Record<string, unknown>;
    const r = ref as Record<string, unknown>;
    const keys = [...Object.keys(r), ...Object.keys(m).filter((k) => !(k in r))];
    for (const k of keys) {
      const d = firstDifference(m[k], r[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return { path, mine, ref };
}

/** show renders a value for a message, cut to a readable length. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (isFailure(v)) return showFailure(v);
  if (typeof v === 'string') return showText(v);
  const s = v instanceof Uint8Array ? `${v.length} bytes` : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** showText renders a string (a value, say) for a message: quoted, and cut after 40 characters with its length. */
export function showText(s: string): string {
  return s.length <= 40 ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, 40))}… (${s.length} characters)`;
}

/** showFailure renders an error: etcd's errors by their text, anything else with its name and where it was thrown. */
export function showFailure(f: Failure): string {
  const text = f.name === 'EtcdError' ? JSON.stringify(f.message) : `${f.name}: ${JSON.stringify(f.message)}`;
  return f.at ? `${text} (at ${f.at})` : text;
}

const isCompacted = (o: Outcome<unknown>): boolean => 'error' in o && o.error.message === MSG_COMPACTED;

/** describeOutcomes explains how two answers to the same request differ. */
function describeOutcomes(mine: Outcome<unknown>, ref: Outcome<unknown>, names: Names): string {
  if ('error' in mine && 'error' in ref) return `fails in ${names.mine} with ${showFailure(mine.error)}; ${names.ref} fails with ${showFailure(ref.error)}`;
  if ('error' in mine && 'ok' in ref) return `fails in ${names.mine} with ${showFailure(mine.error)}; ${names.ref} answers ${show(ref.ok)}`;
  if ('ok' in mine && 'error' in ref) return `answers ${show(mine.ok)} in ${names.mine}; ${names.ref} refuses it with ${showFailure(ref.error)}`;
  const m = (mine as { ok: unknown }).ok;
  const r = (ref as { ok: unknown }).ok;
  if (isRange(m) && isRange(r)) return describeRanges(m, r, names);
  const d = firstDifference(m, r)!;
  return `${d.path || 'the answer'} is ${show(d.mine)} in ${names.mine} but ${show(d.ref)} in ${names.ref}`;
}

function isRange(x: unknown): x is RangeResponse {
  return typeof x === 'object' && x !== null && Array.isArray((x as RangeResponse).kvs) && typeof (x as RangeResponse).header === 'object';
}

const KV_FIELDS = ['create_revision', 'mod_revision', 'version', 'value'] as const;

/** describeRanges explains the first difference between two range answers, key by key. */
export function describeRanges(mine: RangeResponse, ref: RangeResponse, names: Names): string {
  const byKey = (kvs: KeyValue[]) => new Map(kvs.map((kv) => [kv.key, kv]));
  const m = byKey(mine.kvs);
  const r = byKey(ref.kvs);
  const keys = [...new Set([...r.keys(), ...m.keys()])].sort();
  for (const key of keys) {
    const a = m.get(key);
    const b = r.get(key);
    if (!a) return `key ${key} is missing from ${names.mine}; ${names.ref} has it (mod_revision ${b!.mod_revision}, value ${showText(b!.value)})`;
    if (!b) return `${names.mine} has key ${key} (mod_revision ${a.mod_revision}), which ${names.ref} does not`;
    for (const f of KV_FIELDS) {
      if (a[f] !== b[f]) return `key ${key} has ${f} ${show(a[f])} in ${names.mine} but ${show(b[f])} in ${names.ref}`;
    }
  }
  const d = firstDifference(mine, ref);
  return d ? `${d.path} is ${show(d.mine)} in ${names.mine} but ${show(d.ref)} in ${names.ref}` : 'the answers differ';
}

// ---------------------------------------------------------------------------
// Requests

/**
 * checkStep: a request answers as etcd's store answers it, and causes the
 * same watch responses. A read refused as compacted on one side only is a
 * "compacted reads refused" failure; any other difference belongs to what
 * last changed the store.
 */
export function checkStep(what: string, mine: StepResult, ref: StepResult, ctx: Context): CheckResult {
  const names = NAMES[ctx];
  if (!sameValue(mine.outcome, ref.outcome)) {
    const property = isCompacted(mine.outcome) !== isCompacted(ref.outcome) ? P.refused : CONTEXT_PROPERTY[ctx];
    return violated(property, `${what} ${describeOutcomes(mine.outcome, ref.outcome, names)}`);
  }
  const d = firstDifference(mine.watch, ref.watch);
  if (d) {
    const property = cancelsDiffer(mine.watch, ref.watch) ? P.refused : CONTEXT_PROPERTY[ctx];
    return violated(property, `after ${what}, the watch responses differ: ${d.path || 'the responses'} is ${show(d.mine)} in ${names.mine} but ${show(d.ref)} in ${names.ref}`);
  }
  return ok;
}

const compactCancels = (ws: WatchResponse[]) => ws.filter((w) => w.canceled && w.compact_revision > 0).map((w) => `${w.watch_id}@${w.compact_revision}`).join(',');
const cancelsDiffer = (a: WatchResponse[], b: WatchResponse[]) => compactCancels(a) !== compactCancels(b);

/**
 * checkCompact: compact(rev) answers as etcd's does: the current revision
 * when it compacts, "mvcc: required revision has been compacted" at or below
 * the last compaction, "mvcc: required revision is a future revision" above
 * the current revision.
 */
export function checkCompact(rev: number, before: StoreState, mine: StepResult, ref: StepResult): CheckResult {
  if (sameValue(mine.outcome, ref.outcome)) return ok;
  let why = '';
  if ('error' in ref.outcome) {
    why =
      ref.outcome.error.message === MSG_COMPACTED
        ? ` (${rev} is not above the last compaction, ${before.compacted})`
        : ` (${rev} is above the current revision, ${before.revision})`;
  }
  return violated(P.compaction, `compact(${rev}) at revision ${before.revision} ${describeOutcomes(mine.outcome, ref.outcome, NAMES.compact)}${why}`);
}

// ---------------------------------------------------------------------------
// Whole stores

const histId = (h: HistoryEntry) => `${h.rev}${h.tombstone ? 't' : ''}`;
const histName = (h: HistoryEntry) => `${h.rev} (${h.tombstone ? 'the delete' : 'a put'} of ${h.key})`;

/**
 * checkProbe: a store seen whole (see Probe) matches etcd's. `after` says
 * when, for messages ("after compact(7)", "after the restore").
 *
 * After a compaction: the compacted revision governs which reads are
 * refused ("compacted reads refused"); the meta records and the response
 * belong to "compaction"; revisions etcd keeps but the store lost, and
 * reads or watches that differ, to "compaction keeps history"; revisions the
 * store still holds that etcd deleted, and the space they take, to
 * "compaction frees". In any other context every difference belongs to
 * that context's property.
 */
export function checkProbe(mine: Probe, ref: Probe, ctx: Context, after: string): CheckResult {
  const names = NAMES[ctx];
  const prop = CONTEXT_PROPERTY[ctx];
  const inCompact = ctx === 'compact';
  if (mine.revision !== ref.revision) {
    return violated(inCompact ? P.compaction : prop, `${after}, ${names.mine} is at revision ${mine.revision}; ${names.ref} is at ${ref.revision}`);
  }
  if (mine.compactRevision !== ref.compactRevision) {
    return violated(
      inCompact ? P.refused : prop,
      `${after}, the compacted revision of ${names.mine} is ${mine.compactRevision}; in ${names.ref} it is ${ref.compactRevision}` +
        (inCompact ? ` (reads below ${ref.compactRevision} must be refused, reads at ${ref.compactRevision} and above served: store.setCompactMainRev records it)` : ''),
    );
  }
  const d = firstDifference(mine.meta, ref.meta);
  if (d) {
    const meta = (p: Probe) => `scheduledCompactRev ${p.meta.scheduledCompactRev ?? 'none'}, finishedCompactRev ${p.meta.finishedCompactRev ?? 'none'}`;
    return violated(
      inCompact ? P.compaction : prop,
      `${after}, the meta bucket of ${names.mine} records ${meta(mine)}; ${names.ref} records ${meta(ref)}` +
        (inCompact ? ' (both are written: scheduled before anything is deleted, finished after, so that a store reopened in between finishes the job)' : ''),
    );
  }
  const bucketList = (p: Probe) => p.buckets.map((b) => b.name).join(', ') || 'none';
  if (bucketList(mine) !== bucketList(ref)) {
    return violated(prop, `${after}, the db of ${names.mine} has buckets ${bucketList(mine)}; ${names.ref} has ${bucketList(ref)}`);
  }
  const h = checkHistory(mine, ref, ctx, after);
  if (h.valid !== true) return h;
  for (const [i, b] of ref.buckets.entries()) {
    const mb = mine.buckets[i]!;
    if (mb.entries !== b.entries) return violated(prop, `${after}, bucket ${b.name} of ${names.mine} holds ${mb.entries} entries; ${names.ref} holds ${b.entries}`);
  }
  for (const [i, r] of ref.reads.entries()) {
    const m = mine.reads[i];
    if (!m || sameValue(m.outcome, r.outcome)) continue;
    const refusal = isCompacted(m.outcome) !== isCompacted(r.outcome);
    const where = r.revision === ref.compactRevision ? ' (the compacted revision itself)' : r.revision < ref.compactRevision ? ` (below the compacted revision ${ref.compactRevision})` : '';
    return violated(
      inCompact && refusal ? P.refused : prop,
      `${after}, reading every key at revision ${r.revision}${where} ${describeOutcomes(m.outcome, r.outcome, names)}`,
    );
  }
  for (const [i, r] of ref.watches.entries()) {
    const m = mine.watches[i];
    if (!m) continue;
    const dw = firstDifference(m.outcome, r.outcome);
    if (!dw) continue;
    const refusal = 'ok' in m.outcome && 'ok' in r.outcome && cancelsDiffer(m.outcome.ok, r.outcome.ok);
    const where = r.from < ref.compactRevision ? ` (below the compacted revision ${ref.compactRevision})` : r.from === ref.compactRevision ? ' (the compacted revision itself)' : '';
    const detail =
      'ok' in m.outcome && 'ok' in r.outcome ? `${dw.path || 'the responses'} is ${show(dw.mine)} in ${names.mine} but ${show(dw.ref)} in ${names.ref}` : describeOutcomes(m.outcome, r.outcome, names);
    return violated(inCompact && refusal ? P.refused : prop, `${after}, a watch of every key from revision ${r.from}${where} differs: ${detail}`);
  }
  if (mine.dbSizeInUse !== ref.dbSizeInUse || mine.dbSize !== ref.dbSize) {
    const sizes = (p: Probe) => `${p.dbSize} bytes with ${p.dbSizeInUse} in use`;
    const hint = inCompact ? ' (compaction frees the pages of what it deletes, but the file keeps its size until a defrag)' : '';
    return violated(inCompact ? P.frees : prop, `${after}, the db of ${names.mine} is ${sizes(mine)}; ${names.ref} is ${sizes(ref)}${hint}`);
  }
  return ok;
}

function checkHistory(mine: Probe, ref: Probe, ctx: Context, after: string): CheckResult {
  const names = NAMES[ctx];
  const prop = CONTEXT_PROPERTY[ctx];
  if (!Array.isArray(ref.history)) return ok;
  if (!Array.isArray(mine.history)) return violated(prop, `${after}, reading the key bucket of ${names.mine} fails with ${showFailure(mine.history)}`);
  const have = new Set(mine.history.map(histId));
  const want = new Set(ref.history.map(histId));
  const missing = ref.history.filter((e) => !have.has(histId(e)));
  const extra = mine.history.filter((e) => !want.has(histId(e)));
  const more = (n: number) => (n > 1 ? ` and ${n - 1} more` : '');
  if (ctx === 'compact') {
    const c = ref.compactRevision;
    if (missing.length > 0) {
      const e = missing[0]!;
      const main = Number(e.rev.split('.')[0]);
      const why =
        main > c
          ? `revisions after the compacted revision ${c} are never touched`
          : e.tombstone
            ? `a delete exactly at the compacted revision ${c} stays, so that a watch from ${c} still sees it`
            : `it is ${e.key}'s latest revision at or before ${c}, its value as of ${c}`;
      return violated(P.kept, `${after}, the key bucket of your store has lost revision ${histName(e)}${more(missing.length)}, which etcd keeps: ${why}`);
    }
    if (extra.length > 0) {
      return violated(
        P.frees,
        `${after}, the key bucket of your store still holds revision ${histName(extra[0]!)}${more(extra.length)}, which etcd deletes: of what is at or before ${c}, only each key's latest revision stays (a delete only when it is exactly at ${c})`,
      );
    }
    return ok;
  }
  if (missing.length > 0) return violated(prop, `${after}, the key bucket of ${names.mine} lacks revision ${histName(missing[0]!)}${more(missing.length)}, which ${names.ref} holds`);
  if (extra.length > 0) return violated(prop, `${after}, the key bucket of ${names.mine} holds revision ${histName(extra[0]!)}${more(extra.length)}, which ${names.ref} does not`);
  return ok;
}

// ---------------------------------------------------------------------------
// Snapshots

/** SaveFacts is what the grader learns about a snapshot the learner saved, using etcdutl's (the reference's) reading of it. */
export interface SaveFacts {
  snapshot: Outcome<Uint8Array>;
  /** expectedLength is the length of etcd's snapshot of the same store. */
  expectedLength: number;
  /** statusOfMine is etcdutl's status of the learner's snapshot (absent when saving failed). */
  statusOfMine?: Outcome<SnapshotStatus>;
  /** statusOfStore is etcdutl's status of etcd's snapshot of the same store. */
  statusOfStore: SnapshotStatus;
}

const STATUS_MEANING: Record<keyof SnapshotStatus, string> = {
  hash: 'the CRC-32C of every bucket name, key and value in file order',
  revision: "the main revision of the key bucket's last key",
  totalKey: 'the number of entries of every bucket',
  totalSize: 'the page count times 4096',
};

const showStatusField = (f: keyof SnapshotStatus, v: number) => (f === 'hash' ? v.toString(16).padStart(8, '0') : String(v));

/**
 * checkSnapshotSave: a snapshot is the store's db file, free pages
 * included, followed by the 32-byte SHA-256 of it; etcdutl reads the same
 * status from it as from etcd's own snapshot of the same store.
 */
export function checkSnapshotSave(f: SaveFacts, at: number): CheckResult {
  if ('error' in f.snapshot) return violated(P.save, `saving a snapshot at revision ${at} failed with ${showFailure(f.snapshot.error)}`);
  const snap = f.snapshot.ok;
  if (snap.length !== f.expectedLength) {
    const hint =
      snap.length === f.expectedLength - SHA256_SIZE
        ? ': that is the db file alone; etcdctl snapshot save appends the SHA-256 of the db, 32 bytes'
        : ': the whole db file (backend size(), free pages included) and 32 bytes of SHA-256';
    return violated(P.save, `the snapshot saved at revision ${at} is ${snap.length} bytes; etcd's is ${f.expectedLength}${hint}`);
  }
  const db = snap.subarray(0, snap.length - SHA256_SIZE);
  const trailer = snap.subarray(snap.length - SHA256_SIZE);
  const want = sha256(db);
  if (trailer.some((x, i) => x !== want[i])) {
    return violated(P.save, `the last 32 bytes of the snapshot saved at revision ${at} are not the SHA-256 of the ${db.length} bytes before them, so etcdutl snapshot restore refuses it`);
  }
  const st = f.statusOfMine;
  if (st && 'error' in st) return violated(P.save, `etcdutl cannot read the snapshot saved at revision ${at}: ${showFailure(st.error)}`);
  if (st && 'ok' in st) {
    for (const k of Object.keys(STATUS_MEANING) as Array<keyof SnapshotStatus>) {
      if (st.ok[k] !== f.statusOfStore[k]) {
        return violated(
          P.save,
          `etcdutl snapshot status of the snapshot saved at revision ${at} says ${k} ${showStatusField(k, st.ok[k])}, but ${showStatusField(k, f.statusOfStore[k])} for the store's db (${STATUS_MEANING[k]}): the snapshot must hold the db as it is`,
        );
      }
    }
  }
  return ok;
}

/** checkSnapshotStatus: snapshotStatus answers as etcdutl does on the same bytes, errors included. */
export function checkSnapshotStatus(mine: Outcome<SnapshotStatus>, ref: Outcome<SnapshotStatus>, what: string): CheckResult {
  if (sameValue(mine, ref)) return ok;
  if ('ok' in mine && 'ok' in ref) {
    for (const k of Object.keys(STATUS_MEANING) as Array<keyof SnapshotStatus>) {
      if (mine.ok[k] !== ref.ok[k]) {
        return violated(P.status, `the status of ${what} has ${k} ${showStatusField(k, mine.ok[k])}; etcdutl reports ${showStatusField(k, ref.ok[k])} (${STATUS_MEANING[k]})`);
      }
    }
  }
  return violated(P.status, `the status of ${what} ${describeOutcomes(mine, ref, { mine: 'yours', ref: 'etcdutl' })}`);
}

/**
 * checkRestore: restoring `what` succeeds or fails as etcdutl's restore
 * does, with the same error text. `property` is "restore identical" for a
 * sound snapshot and "corrupt snapshot refused" for a damaged one.
 */
export function checkRestore(mine: Outcome<StoreState>, ref: Outcome<StoreState>, what: string, property: string): CheckResult {
  if ('error' in ref && 'ok' in mine) return violated(property, `${what} was restored without error; etcdutl refuses it with ${showFailure(ref.error)}`);
  if ('ok' in ref && 'error' in mine) return violated(property, `restoring ${what} failed with ${showFailure(mine.error)}; etcdutl restores it`);
  if ('error' in ref && 'error' in mine && mine.error.message !== ref.error.message) {
    return violated(property, `restoring ${what} failed with ${showFailure(mine.error)}; etcdutl refuses it with ${showFailure(ref.error)}`);
  }
  return ok;
}

// ---------------------------------------------------------------------------
// Defrag and endpoint status

/** checkDefrag: defrag leaves a file exactly as large as its content, the size etcd's defrag leaves, and reports the sizes before and after. */
export function checkDefrag(mine: Outcome<DefragResult>, ref: Outcome<DefragResult>): CheckResult {
  if ('error' in mine || 'error' in ref) {
    return sameValue(mine, ref) ? ok : violated(P.defrag, `defrag ${describeOutcomes(mine, ref, NAMES.compact)}`);
  }
  const m = mine.ok;
  const r = ref.ok;
  if (m.sizeAfter !== r.sizeAfter || m.sizeInUseAfter !== r.sizeInUseAfter) {
    return violated(
      P.defrag,
      `after defrag your db is ${m.sizeAfter} bytes with ${m.sizeInUseAfter} in use; etcd's is ${r.sizeAfter} bytes with ${r.sizeInUseAfter} in use (a fresh file filled with the same content is exactly as large as what it holds)`,
    );
  }
  const d = firstDifference(m, r);
  if (d) return violated(P.defrag, `defrag reports ${d.path} ${show(d.mine)}; it was ${show(d.ref)}`);
  return ok;
}

const ENDPOINT_MEANING: Record<string, string> = {
  'header.revision': 'the current revision',
  dbSize: "the backend's size(): the whole file",
  dbSizeInUse: "the backend's sizeInUse(): the file less its free pages",
  compact_revision: 'the last compaction, 0 when never compacted',
};

/** checkEndpointStatus: endpoint status reports the revision, the file's size and size in use, and the compacted revision as etcd does. */
export function checkEndpointStatus(mine: Outcome<EndpointStatus>, ref: Outcome<EndpointStatus>): CheckResult {
  const d = firstDifference(mine, ref);
  if (!d) return ok;
  if ('ok' in mine && 'ok' in ref) {
    const field = d.path.replace(/^ok\./, '');
    const meaning = ENDPOINT_MEANING[field];
    return violated(P.endpoint, `endpoint status reports ${field} ${show(d.mine)}; etcd reports ${show(d.ref)}${meaning ? ` (${meaning})` : ''}`);
  }
  return violated(P.endpoint, `endpoint status ${describeOutcomes(mine, ref, NAMES.none)}`);
}
