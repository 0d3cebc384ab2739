/**
 * The MVCC store's core, without any maintenance implementation: the store,
 * its bbolt backend and file format, the key index, the on-disk encodings,
 * the errors and the checksums, and the Maintenance contract. This is what
 * learner code of the etcd-backup-restore lab imports; index.ts adds the
 * engine's own maintenance on top.
 */

export {
  MvccStore,
  WriteTxn,
  prefixRangeEnd,
  rangeEndToBin,
  type Compactor,
  type RangeResult,
  type StoreOptions,
  type StoreRangeOptions,
} from './store';
export { Backend, DbCorruptError } from './backend';
export {
  FRESH_DB_PAGES,
  PAGE_SIZE,
  pageUsage,
  readDb,
  writeDb,
  type BucketContent,
  type DbImage,
  type DbReadResult,
  type PageUsage,
} from './bbolt';
export { TreeIndex } from './tree_index';
export { KeyIndex, Generation, type KeyVersion } from './key_index';
export {
  MARKED_REV_BYTES_LEN,
  MARK_TOMBSTONE,
  REV_BYTES_LEN,
  bytesToRev,
  isTombstone,
  revEqual,
  revGreater,
  revId,
  revToBytes,
  type Revision,
} from './revision';
export {
  BUCKET_KEY,
  BUCKET_META,
  readConsistentIndex,
  readFinishedCompact,
  readScheduledCompact,
  setFinishedCompact,
  setScheduledCompact,
} from './schema';
export {
  binToBytes,
  binToKey,
  bytesToBin,
  compareBytes,
  concatBytes,
  decodeKeyValue,
  fromUtf8,
  keyToBin,
  utf8,
  type StoredKeyValue,
} from './codec';
export { sha256, SHA256_SIZE } from '../hash/sha256';
export { crc32c, Crc32c } from '../hash/crc32c';
export * from './errors';
export type * from './types';
export type { DefragResult, Maintenance, RestoreOptions } from './maintenance';
