/**
 * TreeIndex maps keys to their KeyIndex, in key order (etcd's treeIndex, a
 * B-tree there, a sorted array here: inserts are rarer than lookups).
 *
 * Ranges take `end` as etcd's index does: null for the single key, "" for
 * every key >= key, otherwise the half-open [key, end). Keys are binary strings.
 */

import { KeyIndex, type KeyVersion } from './key_index';
import type { Revision } from './revision';

export class TreeIndex {
  /** items are sorted by key, one per key. */
  private items: KeyIndex[] = [];

  get size(): number {
    return this.items.length;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** keyIndex is the index of one key, if the key has any history left. */
  keyIndex(key: string): KeyIndex | undefined {
    const i = this.lowerBound(key);
    const ki = this.items[i];
    return ki !== undefined && ki.key === key ? ki : undefined;
  }

  /** insert adds (or replaces) a key's index. */
  insert(ki: KeyIndex): void {
    const i = this.lowerBound(ki.key);
    if (this.items[i]?.key === ki.key) this.items[i] = ki;
    else this.items.splice(i, 0, ki);
  }

  /** delete drops a key's index. */
  delete(key: string): boolean {
    const i = this.lowerBound(key);
    if (this.items[i]?.key !== key) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** removeWhere drops every key index the predicate selects, in one pass. */
  removeWhere(pred: (ki: KeyIndex) => boolean): void {
    this.items = this.items.filter((ki) => !pred(ki));
  }

  get(key: string, atRev: number): KeyVersion | undefined {
    return this.keyIndex(key)?.get(atRev);
  }

  /** put records a put of key at rev, creating the key's index if needed. */
  put(key: string, rev: Revision): void {
    let ki = this.keyIndex(key);
    if (ki === undefined) {
      ki = new KeyIndex(key);
      this.insert(ki);
    }
    ki.put(rev.main, rev.sub);
  }

  /** tombstone records a delete of key at rev; false when the key is not live. */
  tombstone(key: string, rev: Revision): boolean {
    const ki = this.keyIndex(key);
    return ki === undefined ? false : ki.tombstone(rev.main, rev.sub);
  }

  /** visit calls fn for each key index in [key, end) in key order until fn returns false. */
  visit(key: string, end: string, fn: (ki: KeyIndex) => boolean): void {
    for (let i = this.lowerBound(key); i < this.items.length; i++) {
      const ki = this.items[i]!;
      if (end !== '' && ki.key >= end) return;
      if (!fn(ki)) return;
    }
  }

  /** forEach visits every key index in key order. */
  forEach(fn: (ki: KeyIndex) => void): void {
    for (const ki of [...this.items]) fn(ki);
  }

  /**
   * revisions lists where each live key of the range is at atRev, in key
   * order, at most `limit` of them when limit > 0; `total` counts them all.
   */
  revisions(key: string, end: string | null, atRev: number, limit: number): { revs: Revision[]; total: number } {
    if (end === null) {
      const v = this.get(key, atRev);
      return v === undefined ? { revs: [], total: 0 } : { revs: [v.modified], total: 1 };
    }
    const revs: Revision[] = [];
    let total = 0;
    this.visit(key, end, (ki) => {
      const v = ki.get(atRev);
      if (v !== undefined) {
        if (limit <= 0 || revs.length < limit) revs.push(v.modified);
        total++;
      }
      return true;
    });
    return { revs, total };
  }

  /** countRevisions counts the live keys of the range at atRev. */
  countRevisions(key: string, end: string | null, atRev: number): number {
    return this.revisions(key, end, atRev, 1).total;
  }

  /** range lists the live keys of the range at atRev with where each one is. */
  range(key: string, end: string | null, atRev: number): { keys: string[]; revs: Revision[] } {
    const keys: string[] = [];
    const revs: Revision[] = [];
    if (end === null) {
      const v = this.get(key, atRev);
      if (v !== undefined) {
        keys.push(key);
        revs.push(v.modified);
      }
      return { keys, revs };
    }
    this.visit(key, end, (ki) => {
      const v = ki.get(atRev);
      if (v !== undefined) {
        keys.push(ki.key);
        revs.push(v.modified);
      }
      return true;
    });
    return { keys, revs };
  }
}
