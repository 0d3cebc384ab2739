/**
 * TreeIndex maps keys to their KeyIndex, in key order (etcd's treeIndex,
 * server/storage/mvcc/index.go). Like etcd's it is a B-tree (btree.ts), so
 * a put of a new key costs O(log n) however many keys there are.
 *
 * Ranges take `end` as etcd's index does: null for the single key, "" for
 * every key >= key, otherwise the half-open [key, end). Keys are binary strings.
 */

import { BTree } from './btree';
import { KeyIndex, type KeyVersion } from './key_index';
import type { Revision } from './revision';

export class TreeIndex {
  /** tree holds one KeyIndex per key, under ki.key. */
  private readonly tree = new BTree<KeyIndex>();

  get size(): number {
    return this.tree.size;
  }

  /** keyIndex is the index of one key, if the key has any history left. */
  keyIndex(key: string): KeyIndex | undefined {
    return this.tree.get(key);
  }

  /** insert adds (or replaces) a key's index. */
  insert(ki: KeyIndex): void {
    this.tree.set(ki.key, ki);
  }

  /** delete drops a key's index. */
  delete(key: string): boolean {
    return this.tree.delete(key);
  }

  /** removeWhere drops every key index the predicate selects, in one pass. */
  removeWhere(pred: (ki: KeyIndex) => boolean): void {
    const doomed: string[] = [];
    for (const ki of this.tree.values()) if (pred(ki)) doomed.push(ki.key);
    for (const key of doomed) this.tree.delete(key);
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
    if (end === '') this.tree.ascend(key, (_, ki) => fn(ki));
    else this.tree.ascendRange(key, end, (_, ki) => fn(ki));
  }

  /** forEach visits every key index in key order (those there when it starts: fn may change the index). */
  forEach(fn: (ki: KeyIndex) => void): void {
    for (const ki of this.tree.values()) fn(ki);
  }

  /**
   * revisions lists where each live key of the range is at atRev, in key
   * order, at most `limit` of them when limit > 0; `total` counts them all,
   * as etcd's does: a page of a big range still walks the rest of the range,
   * so that walk allocates nothing.
   */
  revisions(key: string, end: string | null, atRev: number, limit: number): { revs: Revision[]; total: number } {
    if (end === null) {
      const rev = this.keyIndex(key)?.modifiedAt(atRev);
      return rev === undefined ? { revs: [], total: 0 } : { revs: [rev], total: 1 };
    }
    const revs: Revision[] = [];
    let total = 0;
    const max = limit > 0 ? limit : Infinity;
    this.visit(key, end, (ki) => {
      const rev = ki.modifiedAt(atRev);
      if (rev !== undefined) {
        if (total < max) revs.push(rev);
        total++;
      }
      return true;
    });
    return { revs, total };
  }

  /** countRevisions counts the live keys of the range at atRev. */
  countRevisions(key: string, end: string | null, atRev: number): number {
    if (end === null) return this.keyIndex(key)?.modifiedAt(atRev) === undefined ? 0 : 1;
    let total = 0;
    this.visit(key, end, (ki) => {
      if (ki.modifiedAt(atRev) !== undefined) total++;
      return true;
    });
    return total;
  }

  /** range lists the live keys of the range at atRev with where each one is. */
  range(key: string, end: string | null, atRev: number): { keys: string[]; revs: Revision[] } {
    const keys: string[] = [];
    const revs: Revision[] = [];
    if (end === null) {
      const rev = this.keyIndex(key)?.modifiedAt(atRev);
      if (rev !== undefined) {
        keys.push(key);
        revs.push(rev);
      }
      return { keys, revs };
    }
    this.visit(key, end, (ki) => {
      const rev = ki.modifiedAt(atRev);
      if (rev !== undefined) {
        keys.push(ki.key);
        revs.push(rev);
      }
      return true;
    });
    return { keys, revs };
  }
}
