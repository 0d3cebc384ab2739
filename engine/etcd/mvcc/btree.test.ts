import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { BTree } from './btree';

/** SortedModel is the obvious ordered map the tree must agree with: a sorted array of entries. */
class SortedModel {
  keys: string[] = [];
  vals: number[] = [];

  private find(key: string): number {
    let i = 0;
    while (i < this.keys.length && this.keys[i]! < key) i++;
    return i;
  }

  get(key: string): number | undefined {
    const i = this.find(key);
    return this.keys[i] === key ? this.vals[i] : undefined;
  }

  set(key: string, v: number): boolean {
    const i = this.find(key);
    if (this.keys[i] === key) {
      this.vals[i] = v;
      return false;
    }
    this.keys.splice(i, 0, key);
    this.vals.splice(i, 0, v);
    return true;
  }

  delete(key: string): boolean {
    const i = this.find(key);
    if (this.keys[i] !== key) return false;
    this.keys.splice(i, 1);
    this.vals.splice(i, 1);
    return true;
  }

  /** from lists the entries with key >= from (and < to, when given), in order. */
  from(from: string, to?: string): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (let i = this.find(from); i < this.keys.length; i++) {
      if (to !== undefined && this.keys[i]! >= to) break;
      out.push([this.keys[i]!, this.vals[i]!]);
    }
    return out;
  }
}

/**
 * randomKey draws a binary string (one char per byte) from a small alphabet
 * that includes 0x00 and 0xff, of length 0 to maxLen, so that keys share
 * prefixes, one key is often a prefix of another, and the empty key occurs.
 */
function randomKey(rng: Rng, maxLen: number): string {
  const alphabet = ['\x00', '\x01', 'a', 'b', 'c', '/', '\x7f', '\x80', '\xfe', '\xff'];
  let s = '';
  const n = rng.int(0, maxLen);
  for (let i = 0; i < n; i++) s += rng.pick(alphabet);
  return s;
}

function walk(t: BTree<number>, from: string, to?: string, stopAfter = Infinity): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const fn = (k: string, v: number) => {
    out.push([k, v]);
    return out.length < stopAfter;
  };
  if (to === undefined) t.ascend(from, fn);
  else t.ascendRange(from, to, fn);
  return out;
}

describe('BTree against a sorted array', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`agrees on random sets, deletes, gets and walks (seed ${seed})`, () => {
      const rng = new Rng(`btree/${seed}`);
      const t = new BTree<number>();
      const m = new SortedModel();
      // A growing phase takes the tree three levels deep (over 64 leaves);
      // a phase that favours deletes shrinks it back to a single leaf.
      const maxLen = 8;
      const heights = new Set<number>();
      for (let step = 0; step < 20_000; step++) {
        const deleting = step >= 8000;
        const op = rng.intn(10);
        const key = randomKey(rng, maxLen);
        if (op < (deleting ? 2 : 8)) {
          expect(t.set(key, step)).toBe(m.set(key, step));
        } else if (op < 9) {
          const victim = m.keys.length > 0 && rng.chance(0.8) ? rng.pick(m.keys) : key;
          expect(t.delete(victim)).toBe(m.delete(victim));
        } else {
          expect(t.get(key)).toBe(m.get(key));
          expect(t.has(key)).toBe(m.get(key) !== undefined);
        }
        expect(t.size).toBe(m.keys.length);
        if (step % 199 === 0) {
          heights.add(t.check());
          const a = randomKey(rng, maxLen);
          const b = randomKey(rng, maxLen);
          const stop = rng.int(1, 50);
          expect(walk(t, a)).toEqual(m.from(a));
          expect(walk(t, a, undefined, stop)).toEqual(m.from(a).slice(0, stop));
          expect(walk(t, a, b)).toEqual(a < b ? m.from(a, b) : []);
          expect(walk(t, a, b, stop)).toEqual(a < b ? m.from(a, b).slice(0, stop) : []);
          expect(t.values()).toEqual(m.vals);
        }
      }
      heights.add(t.check());
      expect(walk(t, '')).toEqual(m.from(''));
      expect([...heights].sort()).toEqual([1, 2, 3]);
    });
  }

  it('grows and empties in key order and in reverse, splitting, borrowing and merging at every level', () => {
    const n = 5000;
    const keys = Array.from({ length: n }, (_, i) => String.fromCharCode(i >> 8, i & 0xff));
    for (const order of [keys, [...keys].reverse()]) {
      const t = new BTree<number>();
      order.forEach((k, i) => expect(t.set(k, i)).toBe(true));
      expect(t.check()).toBe(3);
      expect(t.size).toBe(n);
      expect(walk(t, '').map(([k]) => k)).toEqual(keys);
      // Delete from the front, the back and the middle in turn.
      const doomed = [...keys];
      let removed = 0;
      while (doomed.length > 0) {
        const at = removed % 3 === 0 ? 0 : removed % 3 === 1 ? doomed.length - 1 : doomed.length >> 1;
        const [k] = doomed.splice(at, 1);
        expect(t.delete(k!)).toBe(true);
        expect(t.delete(k!)).toBe(false);
        removed++;
        if (removed % 250 === 0) {
          t.check();
          expect(walk(t, '').map(([key]) => key)).toEqual(doomed);
        }
      }
      expect(t.check()).toBe(1);
      expect(t.size).toBe(0);
      expect(walk(t, '')).toEqual([]);
    }
  });

  it('replaces the value of a key it has, without growing', () => {
    const t = new BTree<string>();
    expect(t.set('k', 'one')).toBe(true);
    expect(t.set('k', 'two')).toBe(false);
    expect(t.size).toBe(1);
    expect(t.get('k')).toBe('two');
    expect(t.get('j')).toBeUndefined();
  });

  it('walks nothing when the range is empty or inverted', () => {
    const t = new BTree<number>();
    expect(walk(t, '')).toEqual([]);
    for (let i = 0; i < 200; i++) t.set(String.fromCharCode(65 + (i % 26)) + i, i);
    expect(walk(t, 'M', 'M')).toEqual([]);
    expect(walk(t, 'N', 'M')).toEqual([]);
    expect(walk(t, '\xff')).toEqual([]);
  });
});

describe('BTree walks while the walker changes the tree', () => {
  /**
   * The contract: after fn changes the tree, the walk goes on from the first
   * key after the one just visited, in the tree as it is then. The model
   * replays the same steps against a sorted array.
   */
  for (const ranged of [false, true]) {
    for (const seed of [1, 2, 3]) {
      it(`${ranged ? 'ascendRange' : 'ascend'} follows the tree as fn edits it (seed ${seed})`, () => {
        const rng = new Rng(`btree-edit/${ranged}/${seed}`);
        const t = new BTree<number>();
        const m = new SortedModel();
        for (let i = 0; i < 3000; i++) {
          const k = randomKey(rng, 5);
          t.set(k, i);
          m.set(k, i);
        }
        const from = randomKey(rng, 5);
        const to = ranged ? '\xff' + randomKey(rng, 3) : undefined;
        // Draw the edits up front so that the tree's walk and the model's replay make the same ones.
        interface Edit {
          dropVisited: boolean;
          del: string[];
          add: string[];
        }
        const edits: Edit[] = [];
        for (let i = 0; i < 5000; i++) {
          edits.push({
            dropVisited: rng.chance(0.5),
            del: rng.chance(0.3) ? [randomKey(rng, 5)] : [],
            add: rng.chance(0.3) ? [randomKey(rng, 5), randomKey(rng, 5)] : [],
          });
        }
        const apply = (e: Edit, into: { set(k: string, v: number): unknown; delete(k: string): unknown }, visited: string, n: number) => {
          if (e.dropVisited) into.delete(visited);
          for (const k of e.del) into.delete(k);
          for (const k of e.add) into.set(k, -n);
        };

        const seen: string[] = [];
        const fn = (k: string) => {
          apply(edits[seen.length]!, t, k, seen.length);
          seen.push(k);
          return seen.length < edits.length;
        };
        if (to === undefined) t.ascend(from, fn);
        else t.ascendRange(from, to, fn);
        t.check();

        const want: string[] = [];
        let next = m.from(from, to)[0];
        while (next !== undefined && want.length < edits.length) {
          const k = next[0];
          apply(edits[want.length]!, m, k, want.length);
          want.push(k);
          next = m.from(k + '\x00', to)[0];
        }
        expect(seen).toEqual(want);
        expect(walk(t, '')).toEqual(m.from(''));
      });
    }
  }
});
