/**
 * KeyIndex is the in-memory history of one key (server/storage/mvcc/key_index.go):
 * the revisions at which it changed, grouped into generations. A generation
 * runs from the put that creates the key to the delete that ends it; the
 * delete's revision (the tombstone) is the generation's last revision, and a
 * new, empty generation follows it. The last generation is always the open
 * one (empty when the key is currently deleted).
 *
 * put(1.0) put(2.0) tombstone(3.0) put(4.0) tombstone(5.0) on "foo" gives
 *   generations: {1.0, 2.0, 3.0(t)} {4.0, 5.0(t)} {}
 *
 * Compaction (compact.ts) trims generations from the front.
 */

import { revGreater, type Revision } from './revision';

export class Generation {
  /** ver is the key's version at the generation's last revision (puts counted since creation). */
  ver: number;
  /** created is the revision of the put that began the generation. */
  created: Revision;
  /** revs are the generation's revisions in increasing order; a closed generation ends with its tombstone. */
  revs: Revision[];

  constructor(ver = 0, created: Revision = { main: 0, sub: 0 }, revs: Revision[] = []) {
    this.ver = ver;
    this.created = created;
    this.revs = revs;
  }

  isEmpty(): boolean {
    return this.revs.length === 0;
  }

  /** findRevisionIndex is the index of the last revision with main <= atRev, or -1. */
  findRevisionIndex(atRev: number): number {
    let hi = this.revs.length - 1;
    // Reads at or after the generation's last change are the common case.
    if (hi >= 0 && this.revs[hi]!.main <= atRev) return hi;
    let lo = 0;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.revs[mid]!.main <= atRev) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** KeyVersion is a key as of some revision: where its value is, when it was created, its version. */
export interface KeyVersion {
  modified: Revision;
  created: Revision;
  ver: number;
}

export class KeyIndex {
  /** key is the user key's UTF-8 bytes as a binary string. */
  readonly key: string;
  /** modified is the last revision recorded for the key (put or tombstone). */
  modified: Revision = { main: 0, sub: 0 };
  generations: Generation[] = [];

  constructor(key: string) {
    this.key = key;
  }

  /** put records a put at (main, sub); revisions must only increase. */
  put(main: number, sub: number): void {
    const rev = { main, sub };
    if (!revGreater(rev, this.modified)) {
      throw new Error(
        `keyIndex: put at ${main}.${sub} is not after the last modification ${this.modified.main}.${this.modified.sub}`,
      );
    }
    // A new generation's arrays start exactly sized: most keys never grow them,
    // and at 100k keys pushing into [] (room for 16) doubles the index's memory.
    if (this.generations.length === 0) this.generations = [new Generation()];
    const g = this.generations[this.generations.length - 1]!;
    if (g.isEmpty()) {
      g.created = rev;
      g.revs = [rev];
    } else {
      g.revs.push(rev);
    }
    g.ver++;
    this.modified = rev;
  }

  /**
   * restore starts an index from the first revision found in the backend:
   * history before it was compacted away, so the created revision and the
   * version come from the stored KeyValue.
   */
  restore(created: Revision, modified: Revision, ver: number): void {
    if (this.generations.length !== 0) throw new Error('keyIndex: restore on a non-empty index');
    this.modified = modified;
    this.generations = [new Generation(ver, created, [modified])];
  }

  /**
   * restoreTombstone starts an index whose first surviving revision is a
   * tombstone (kept by a compaction at exactly its revision). Its creation
   * is unknown, so created is zero, as etcd restores it.
   */
  restoreTombstone(main: number, sub: number): void {
    this.restore({ main: 0, sub: 0 }, { main, sub }, 1);
    this.generations.push(new Generation());
  }

  /**
   * tombstone records a delete at (main, sub) and opens a new generation.
   * It returns false (and records nothing) when the key is not live, which
   * etcd reports as "mvcc: revision not found".
   */
  tombstone(main: number, sub: number): boolean {
    if (this.isEmpty()) throw new Error(`keyIndex: tombstone on an empty index for ${JSON.stringify(this.key)}`);
    if (this.generations[this.generations.length - 1]!.isEmpty()) return false;
    this.put(main, sub);
    this.generations.push(new Generation());
    return true;
  }

  /**
   * get is the key as of atRev: the last put at or before atRev and its
   * generation's creation and version. Undefined when the key did not exist then.
   */
  get(atRev: number): KeyVersion | undefined {
    const g = this.findGeneration(atRev);
    if (g === undefined || g.isEmpty()) return undefined;
    const n = g.findRevisionIndex(atRev);
    if (n === -1) return undefined;
    return { modified: g.revs[n]!, created: g.created, ver: g.ver - (g.revs.length - n - 1) };
  }

  /**
   * modifiedAt is get(atRev)?.modified without building a KeyVersion: where
   * the key's value as of atRev is, undefined when the key did not exist then.
   * Ranges call it for every key they cross, counting included.
   */
  modifiedAt(atRev: number): Revision | undefined {
    const g = this.findGeneration(atRev);
    if (g === undefined || g.isEmpty()) return undefined;
    const n = g.findRevisionIndex(atRev);
    return n === -1 ? undefined : g.revs[n];
  }

  /**
   * since lists the key's revisions with main >= rev, keeping only the last
   * one of each main revision.
   */
  since(rev: number): Revision[] {
    const since = { main: rev, sub: 0 };
    let gi = this.generations.length - 1;
    for (; gi > 0; gi--) {
      const g = this.generations[gi]!;
      if (g.isEmpty()) continue;
      if (revGreater(since, g.created)) break;
    }
    const revs: Revision[] = [];
    let last = 0;
    for (; gi < this.generations.length; gi++) {
      for (const r of this.generations[gi]!.revs) {
        if (revGreater(since, r)) continue;
        if (r.main === last) {
          revs[revs.length - 1] = r;
          continue;
        }
        revs.push(r);
        last = r.main;
      }
    }
    return revs;
  }

  /** isEmpty is true when nothing is left: a single empty generation. */
  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.isEmpty();
  }

  /**
   * findGeneration is the generation the key was in at rev, or undefined when
   * the key did not exist at rev (before its creation or between a delete and
   * the next put).
   */
  findGeneration(rev: number): Generation | undefined {
    const lastg = this.generations.length - 1;
    for (let cg = lastg; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
      if (g.revs[0]!.main <= rev) return g;
    }
    return undefined;
  }
}
