/**
 * The store against a naive model, on random operations from a seeded
 * generator (in the manner of etcd-io/raft's quorum/quick_test.go).
 *
 * The model keeps a full copy of the keyspace at every revision and the
 * list of changes of each revision, and nothing else: no index, no backend,
 * no generations. Each seed is its own test, so a failure names the seed to
 * replay: `npx vitest run engine/etcd/mvcc/model.test.ts -t "seed 17"`.
 */

import { describe, expect, it } from 'vitest';
import { createStore } from './reference';
import { restoreSnapshot, saveSnapshot } from './snapshot';
import { defrag } from './defrag';
import { isEtcdError } from './errors';
import type { Compare, Event, KeyValue, RequestOp } from './types';

// ---------------------------------------------------------------------------
// A small seeded generator (mulberry32): same seed, same run.

class Rand {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------------------
// The model.

/** KEYS mixes prefixes and non-ASCII keys, whose UTF-8 order differs from UTF-16 order. */
const KEYS = ['a', 'ab', 'b', 'c/1', 'c/2', 'c/3', 'd', 'é', '\uFF5E', '\u{1F600}'];
const ENDS = ['', '\0', 'b', 'c/', 'c0', 'd', 'z', '\uFFFF'];

const utf8 = (s: string) => new TextEncoder().encode(s);
function cmp(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** inRange applies etcd's range_end conventions with plain comparisons. */
function inRange(k: string, key: string, end: string): boolean {
  if (end === '') return k === key;
  if (end === '\0') return cmp(k, key) >= 0;
  return cmp(k, key) >= 0 && cmp(k, end) < 0;
}

class Model {
  rev = 1;
  compactRev = -1;
  /** states[r] is the keyspace at revision r. */
  states: Array<Map<string, KeyValue>> = [new Map(), new Map()];
  /** changes[r] are the events of revision r. */
  changes: Event[][] = [[], []];

  get now(): Map<string, KeyValue> {
    return this.states[this.rev]!;
  }

  /** write applies one transaction's puts and deletes; it returns whether the revision moved. */
  write(ops: Array<{ put?: [string, string]; del?: [string, string] }>): boolean {
    const next = new Map(this.now);
    const evs: Event[] = [];
    const rev = this.rev + 1;
    for (const op of ops) {
      if (op.put) {
        const [k, v] = op.put;
        const prev = next.get(k);
        const kv = { key: k, create_revision: prev ? prev.create_revision : rev, mod_revision: rev, version: (prev?.version ?? 0) + 1, value: v };
        next.set(k, kv);
        evs.push({ type: 'PUT', kv });
      } else if (op.del) {
        const [key, end] = op.del;
        for (const k of [...next.keys()].sort(cmp)) {
          if (!inRange(k, key, end)) continue;
          next.delete(k);
          evs.push({ type: 'DELETE', kv: { key: k, create_revision: 0, mod_revision: rev, version: 0, value: '' } });
        }
      }
    }
    if (evs.length === 0) return false;
    this.rev = rev;
    this.states[rev] = next;
    this.changes[rev] = evs;
    return true;
  }

  range(key: string, end: string, rev: number): KeyValue[] {
    return [...this.states[rev]!.values()].filter((kv) => inRange(kv.key, key, end)).sort((x, y) => cmp(x.key, y.key));
  }

  /** readError is the error a read at rev must fail with, if any. */
  readError(rev: number): string | undefined {
    if (rev > this.rev) return 'ErrFutureRev';
    if (rev > 0 && rev < this.compactRev) return 'ErrCompacted';
    return undefined;
  }
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (isEtcdError(e)) return e.code;
    throw e;
  }
}

// ---------------------------------------------------------------------------
// One run.

function run(seed: number, steps: number): void {
  const r = new Rand(seed);
  const m = new Model();
  let s = createStore();
  /** live collects a watch on everything, re-opened after each restore. */
  const live: Event[] = [];
  let liveId = s.watch({ key: '\0', range_end: '\0' });
  const drainLive = () => {
    for (const resp of s.takeWatchResponses()) if (resp.watch_id === liveId) live.push(...resp.events);
  };

  for (let step = 0; step < steps; step++) {
    const where = `seed ${seed}, step ${step}`;
    const roll = r.next();
    if (roll < 0.35) {
      const k = r.pick(KEYS);
      const v = `v${step}`;
      const resp = s.put(k, v, { prev_kv: true });
      const prev = m.now.get(k);
      m.write([{ put: [k, v] }]);
      expect(resp.header.revision, where).toBe(m.rev);
      expect(resp.prev_kv, where).toEqual(prev);
    } else if (roll < 0.5) {
      const k = r.pick(KEYS);
      const end = r.pick(ENDS);
      const before = m.rev;
      const resp = s.deleteRange(k, end || undefined);
      const moved = m.write([{ del: [k, end] }]);
      expect(resp.deleted, where).toBe(moved ? m.changes[m.rev]!.length : 0);
      expect(resp.header.revision, where).toBe(moved ? before + 1 : before);
    } else if (roll < 0.65) {
      // A guarded txn on distinct keys: compare one key's version, then write two others.
      const [c, k1, k2] = shuffle(r, KEYS).slice(0, 3) as [string, string, string];
      const expected = m.now.get(c)?.version ?? 0;
      const version = r.chance(0.6) ? expected : expected + 1;
      const compare: Compare[] = [{ key: c, target: 'VERSION', result: 'EQUAL', version }];
      const success: RequestOp[] = [{ request_put: { key: k1, value: `t${step}` } }, { request_delete_range: { key: k2 } }];
      const failure: RequestOp[] = [{ request_put: { key: k2, value: `f${step}` } }];
      const resp = s.txn({ compare, success, failure });
      const ok = version === expected;
      const before = m.rev;
      const moved = ok ? m.write([{ put: [k1, `t${step}`] }, { del: [k2, ''] }]) : m.write([{ put: [k2, `f${step}`] }]);
      expect(resp.succeeded, where).toBe(ok);
      expect(resp.header.revision, where).toBe(moved ? before + 1 : before);
    } else if (roll < 0.72) {
      const rev = 1 + r.int(m.rev + 2);
      const want = rev <= m.compactRev ? 'ErrCompacted' : rev > m.rev ? 'ErrFutureRev' : undefined;
      expect(errorCode(() => s.compact(rev)), where).toBe(want);
      if (want === undefined) m.compactRev = rev;
    } else if (roll < 0.76) {
      drainLive();
      s = restoreSnapshot(saveSnapshot(s));
      liveId = s.watch({ key: '\0', range_end: '\0' });
    } else if (roll < 0.79) {
      defrag(s);
    } else if (roll < 0.92) {
      // Read a random range at a random revision, sometimes compacted or in the future.
      const key = r.pick(KEYS);
      const end = r.pick(ENDS);
      const rev = r.int(m.rev + 2);
      const limit = r.chance(0.3) ? 1 + r.int(3) : 0;
      const want = m.readError(rev);
      const code = errorCode(() => {
        const got = s.range(key, end || undefined, { revision: rev, limit });
        const all = m.range(key, end, rev === 0 ? m.rev : rev);
        expect(got.header.revision, where).toBe(m.rev);
        expect(got.count, where).toBe(all.length);
        expect(got.kvs, where).toEqual(limit > 0 ? all.slice(0, limit) : all);
        expect(got.more, where).toBe(limit > 0 && all.length > limit);
      });
      expect(code, where).toBe(want);
    } else {
      // Watch a random range from a random revision: history then nothing more.
      const key = r.pick(KEYS);
      const end = r.pick(ENDS);
      // Often exactly the compacted revision: the boundary where deletes must still show.
      const start = m.compactRev > 0 && r.chance(0.4) ? m.compactRev : 1 + r.int(m.rev);
      const id = s.watch({ key, ...(end ? { range_end: end } : {}), start_revision: start, prev_kv: true });
      const resps = s.takeWatchResponses();
      for (const resp of resps) if (resp.watch_id === liveId) live.push(...resp.events);
      const mine = resps.filter((x) => x.watch_id === id);
      if (end !== '' && end !== '\0' && cmp(key, end) >= 0) {
        // An empty range is refused: created and canceled at once.
        expect([id, mine.map((x) => [x.created, x.canceled])], where).toEqual([-1, [[true, true]]]);
      } else if (start < m.compactRev) {
        expect(mine.map((x) => [x.canceled, x.compact_revision]), where).toEqual([
          [false, 0],
          [true, m.compactRev],
        ]);
      } else {
        const want: Event[] = [];
        for (let rev = start; rev <= m.rev; rev++) {
          for (const ev of m.changes[rev]!) {
            if (!inRange(ev.kv.key, key, end)) continue;
            const isCreate = ev.type === 'PUT' && ev.kv.create_revision === ev.kv.mod_revision;
            const prevRev = ev.kv.mod_revision - 1;
            const prev = isCreate || prevRev < m.compactRev ? undefined : m.states[prevRev]!.get(ev.kv.key);
            want.push(prev ? { ...ev, prev_kv: prev } : ev);
          }
        }
        expect(mine.flatMap((x) => x.events), where).toEqual(want);
        s.cancelWatch(id);
      }
    }
    drainLive();
  }

  // Every change reached the watcher that stayed open, in order, exactly once.
  expect(live, `seed ${seed}: live watch`).toEqual(m.changes.flat());
  // And the final state is the model's at every readable revision.
  for (let rev = Math.max(1, m.compactRev); rev <= m.rev; rev++) {
    expect(s.range('\0', '\0', { revision: rev }).kvs, `seed ${seed}: revision ${rev}`).toEqual(m.range('\0', '\0', rev));
  }
}

function shuffle<T>(r: Rand, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('store against a naive model', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  it.each(seeds)('seed %i', (seed) => run(seed, 250));
});
