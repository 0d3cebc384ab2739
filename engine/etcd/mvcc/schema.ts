/**
 * The store's buckets and meta keys (server/storage/schema).
 *
 * "key" holds the history: revision bytes -> protobuf KeyValue.
 * "meta" holds the store's bookkeeping: consistent_index and term (8 bytes
 * big-endian each: the last applied raft entry), and the compaction
 * progress scheduledCompactRev / finishedCompactRev (revision bytes, sub 0).
 */

import type { Backend } from './backend';
import { getUint64BE, putUint64BE, utf8 } from './codec';
import { bytesToRev, revToBytes } from './revision';

export const BUCKET_KEY = 'key';
export const BUCKET_META = 'meta';

const CONSISTENT_INDEX = utf8('consistent_index');
const TERM = utf8('term');
const SCHEDULED_COMPACT = utf8('scheduledCompactRev');
const FINISHED_COMPACT = utf8('finishedCompactRev');

/** createSchema makes the store's buckets if they are missing, as NewStore does. */
export function createSchema(b: Backend): void {
  b.createBucket(BUCKET_KEY);
  b.createBucket(BUCKET_META);
}

function readRev(b: Backend, key: Uint8Array): number | undefined {
  const v = b.get(BUCKET_META, key);
  return v === undefined ? undefined : bytesToRev(v).main;
}

/** readScheduledCompact is the revision a compaction was last asked for, if any. */
export function readScheduledCompact(b: Backend): number | undefined {
  return readRev(b, SCHEDULED_COMPACT);
}

/** setScheduledCompact records that a compaction to rev has begun. */
export function setScheduledCompact(b: Backend, rev: number): void {
  b.put(BUCKET_META, SCHEDULED_COMPACT, revToBytes({ main: rev, sub: 0 }));
}

/** readFinishedCompact is the revision of the last compaction that completed, if any. */
export function readFinishedCompact(b: Backend): number | undefined {
  return readRev(b, FINISHED_COMPACT);
}

/** setFinishedCompact records that the compaction to rev is complete. */
export function setFinishedCompact(b: Backend, rev: number): void {
  b.put(BUCKET_META, FINISHED_COMPACT, revToBytes({ main: rev, sub: 0 }));
}

/** readConsistentIndex is the last applied raft index and its term (0, 0 when never set). */
export function readConsistentIndex(b: Backend): { index: number; term: number } {
  const i = b.get(BUCKET_META, CONSISTENT_INDEX);
  const t = b.get(BUCKET_META, TERM);
  return { index: i ? getUint64BE(i, 0) : 0, term: t ? getUint64BE(t, 0) : 0 };
}

/** setConsistentIndex records the last applied raft index and term. */
export function setConsistentIndex(b: Backend, index: number, term: number): void {
  const i = new Uint8Array(8);
  putUint64BE(i, 0, index);
  const t = new Uint8Array(8);
  putUint64BE(t, 0, term);
  b.put(BUCKET_META, CONSISTENT_INDEX, i);
  b.put(BUCKET_META, TERM, t);
}
