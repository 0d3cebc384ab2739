import * as fc from 'fast-check';
import { prefixRangeEnd } from '../../engine/etcd/mvcc/core';
import type { KvOp, StoreState } from './inside.driver';

/**
 * BackupScenario is one hidden or visible etcd-backup-restore scenario, as
 * plain data: steps run in order on the learner's store and on etcd's own,
 * side by side. Revisions are relative to the store when a step runs (so a
 * shrunk scenario still compacts "two revisions back"); keys are indexes
 * into KEYS.
 */
export interface BackupScenario {
  steps: Step[];
}

/** RevRef is a revision relative to the store when the step runs: its current or its compacted revision, plus delta. */
export interface RevRef {
  from: 'current' | 'compacted';
  delta: number;
}

/** Scope widens a key to its directory ("/registry/pods/default/") or to every key. */
export type Scope = 'key' | 'dir' | 'all';

/** Region is the part of a snapshot a corruption hits; see corruptionOffset. */
export type Region = 'meta' | 'page-header' | 'data' | 'free' | 'trailer' | 'anywhere';

export type Step =
  /** put writes a value of `size` characters, unique to the step. */
  | { do: 'put'; key: number; size: number; prevKv: boolean }
  | { do: 'delete'; key: number; scope: Scope; prevKv: boolean }
  /** txn: if the key's mod_revision is below `guard`, put it; otherwise read every key at `read` and delete the key. */
  | { do: 'txn'; key: number; size: number; guard: RevRef; read: RevRef }
  | { do: 'get'; key: number; scope: Scope; at: RevRef }
  /** watch opens a watcher with prev_kv that stays open until a restore replaces the store. */
  | { do: 'watch'; key: number; scope: Scope; from: RevRef }
  | { do: 'compact'; at: RevRef }
  /** status compares `etcdctl endpoint status`. */
  | { do: 'status' }
  /** backup saves a snapshot, reads its status, restores it, and carries on with the restored store. */
  | { do: 'backup' }
  /** corrupt flips bits (`mask`) of one byte of a fresh snapshot, at `at` ten-thousandths into `region`, and tries it. */
  | { do: 'corrupt'; region: Region; at: number; mask: number; skipHashCheck: boolean }
  /** truncate cuts `cut` bytes off the end of a fresh snapshot and tries it. */
  | { do: 'truncate'; cut: number; skipHashCheck: boolean }
  | { do: 'defrag' };

/** KEYS are the scenarios' keys, shaped as the API server stores objects. */
export const KEYS = [
  '/registry/pods/default/web',
  '/registry/pods/default/db',
  '/registry/pods/kube-system/coredns',
  '/registry/services/specs/default/web',
] as const;

/** EVERY_KEY_PREFIX is the scope "all". */
export const EVERY_KEY_PREFIX = '/registry/';

/** keyOf is key index k (taken modulo the key count, so any number names a key). */
export function keyOf(k: number): string {
  return KEYS[((k % KEYS.length) + KEYS.length) % KEYS.length]!;
}

/** scoped is the key and range_end a step's scope selects. */
export function scoped(k: number, scope: Scope): { key: string; range_end?: string } {
  const key = keyOf(k);
  if (scope === 'key') return { key };
  const prefix = scope === 'all' ? EVERY_KEY_PREFIX : key.slice(0, key.lastIndexOf('/') + 1);
  return { key: prefix, range_end: prefixRangeEnd(prefix) };
}

/** valueOf is the value step i writes: "v<i>-" padded to `size` characters with a letter of its own. */
export function valueOf(i: number, size: number): string {
  return `v${i}-`.padEnd(size, String.fromCharCode(97 + (i % 26)));
}

/** resolveRev turns a RevRef into a revision of the store in state st. */
export function resolveRev(r: RevRef, st: StoreState): number {
  return (r.from === 'current' ? st.revision : st.compacted) + r.delta;
}

/** compactRevision is the revision a compact step asks for: at least 1. */
export function compactRevision(r: RevRef, st: StoreState): number {
  return Math.max(1, resolveRev(r, st));
}

/** kvOp is the request a kv step (put, delete, txn, get, watch) makes at index i of its scenario. */
export function kvOp(step: Step, i: number, st: StoreState): KvOp {
  switch (step.do) {
    case 'put':
      return { op: 'put', key: keyOf(step.key), value: valueOf(i, step.size), ...(step.prevKv ? { prev_kv: true } : {}) };
    case 'delete':
      return { op: 'delete', ...scoped(step.key, step.scope), ...(step.prevKv ? { prev_kv: true } : {}) };
    case 'txn': {
      const key = keyOf(step.key);
      return {
        op: 'txn',
        request: {
          compare: [{ key, target: 'MOD', result: 'LESS', mod_revision: Math.max(0, resolveRev(step.guard, st)) }],
          success: [{ request_put: { key, value: valueOf(i, step.size) } }],
          failure: [
            { request_range: { key: EVERY_KEY_PREFIX, range_end: prefixRangeEnd(EVERY_KEY_PREFIX), revision: Math.max(0, resolveRev(step.read, st)) } },
            { request_delete_range: { key } },
          ],
        },
      };
    }
    case 'get':
      return { op: 'range', ...scoped(step.key, step.scope), revision: Math.max(0, resolveRev(step.at, st)) };
    case 'watch':
      return { op: 'watch', ...scoped(step.key, step.scope), start_revision: Math.max(0, resolveRev(step.from, st)), prev_kv: true };
    default:
      throw new Error(`kvOp: ${step.do} is not a kv step`);
  }
}

/** isKvStep tells whether a step is a plain request to the store. */
export function isKvStep(step: Step): step is Extract<Step, { do: 'put' | 'delete' | 'txn' | 'get' | 'watch' }> {
  return step.do === 'put' || step.do === 'delete' || step.do === 'txn' || step.do === 'get' || step.do === 'watch';
}

/** describeOp renders a request as an etcdctl-like command line. */
export function describeOp(op: KvOp): string {
  const range = (key: string, end: string | undefined) =>
    end === undefined ? key : end === prefixRangeEnd(key) ? `${key} --prefix` : `${key} ${JSON.stringify(end)}`;
  switch (op.op) {
    case 'put':
      return `put ${op.key} <${op.value.length}-char value ${JSON.stringify(op.value.slice(0, 8))}…>${op.prev_kv ? ' --prev-kv' : ''}`;
    case 'delete':
      return `del ${range(op.key, op.range_end)}${op.prev_kv ? ' --prev-kv' : ''}`;
    case 'range':
      return `get ${range(op.key, op.range_end)}${op.revision > 0 ? ` --rev ${op.revision}` : ''}`;
    case 'watch':
      return `watch ${range(op.key, op.range_end)}${op.start_revision > 0 ? ` --rev ${op.start_revision}` : ''} --prev-kv`;
    case 'compact':
      return `compact ${op.revision}`;
    case 'txn': {
      const c = op.request.compare![0]!;
      const read = op.request.failure![0]!;
      const rev = 'request_range' in read ? read.request_range.revision : 0;
      return `txn (if mod(${c.key}) < ${c.mod_revision} then put ${c.key} else get ${EVERY_KEY_PREFIX} --prefix${rev ? ` --rev ${rev}` : ''} and del ${c.key})`;
    }
  }
}

// ---------------------------------------------------------------------------
// Generation

const key = fc.integer({ min: 0, max: KEYS.length - 1 });
const scope = fc.constantFrom<Scope>('key', 'key', 'dir', 'all');
/** sizes mix small values with ones that fill pages, and now and then one that overflows a page. */
const size = fc.constantFrom(8, 40, 200, 300, 800, 8, 40, 120, 300, 4500);

/** anyRev reaches below, at and above the compacted revision, and up to one past the current one. */
const anyRev: fc.Arbitrary<RevRef> = fc.oneof(
  fc.record({ from: fc.constant<'current'>('current'), delta: fc.integer({ min: -6, max: 1 }) }),
  fc.record({ from: fc.constant<'compacted'>('compacted'), delta: fc.integer({ min: -1, max: 2 }) }),
);

/** compactAt is mostly the current revision or a little before it, sometimes at or past the last compaction, sometimes the future. */
const compactAt: fc.Arbitrary<RevRef> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ from: fc.constant<'current'>('current'), delta: fc.constantFrom(0, 0, 0, -1, -2, -3, -5) }) },
  { weight: 3, arbitrary: fc.record({ from: fc.constant<'compacted'>('compacted'), delta: fc.constantFrom(0, 0, 1, 2) }) },
  { weight: 1, arbitrary: fc.constant<RevRef>({ from: 'current', delta: 1 }) },
);

const put: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'put'>('put'), key, size, prevKv: fc.boolean() });
const del: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'delete'>('delete'), key, scope, prevKv: fc.boolean() });
const txn: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'txn'>('txn'), key, size, guard: anyRev, read: anyRev });
const get: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'get'>('get'), key, scope, at: anyRev });
const watch: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'watch'>('watch'), key, scope, from: anyRev });
const compact: fc.Arbitrary<Step> = fc.record({ do: fc.constant<'compact'>('compact'), at: compactAt });
/** compactAgain asks for a compaction at or just around the last one: at or below it, etcd refuses. */
const compactAgain: fc.Arbitrary<Step> = fc.record({
  do: fc.constant<'compact'>('compact'),
  at: fc.record({ from: fc.constant<'compacted'>('compacted'), delta: fc.constantFrom(0, 0, -1, 1) }),
});
/** compactNow compacts at or just below the current revision, which frees what was overwritten or deleted. */
const compactNow: fc.Arbitrary<Step> = fc.record({
  do: fc.constant<'compact'>('compact'),
  at: fc.record({ from: fc.constant<'current'>('current'), delta: fc.constantFrom(0, 0, -1) }),
});
const status: fc.Arbitrary<Step> = fc.constant<Step>({ do: 'status' });
const backup: fc.Arbitrary<Step> = fc.constant<Step>({ do: 'backup' });
const defrag: fc.Arbitrary<Step> = fc.constant<Step>({ do: 'defrag' });
const corrupt: fc.Arbitrary<Step> = fc.record({
  do: fc.constant<'corrupt'>('corrupt'),
  region: fc.constantFrom<Region>('meta', 'page-header', 'page-header', 'data', 'data', 'free', 'trailer', 'anywhere'),
  at: fc.integer({ min: 0, max: 9999 }),
  mask: fc.constantFrom(0x01, 0x10, 0x80, 0xff, 0x04),
  skipHashCheck: fc.boolean(),
});

/** truncate mostly cuts a file to a length with no hash (not 32 more than a multiple of 512), mostly with the hash check on. */
const truncate: fc.Arbitrary<Step> = fc.record({
  do: fc.constant<'truncate'>('truncate'),
  cut: fc.constantFrom(1, 31, 32, 33, 100, 512, 4096, 4128),
  skipHashCheck: fc.constantFrom(false, false, true),
});

type Weighted = Array<{ weight: number; arbitrary: fc.Arbitrary<Step> }>;

function mix(weights: Weighted, count: { min: number; max: number }): fc.Arbitrary<Step[]> {
  return fc.array(fc.oneof(...weights), { minLength: count.min, maxLength: count.max });
}

const writes = (min: number, max: number) =>
  mix(
    [
      { weight: 6, arbitrary: put },
      { weight: 2, arbitrary: del },
      { weight: 1, arbitrary: txn },
    ],
    { min, max },
  );

/** scenarioOf joins phases into one scenario. */
function scenarioOf(...phases: Array<fc.Arbitrary<Step[]>>): fc.Arbitrary<BackupScenario> {
  return fc.tuple(...phases).map((parts) => ({ steps: parts.flat() }));
}

const one = (step: fc.Arbitrary<Step>) => step.map((x) => [x]);

/** compactionArb: writes, compactions at revisions around the boundaries (the last one at or around the previous), reads and watches around them. */
export const compactionArb = scenarioOf(
  writes(4, 10),
  // A delete right at the compacted revision: it must survive, for watches from there.
  one(fc.record({ do: fc.constant<'delete'>('delete'), key, scope: fc.constantFrom<Scope>('dir', 'all'), prevKv: fc.boolean() })),
  one(fc.constant<Step>({ do: 'compact', at: { from: 'current', delta: 0 } })),
  mix(
    [
      { weight: 5, arbitrary: put },
      { weight: 3, arbitrary: del },
      { weight: 1, arbitrary: txn },
      { weight: 3, arbitrary: get },
      { weight: 2, arbitrary: watch },
      { weight: 3, arbitrary: compact },
      { weight: 2, arbitrary: status },
    ],
    { min: 10, max: 24 },
  ),
  one(compactAgain),
  fc.array(fc.oneof(get, watch), { minLength: 1, maxLength: 3 }),
);

/** backupRestoreArb: history with compactions, a snapshot restored and carried on from, compactions after the restore. */
export const backupRestoreArb = scenarioOf(
  writes(4, 10),
  fc.array(compact, { minLength: 0, maxLength: 2 }),
  writes(1, 5),
  one(backup),
  mix(
    [
      { weight: 5, arbitrary: put },
      { weight: 2, arbitrary: del },
      { weight: 1, arbitrary: txn },
      { weight: 2, arbitrary: get },
      { weight: 1, arbitrary: watch },
      { weight: 2, arbitrary: compact },
      { weight: 1, arbitrary: backup },
      { weight: 1, arbitrary: status },
    ],
    { min: 6, max: 16 },
  ),
);

const damaged = fc.oneof({ weight: 2, arbitrary: corrupt }, { weight: 1, arbitrary: truncate });

/** corruptArb: a history, then snapshots with a byte flipped or cut short, with and without the hash check. */
export const corruptArb = scenarioOf(
  writes(3, 10),
  fc.array(compact, { minLength: 0, maxLength: 1 }),
  writes(0, 4),
  // A broken page header with the hash check off: only the integrity check stands in the way.
  one(
    fc.record({
      do: fc.constant<'corrupt'>('corrupt'),
      region: fc.constant<Region>('page-header'),
      at: fc.integer({ min: 0, max: 9999 }),
      mask: fc.constantFrom(0x01, 0x02, 0x10, 0xff),
      skipHashCheck: fc.constant(true),
    }),
  ),
  // A file cut to a length that cannot carry a hash, with the hash check on.
  one(fc.record({ do: fc.constant<'truncate'>('truncate'), cut: fc.constantFrom(1, 31, 32, 33, 100), skipHashCheck: fc.constant(false) })),
  fc.array(damaged, { minLength: 0, maxLength: 2 }),
  mix(
    [
      { weight: 4, arbitrary: damaged },
      { weight: 1, arbitrary: put },
      { weight: 1, arbitrary: del },
    ],
    { min: 1, max: 5 },
  ),
  one(backup),
);

/** defragArb: large values, deletes and compaction free pages; defrag must give them back and keep every byte of data. */
export const defragArb = scenarioOf(
  mix(
    [
      { weight: 3, arbitrary: fc.record({ do: fc.constant<'put'>('put'), key, size: fc.constantFrom(900, 900, 300, 4500), prevKv: fc.constant(false) }) },
      { weight: 1, arbitrary: put },
    ],
    { min: 6, max: 14 },
  ),
  writes(2, 6),
  one(compactNow),
  fc.array(status, { minLength: 0, maxLength: 1 }),
  one(defrag),
  mix(
    [
      { weight: 3, arbitrary: put },
      { weight: 2, arbitrary: del },
      { weight: 2, arbitrary: get },
      { weight: 2, arbitrary: compact },
      { weight: 2, arbitrary: defrag },
      { weight: 1, arbitrary: status },
      { weight: 1, arbitrary: backup },
    ],
    { min: 3, max: 10 },
  ),
);

/** mixedArb: everything at once. */
export const mixedArb = scenarioOf(
  writes(3, 8),
  mix(
    [
      { weight: 5, arbitrary: put },
      { weight: 2, arbitrary: del },
      { weight: 1, arbitrary: txn },
      { weight: 2, arbitrary: get },
      { weight: 1, arbitrary: watch },
      { weight: 2, arbitrary: compact },
      { weight: 1, arbitrary: status },
      { weight: 1, arbitrary: backup },
      { weight: 1, arbitrary: corrupt },
      { weight: 1, arbitrary: truncate },
      { weight: 1, arbitrary: defrag },
    ],
    { min: 12, max: 28 },
  ),
);

// ---------------------------------------------------------------------------
// Corruption

/**
 * corruptionOffset is the byte a corrupt step flips in a snapshot of
 * `dbSize` bytes of db (then 32 of SHA-256) whose first `inUsePages` pages
 * are metas and trees and the rest free: `at` ten-thousandths into its
 * region. The meta region is the first 80 bytes of meta page 0 or 1 (what
 * bbolt reads of them); a page header is the first 16 bytes of a tree page;
 * with no free page, "free" falls back to the tree pages.
 */
export function corruptionOffset(region: Region, at: number, dbSize: number, inUsePages: number): number {
  const f = Math.min(Math.max(at, 0), 9999) / 10_000;
  const page = 4096;
  const dataEnd = inUsePages * page;
  switch (region) {
    case 'meta':
      return (f < 0.5 ? 0 : page) + Math.floor(((f * 2) % 1) * 80);
    case 'page-header': {
      const x = f * (inUsePages - 2);
      return (2 + Math.floor(x)) * page + Math.floor((x % 1) * 16);
    }
    case 'free':
      if (dbSize > dataEnd) return dataEnd + Math.floor(f * (dbSize - dataEnd));
      return 2 * page + Math.floor(f * (dataEnd - 2 * page));
    case 'data':
      return 2 * page + Math.floor(f * (dataEnd - 2 * page));
    case 'trailer':
      return dbSize + Math.floor(f * 32);
    case 'anywhere':
      return Math.floor(f * (dbSize + 32));
  }
}

/** whereIs names the part of a snapshot a byte offset falls in, for messages. */
export function whereIs(offset: number, dbSize: number, inUsePages: number): string {
  if (offset >= dbSize) return `the SHA-256 trailer (byte ${offset - dbSize} of 32)`;
  const page = Math.floor(offset / 4096);
  const within = offset % 4096;
  if (page < 2) return `meta page ${page}${within < 80 ? '' : ', past the meta'}`;
  if (page >= inUsePages) return `free page ${page}`;
  return within < 16 ? `the header of page ${page}` : `page ${page}`;
}
