/**
 * Defragmentation (server/storage/backend/backend.go defrag / defragdb).
 *
 * Compaction frees pages but never shrinks the db file: the free pages wait
 * on the freelist for reuse. defrag copies every bucket, entry by entry in
 * key order, into a brand-new db and swaps it in, so the file is only as
 * large as its content: afterwards size == size in use. Keys, values and
 * revisions are unchanged and the store carries on from the same revision.
 */

import { Backend } from './backend';
import type { DefragResult } from './maintenance';
import type { MvccStore } from './store';

export function defrag(store: MvccStore): DefragResult {
  const old = store.backend;
  const sizeBefore = old.size();
  const sizeInUseBefore = old.sizeInUse();
  const fresh = Backend.create();
  for (const name of old.bucketNames()) {
    fresh.createBucket(name);
    old.forEach(name, (k, v) => fresh.put(name, k, v));
  }
  fresh.commit();
  store.replaceBackend(fresh);
  return { sizeBefore, sizeInUseBefore, sizeAfter: fresh.size(), sizeInUseAfter: fresh.sizeInUse() };
}
