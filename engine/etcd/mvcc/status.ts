/**
 * Status, as etcd reports it.
 *
 * endpointStatus is the store's part of `etcdctl endpoint status`: revision,
 * DB SIZE (the file), IN USE (the file less its free pages), and the
 * compacted revision.
 *
 * snapshotStatus is `etcdutl snapshot status` (etcdutl/snapshot
 * v3_snapshot.go Status): it checks the file's structure, then runs a
 * CRC-32C (Castagnoli) over every bucket name and each of its keys and
 * values in file order; the revision is the main revision of the key
 * bucket's last entry; totalKey counts the entries of all buckets; totalSize
 * is the db size recorded in the file. Trailing bytes such as the SHA-256
 * are ignored, as bbolt ignores them.
 */

import { readDb } from './bbolt';
import { binToBytes } from './codec';
import { EtcdError } from './errors';
import { PAGE_SIZE } from './bbolt';
import { bytesToRev } from './revision';
import { BUCKET_KEY } from './schema';
import type { MvccStore } from './store';
import type { EndpointStatus, SnapshotStatus } from './types';
import { Crc32c } from '../hash/crc32c';

export function endpointStatus(store: MvccStore): EndpointStatus {
  return {
    header: { revision: store.currentRevision() },
    dbSize: store.backend.size(),
    dbSizeInUse: store.backend.sizeInUse(),
    compact_revision: store.compactRevision(),
  };
}

export function snapshotStatus(bytes: Uint8Array): SnapshotStatus {
  const { image, problems } = readDb(bytes);
  if (problems.length > 0) {
    throw new EtcdError(
      'ErrSnapshotIntegrity',
      `snapshot file integrity check failed. ${problems.length} errors found.\n${problems.join('\n')}`,
    );
  }
  const h = new Crc32c();
  let revision = 0;
  let totalKey = 0;
  for (const bucket of image.buckets) {
    h.write(binToBytes(bucket.name));
    const isKey = bucket.name === BUCKET_KEY;
    bucket.keys.forEach((k, i) => {
      const key = binToBytes(k);
      h.write(key);
      h.write(bucket.values[i]!);
      if (isKey) revision = bytesToRev(key).main;
      totalKey++;
    });
  }
  return { hash: h.sum32(), revision, totalKey, totalSize: image.pages * PAGE_SIZE };
}
