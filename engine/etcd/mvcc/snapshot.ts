/**
 * Snapshots, as `etcdctl snapshot save` and `etcdutl snapshot restore` make
 * and use them (server/etcdserver/api/v3rpc/maintenance.go, etcdutl/snapshot).
 *
 * A snapshot is the whole bbolt db file (free pages included, so its length
 * is a multiple of 4096) followed by the 32-byte SHA-256 of those bytes. A
 * file "has a hash" when its length is 32 more than a multiple of 512, the
 * test etcd uses (512 being the smallest disk sector, which divides a page).
 *
 * Restore checks that hash, opens the db (refusing a structurally damaged
 * one), and starts a store on it: same keys, values, versions, create and
 * mod revisions, current revision and compacted revision as when saved.
 */

import { Backend } from './backend';
import { readDb } from './bbolt';
import { concatBytes } from './codec';
import { EtcdError, MSG_SNAPSHOT_MISSING_HASH } from './errors';
import { compact } from './compact';
import type { RestoreOptions } from './maintenance';
import { MvccStore } from './store';
import { sha256, SHA256_SIZE } from '../hash/sha256';

/** hasChecksum is etcd's test for a trailing SHA-256: size % 512 == 32. */
export function hasChecksum(size: number): boolean {
  return size % 512 === SHA256_SIZE;
}

/** saveSnapshot returns the store's db file with its SHA-256 appended. */
export function saveSnapshot(store: MvccStore): Uint8Array {
  store.backend.commit();
  const db = store.backend.writeTo();
  return concatBytes(db, sha256(db));
}

/** goBytes formats bytes as Go's %v prints a []byte: "[1 2 3]". */
function goBytes(b: Uint8Array): string {
  return `[${Array.from(b).join(' ')}]`;
}

/**
 * verifySnapshot checks a snapshot's trailing hash as etcdutl does and
 * returns the db bytes without it. Errors:
 * "snapshot missing hash but --skip-hash-check=false" and
 * "expected sha256 [..], got [..]".
 */
export function verifySnapshot(bytes: Uint8Array, opts: { skipHashCheck?: boolean } = {}): Uint8Array {
  const withHash = hasChecksum(bytes.length);
  if (!withHash) {
    if (!opts.skipHashCheck) throw new EtcdError('ErrSnapshotMissingHash', MSG_SNAPSHOT_MISSING_HASH);
    return bytes;
  }
  const db = bytes.subarray(0, bytes.length - SHA256_SIZE);
  if (!opts.skipHashCheck) {
    const want = bytes.subarray(bytes.length - SHA256_SIZE);
    const got = sha256(db);
    if (want.some((x, i) => x !== got[i])) {
      throw new EtcdError('ErrSnapshotHashMismatch', `expected sha256 ${goBytes(want)}, got ${goBytes(got)}`);
    }
  }
  return db;
}

/**
 * openSnapshotDb reads a verified db file into a backend; a damaged file
 * fails with "snapshot file integrity check failed. N errors found." and the
 * problems, one a line.
 */
export function openSnapshotDb(db: Uint8Array): Backend {
  const { problems } = readDb(db);
  if (problems.length > 0) {
    throw new EtcdError(
      'ErrSnapshotIntegrity',
      `snapshot file integrity check failed. ${problems.length} errors found.\n${problems.join('\n')}`,
    );
  }
  return Backend.open(db);
}

/**
 * restoreSnapshot verifies a snapshot and returns a new store holding its
 * state; the store compacts with opts.compactor, or with compact.ts.
 */
export function restoreSnapshot(bytes: Uint8Array, opts: RestoreOptions = {}): MvccStore {
  const db = verifySnapshot(bytes, opts);
  return MvccStore.open(openSnapshotDb(db), { ...opts, compactor: opts.compactor ?? compact });
}
