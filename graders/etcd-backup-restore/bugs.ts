/**
 * The etcd-backup-restore bug corpus: plausible wrong solutions, each a
 * mistake a learner really makes, written as a mutation of the reference
 * maintenance (engine/etcd/mvcc compact.ts, snapshot.ts, status.ts,
 * defrag.ts). The grader's own tests play every one and require that it
 * fails with one of the properties in `expect`: a bug the grader lets
 * through is a grader bug.
 */
import type { Mutation, Patch } from '../core/mutations';
import { applyPatches, mutationPatches } from '../core/mutations';

/** MaintenanceBug is one wrong solution of this lab's corpus (see graders/core/mutations.ts). */
export type MaintenanceBug = Mutation;

const COMPACT = 'engine/etcd/mvcc/compact.ts';
const SNAPSHOT = 'engine/etcd/mvcc/snapshot.ts';
const STATUS = 'engine/etcd/mvcc/status.ts';
const DEFRAG = 'engine/etcd/mvcc/defrag.ts';

/** BUGS is the corpus. */
export const BUGS: readonly MaintenanceBug[] = [
  {
    id: 'compact-drops-latest',
    description: "compaction forgets every revision at or before rev, including each key's latest one, which is the key's value as of rev",
    file: COMPACT,
    find: 'keep.add(revId(latest));\n  g.revs = g.revs.slice(ri);',
    replace: 'g.revs = g.revs.slice(ri + 1);',
    expect: ['compaction keeps history'],
  },
  {
    id: 'compact-keeps-everything',
    description: 'compaction trims the index but never deletes anything from the key bucket, so it frees nothing',
    file: COMPACT,
    find: 'if (!keep.has(revId(bytesToRev(k)))) b.delete(BUCKET_KEY, k);',
    replace: 'if (!keep.has(revId(bytesToRev(k)))) continue;',
    expect: ['compaction frees'],
  },
  {
    id: 'compact-not-recorded',
    description: 'compaction deletes old revisions but never records the compacted revision in the store, so reads below it are still served (from what is left)',
    file: COMPACT,
    find: 'store.setCompactMainRev(rev);',
    replace: '',
    expect: ['compacted reads refused'],
  },
  {
    id: 'compact-boundary-off-by-one',
    description: 'compaction treats rev itself as gone: it records rev + 1 as compacted, so reads and watches at exactly rev are refused',
    file: COMPACT,
    find: 'store.setCompactMainRev(rev);',
    replace: 'store.setCompactMainRev(rev + 1);',
    expect: ['compacted reads refused'],
  },
  {
    id: 'compact-drops-delete-at-rev',
    description: 'compaction also drops a delete made exactly at rev, which a watch from rev must still see',
    file: COMPACT,
    find: 'if (isTomb && latest.main < atRev) {',
    replace: 'if (isTomb && latest.main <= atRev) {',
    expect: ['compaction keeps history'],
  },
  {
    id: 'compact-twice-allowed',
    description: 'compaction at the revision already compacted is accepted instead of failing with "mvcc: required revision has been compacted"',
    file: COMPACT,
    find: 'if (rev <= store.compactMainRev) throw errCompacted();',
    replace: 'if (rev < store.compactMainRev) throw errCompacted();',
    expect: ['compaction'],
  },
  {
    id: 'compact-not-persisted',
    description: 'compaction records nothing in the meta bucket, so a snapshot forgets it and a restored store serves reads it should refuse',
    file: COMPACT,
    find: 'setScheduledCompact(b, rev);\n',
    replace: '',
    also: [{ file: COMPACT, find: 'setFinishedCompact(b, rev);\n', replace: '' }],
    expect: ['compaction'],
  },
  {
    id: 'snapshot-no-hash',
    description: 'the snapshot is the db file alone, without the SHA-256 that etcdctl snapshot save appends',
    file: SNAPSHOT,
    find: 'return concatBytes(db, sha256(db));',
    replace: 'return db;',
    expect: ['snapshot save'],
  },
  {
    id: 'snapshot-without-meta',
    description: 'the snapshot copies only the key bucket into a new db, so the compacted revision (and the rest of the meta bucket) is lost',
    file: SNAPSHOT,
    find: 'const db = store.backend.writeTo();',
    replace:
      "const copy = Backend.create();\n  copy.createBucket('key');\n  store.backend.forEach('key', (k, v) => copy.put('key', k, v));\n  const db = copy.writeTo();",
    expect: ['snapshot save', 'restore identical'],
  },
  {
    id: 'restore-skips-hash-check',
    description: 'restore cuts the 32-byte hash off but never compares it with the SHA-256 of the db',
    file: SNAPSHOT,
    find: 'if (want.some((x, i) => x !== got[i])) {',
    replace: 'if (want.length < 0 && got.length < 0) {',
    expect: ['corrupt snapshot refused'],
  },
  {
    id: 'restore-missing-hash-accepted',
    description: 'restore treats a file without a hash (its length is not 32 more than a multiple of 512) as a bare db instead of refusing it',
    file: SNAPSHOT,
    find: "if (!opts.skipHashCheck) throw new EtcdError('ErrSnapshotMissingHash', MSG_SNAPSHOT_MISSING_HASH);",
    replace: '',
    expect: ['corrupt snapshot refused'],
  },
  {
    id: 'restore-without-integrity-check',
    description: "restore opens the db straight away, so a damaged one fails with the backend's own error instead of etcdutl's integrity check",
    file: SNAPSHOT,
    find: 'const { problems } = readDb(db);\n  if (problems.length > 0) {',
    replace: 'const { problems } = readDb(db);\n  if (problems.length < 0) {',
    expect: ['corrupt snapshot refused'],
  },
  {
    id: 'restore-resets-revision',
    description: 'restore replays the latest value of every key into a fresh store, so revisions, versions and history start over',
    file: SNAPSHOT,
    find: 'return MvccStore.open(openSnapshotDb(db), { ...opts, compactor: opts.compactor ?? compact });',
    replace:
      "const saved = MvccStore.open(openSnapshotDb(db), { ...opts, compactor: opts.compactor ?? compact });\n  const fresh = MvccStore.create({ ...opts, compactor: opts.compactor ?? compact });\n  for (const kv of saved.range('\\0', '\\0').kvs) fresh.put(kv.key, kv.value);\n  return fresh;",
    expect: ['restore identical'],
  },
  {
    id: 'status-hashes-values-only',
    description: 'snapshot status hashes the values only, not the bucket names and keys',
    file: STATUS,
    find: 'h.write(binToBytes(bucket.name));',
    replace: '',
    also: [{ file: STATUS, find: 'h.write(key);', replace: '' }],
    expect: ['snapshot status'],
  },
  {
    id: 'status-counts-key-bucket-only',
    description: 'snapshot status counts the entries of the key bucket only, not those of every bucket',
    file: STATUS,
    find: 'totalKey++;',
    replace: 'if (isKey) totalKey++;',
    expect: ['snapshot status'],
  },
  {
    id: 'endpoint-status-file-in-use',
    description: 'endpoint status reports the file size as the size in use, ignoring the free pages',
    file: STATUS,
    find: 'dbSizeInUse: store.backend.sizeInUse(),',
    replace: 'dbSizeInUse: store.backend.size(),',
    expect: ['endpoint status'],
  },
  {
    id: 'defrag-reopens-file',
    description: 'defrag reopens the db file it has (Backend.open(writeTo())), which keeps its size and its free pages',
    file: DEFRAG,
    find: 'const fresh = Backend.create();\n  for (const name of old.bucketNames()) {\n    fresh.createBucket(name);\n    old.forEach(name, (k, v) => fresh.put(name, k, v));\n  }',
    replace: 'const fresh = Backend.open(old.writeTo());',
    expect: ['defrag shrinks and keeps data'],
  },
  {
    id: 'defrag-loses-meta',
    description: 'defrag copies the key bucket only, losing the meta bucket',
    file: DEFRAG,
    find: 'for (const name of old.bucketNames()) {',
    replace: "for (const name of ['key']) {",
    expect: ['defrag shrinks and keeps data'],
  },
  {
    id: 'defrag-not-swapped',
    description: 'defrag fills a fresh backend but never puts it in the store’s place',
    file: DEFRAG,
    find: 'store.replaceBackend(fresh);',
    replace: '',
    expect: ['defrag shrinks and keeps data'],
  },
];

export { applyPatches, mutationPatches as bugPatches, type Patch };
