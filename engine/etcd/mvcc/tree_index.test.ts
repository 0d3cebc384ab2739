import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { compactIndex, compactKeyIndex } from './compact';
import { KeyIndex } from './key_index';
import { revId, type Revision } from './revision';
import { TreeIndex } from './tree_index';

/**
 * IndexModel is what TreeIndex must answer, the plain way: a map of
 * KeyIndex, sorted on every query, each key asked with KeyIndex.get.
 */
class IndexModel {
  readonly keys = new Map<string, KeyIndex>();

  inRange(key: string, end: string | null): KeyIndex[] {
    if (end === null) {
      const ki = this.keys.get(key);
      return ki === undefined ? [] : [ki];
    }
    return [...this.keys.keys()]
      .filter((k) => k >= key && (end === '' || k < end))
      .sort()
      .map((k) => this.keys.get(k)!);
  }

  live(key: string, end: string | null, atRev: number): Array<{ key: string; rev: Revision }> {
    const out: Array<{ key: string; rev: Revision }> = [];
    for (const ki of this.inRange(key, end)) {
      const v = ki.get(atRev);
      if (v !== undefined) out.push({ key: ki.key, rev: v.modified });
    }
    return out;
  }
}

const ALPHABET = ['\x00', 'a', 'b', '/', '\xff'];

function randomKey(rng: Rng): string {
  let s = '';
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) s += rng.pick(ALPHABET);
  return s;
}

/** randomEnd draws a range end as the index takes it: null (one key), "" (to the end) or a key. */
function randomEnd(rng: Rng): string | null {
  const r = rng.intn(10);
  return r === 0 ? null : r === 1 ? '' : randomKey(rng);
}

describe('TreeIndex against a map of KeyIndex', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`answers ranges, revisions and counts as KeyIndex.get does, through puts, deletes and compactions (seed ${seed})`, () => {
      const rng = new Rng(`tree-index/${seed}`);
      const index = new TreeIndex();
      const model = new IndexModel();
      let rev = 1;
      let compacted = 0;
      for (let step = 0; step < 4000; step++) {
        const op = rng.intn(20);
        if (op < 12) {
          // A write transaction of one to three changes to distinct keys.
          rev++;
          const keys = new Set(Array.from({ length: rng.int(1, 3) }, () => randomKey(rng)));
          let sub = 0;
          for (const key of keys) {
            const at = { main: rev, sub: sub++ };
            if (rng.chance(0.7)) {
              index.put(key, at);
              let ki = model.keys.get(key);
              if (ki === undefined) model.keys.set(key, (ki = new KeyIndex(key)));
              ki.put(at.main, at.sub);
            } else {
              const ki = model.keys.get(key);
              const want = ki === undefined ? false : ki.tombstone(at.main, at.sub);
              expect(index.tombstone(key, at)).toBe(want);
            }
          }
        } else if (op === 12 && rev > compacted) {
          compacted = rng.int(compacted + 1, rev);
          const keep = new Set<string>();
          for (const ki of model.keys.values()) compactKeyIndex(ki, compacted, keep);
          for (const [k, ki] of model.keys) if (ki.isEmpty()) model.keys.delete(k);
          expect(compactIndex(index, compacted)).toEqual(keep);
        } else {
          const key = randomKey(rng);
          const end = randomEnd(rng);
          const atRev = rng.int(Math.max(1, compacted), rev);
          const limit = rng.pick([0, 0, 1, 2, 5, 50]);
          const want = model.live(key, end, atRev);
          const got = index.revisions(key, end, atRev, limit);
          expect(got.total).toBe(want.length);
          expect(got.revs.map(revId)).toEqual(want.slice(0, limit > 0 ? limit : undefined).map((w) => revId(w.rev)));
          expect(index.countRevisions(key, end, atRev)).toBe(want.length);
          const r = index.range(key, end, atRev);
          expect(r.keys).toEqual(want.map((w) => w.key));
          expect(r.revs.map(revId)).toEqual(want.map((w) => revId(w.rev)));
          if (end !== null) {
            const visited: string[] = [];
            index.visit(key, end, (ki) => visited.push(ki.key) < 10);
            expect(visited).toEqual(model.inRange(key, end).slice(0, 10).map((ki) => ki.key));
          }
        }
        expect(index.size).toBe(model.keys.size);
      }
      const all: string[] = [];
      index.forEach((ki) => all.push(ki.key));
      expect(all).toEqual([...model.keys.keys()].sort());
    });
  }
});

describe('TreeIndex at scale', () => {
  it('keeps 20,000 keys in order and pages through them with limits whose totals count the rest', () => {
    const rng = new Rng('tree-index/scale');
    const index = new TreeIndex();
    const n = 20_000;
    const keys = rng.shuffle(Array.from({ length: n }, (_, i) => `/registry/pods/ns-${i % 37}/pod-${i}`));
    keys.forEach((k, i) => index.put(k, { main: i + 2, sub: 0 }));
    // Delete every third key, so that pages skip dead keys and totals count only live ones.
    keys.forEach((k, i) => i % 3 === 0 && index.tombstone(k, { main: n + 2 + i, sub: 0 }));
    const atRev = 2 * n + 2;
    const live = keys.filter((_, i) => i % 3 !== 0).sort();
    expect(index.size).toBe(n);
    expect(index.countRevisions('/registry/pods/', '/registry/pods0', atRev)).toBe(live.length);

    const seen: string[] = [];
    let from = '/registry/pods/';
    for (;;) {
      const { revs, total } = index.revisions(from, '/registry/pods0', atRev, 500);
      expect(total).toBe(live.length - seen.length);
      const page = index.range(from, '/registry/pods0', atRev).keys.slice(0, 500);
      expect(page.length).toBe(revs.length);
      seen.push(...page);
      if (revs.length < 500) break;
      from = page[page.length - 1]! + '\x00';
    }
    expect(seen).toEqual(live);
    // Before the deletes every key was live.
    expect(index.countRevisions('/registry/pods/', '', n + 1)).toBe(n);
  });

  it('drops what removeWhere selects and keeps the rest in order', () => {
    const index = new TreeIndex();
    for (let i = 0; i < 5000; i++) index.put(`k${String(i).padStart(5, '0')}`, { main: i + 2, sub: 0 });
    index.removeWhere((ki) => Number(ki.key.slice(1)) % 4 !== 0);
    expect(index.size).toBe(1250);
    const left: string[] = [];
    index.forEach((ki) => left.push(ki.key));
    expect(left).toEqual(Array.from({ length: 1250 }, (_, i) => `k${String(i * 4).padStart(5, '0')}`));
    expect(index.keyIndex('k00001')).toBeUndefined();
    expect(index.keyIndex('k00004')?.key).toBe('k00004');
  });
});
