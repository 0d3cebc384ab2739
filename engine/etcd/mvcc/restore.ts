/**
 * restoreIndex rebuilds the key index from a backend's key bucket, as etcd's
 * store.restore (kvstore.go) does at boot and after a snapshot restore.
 *
 * The key bucket is the history in revision order. The first entry found for
 * a key starts its index: a put carries its own create_revision and version
 * (older history may have been compacted away), a tombstone starts an index
 * that is already deleted. Later entries are replayed as puts and
 * tombstones. The current revision is the last entry's main revision, or the
 * compacted revision when compaction removed every later entry.
 */

import type { Backend } from './backend';
import { bytesToBin, decodeKeyValue } from './codec';
import { KeyIndex } from './key_index';
import { bytesToRev, isTombstone, revToBytes } from './revision';
import { BUCKET_KEY, readFinishedCompact, readScheduledCompact } from './schema';
import { TreeIndex } from './tree_index';

export interface RestoredState {
  index: TreeIndex;
  currentRev: number;
  /** compactMainRev is the last finished compaction, -1 when none. */
  compactMainRev: number;
  /** scheduledCompact is a compaction begun but not finished, or 0. */
  scheduledCompact: number;
}

export function restoreIndex(backend: Backend): RestoredState {
  const index = new TreeIndex();
  const compactMainRev = readFinishedCompact(backend) ?? -1;
  let currentRev = 1;
  const entries = backend.range(
    BUCKET_KEY,
    revToBytes({ main: 1, sub: 0 }),
    revToBytes({ main: Number.MAX_SAFE_INTEGER, sub: Number.MAX_SAFE_INTEGER }),
  );
  for (const [k, v] of entries) {
    const rev = bytesToRev(k);
    const kv = decodeKeyValue(v);
    const key = bytesToBin(kv.key);
    currentRev = rev.main;
    const ki = index.keyIndex(key);
    if (ki !== undefined) {
      // A tombstone of a key already deleted is ignored, as etcd only warns.
      if (isTombstone(k)) ki.tombstone(rev.main, rev.sub);
      else ki.put(rev.main, rev.sub);
      continue;
    }
    const fresh = new KeyIndex(key);
    if (isTombstone(k)) fresh.restoreTombstone(rev.main, rev.sub);
    else fresh.restore({ main: kv.create_revision, sub: 0 }, rev, kv.version);
    index.insert(fresh);
  }
  if (currentRev < compactMainRev) currentRev = compactMainRev;
  let scheduledCompact = readScheduledCompact(backend) ?? 0;
  if (scheduledCompact <= compactMainRev) scheduledCompact = 0;
  return { index, currentRev, compactMainRev, scheduledCompact };
}
