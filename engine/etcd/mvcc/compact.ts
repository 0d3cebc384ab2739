/**
 * Compaction (kvstore.go Compact, key_index.go compact, kvstore_compaction.go).
 *
 * compact(rev) forgets history before rev. For every key, the latest revision
 * at or before rev is kept (it is the key's value as of rev), and every older
 * one is dropped. A tombstone is kept only when it sits exactly at rev, so
 * that a watcher from rev still sees that delete; a tombstone before rev is
 * dropped with everything before it, and a key with nothing left leaves the
 * index. Revisions after rev are untouched.
 *
 * Afterwards reads and watches below rev fail with
 * "mvcc: required revision has been compacted"; at rev they still work.
 *
 * Steps, as etcd takes them: record the compaction as scheduled (meta
 * scheduledCompactRev) and refuse older reads at once; compact the index,
 * learning which revisions to keep; delete every other revision <= rev from
 * the key bucket, which frees pages (size in use drops, the file does not);
 * record it as finished (meta finishedCompactRev). A store that stops between
 * the two records finishes the compaction when it is opened again.
 */

import { errCompacted, errFutureRev } from './errors';
import type { KeyIndex } from './key_index';
import { bytesToRev, revId, revToBytes } from './revision';
import { BUCKET_KEY, setFinishedCompact, setScheduledCompact } from './schema';
import type { MvccStore } from './store';
import type { TreeIndex } from './tree_index';
import type { CompactionResponse } from './types';

export function compact(store: MvccStore, rev: number): CompactionResponse {
  if (rev <= store.compactMainRev) throw errCompacted();
  if (rev > store.currentRevision()) throw errFutureRev();

  const b = store.backend;
  store.setCompactMainRev(rev);
  setScheduledCompact(b, rev);
  b.commit();

  const keep = compactIndex(store.index, rev);

  const upTo = b.range(BUCKET_KEY, revToBytes({ main: 0, sub: 0 }), revToBytes({ main: rev + 1, sub: 0 }));
  for (const [k] of upTo) {
    if (!keep.has(revId(bytesToRev(k)))) b.delete(BUCKET_KEY, k);
  }
  setFinishedCompact(b, rev);
  b.commit();
  return { header: { revision: store.currentRevision() } };
}

/**
 * compactIndex compacts every key's index at atRev and returns the ids
 * (revId) of the revisions at or before atRev that are still needed.
 */
export function compactIndex(index: TreeIndex, atRev: number): Set<string> {
  const keep = new Set<string>();
  index.forEach((ki) => compactKeyIndex(ki, atRev, keep));
  index.removeWhere((ki) => ki.isEmpty());
  return keep;
}

/**
 * compactKeyIndex trims one key's generations at atRev and adds the revision
 * it keeps (if any at or before atRev) to `keep`.
 */
export function compactKeyIndex(ki: KeyIndex, atRev: number, keep: Set<string>): void {
  // Find the latest revision at or before atRev: generation gi, position ri.
  let gi = ki.generations.length - 1;
  let ri = -1;
  for (; gi >= 0; gi--) {
    ri = ki.generations[gi]!.findRevisionIndex(atRev);
    if (ri !== -1) break;
  }
  if (gi < 0) return; // created after atRev: nothing to forget

  const g = ki.generations[gi]!;
  const latest = g.revs[ri]!;
  const isTomb = ri === g.revs.length - 1 && gi !== ki.generations.length - 1;
  if (isTomb && latest.main < atRev) {
    // The key was deleted before atRev: this generation goes entirely.
    ki.generations = ki.generations.slice(gi + 1);
    return;
  }
  keep.add(revId(latest));
  g.revs = g.revs.slice(ri);
  ki.generations = ki.generations.slice(gi);
}
