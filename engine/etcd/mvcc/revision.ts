/**
 * Revisions and their on-disk form (server/storage/mvcc/revision.go).
 *
 * Every write transaction gets one main revision; each change inside it gets
 * a sub revision 0, 1, 2 …. In the key bucket a change is stored under its
 * revision: 8 bytes main (big-endian), '_', 8 bytes sub (big-endian), and a
 * trailing 't' when the change is a deletion (a tombstone). Big-endian makes
 * byte order equal revision order, so the bucket is the history in order.
 */

import { getUint64BE, putUint64BE } from './codec';

export interface Revision {
  main: number;
  sub: number;
}

/** REV_BYTES_LEN is the length of a revision key; a tombstone's key is one byte longer. */
export const REV_BYTES_LEN = 17;
export const MARKED_REV_BYTES_LEN = 18;
export const MARK_TOMBSTONE = 0x74; // 't'

/** revGreater tells whether a is after b. */
export function revGreater(a: Revision, b: Revision): boolean {
  return a.main > b.main || (a.main === b.main && a.sub > b.sub);
}

/** revEqual tells whether a and b are the same revision. */
export function revEqual(a: Revision, b: Revision): boolean {
  return a.main === b.main && a.sub === b.sub;
}

/** revToBytes encodes a revision as a key-bucket key, marked when tombstone. */
export function revToBytes(rev: Revision, tombstone = false): Uint8Array {
  const b = new Uint8Array(tombstone ? MARKED_REV_BYTES_LEN : REV_BYTES_LEN);
  putUint64BE(b, 0, rev.main);
  b[8] = 0x5f; // '_'
  putUint64BE(b, 9, rev.sub);
  if (tombstone) b[REV_BYTES_LEN] = MARK_TOMBSTONE;
  return b;
}

/** bytesToRev decodes the revision of a key-bucket key (marked or not). */
export function bytesToRev(b: Uint8Array): Revision {
  return { main: getUint64BE(b, 0), sub: getUint64BE(b, 9) };
}

/** isTombstone tells whether a key-bucket key marks a deletion. */
export function isTombstone(b: Uint8Array): boolean {
  return b.length === MARKED_REV_BYTES_LEN && b[REV_BYTES_LEN] === MARK_TOMBSTONE;
}

/**
 * revId is a revision as a compact string, for sets and maps ("main.sub").
 * Two keys for one revision (marked or not) share it.
 */
export function revId(rev: Revision): string {
  return `${rev.main}.${rev.sub}`;
}
