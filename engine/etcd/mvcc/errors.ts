/**
 * The errors the store raises, with etcd's exact texts so that a learner
 * comparing against a real cluster sees the same words.
 *
 * Where each text comes from (etcd-io/etcd unless noted):
 * - ErrCompacted, ErrFutureRev: server/storage/mvcc/kvstore.go
 * - ErrEmptyWatcherRange, ErrWatcherNotExist: server/storage/mvcc/watcher.go
 * - ErrEmptyKey, ErrTooManyOps, ErrDuplicateKey: api/v3rpc/rpctypes (checked by
 *   server/etcdserver/api/v3rpc/key.go before a request reaches the store)
 * - ErrSnapshotMissingHash, ErrSnapshotHashMismatch, ErrSnapshotIntegrity:
 *   etcdutl/snapshot/v3_snapshot.go
 * - ErrInvalid, ErrVersionMismatch, ErrChecksum: etcd-io/bbolt errors.go
 */

export type ErrorCode =
  | 'ErrCompacted'
  | 'ErrFutureRev'
  | 'ErrEmptyKey'
  | 'ErrTooManyOps'
  | 'ErrDuplicateKey'
  | 'ErrEmptyWatcherRange'
  | 'ErrWatcherNotExist'
  | 'ErrSnapshotMissingHash'
  | 'ErrSnapshotHashMismatch'
  | 'ErrSnapshotIntegrity'
  | 'ErrInvalid'
  | 'ErrVersionMismatch'
  | 'ErrChecksum'
  | 'ErrCorrupt';

/** EtcdError is every error the store raises; `code` names it, `message` is etcd's text. */
export class EtcdError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'EtcdError';
    this.code = code;
  }
}

export const MSG_COMPACTED = 'mvcc: required revision has been compacted';
export const MSG_FUTURE_REV = 'mvcc: required revision is a future revision';
export const MSG_EMPTY_WATCHER_RANGE = 'mvcc: watcher range is empty';
export const MSG_WATCHER_NOT_EXIST = 'mvcc: watcher does not exist';
export const MSG_EMPTY_KEY = 'etcdserver: key is not provided';
export const MSG_TOO_MANY_OPS = 'etcdserver: too many operations in txn request';
export const MSG_DUPLICATE_KEY = 'etcdserver: duplicate key given in txn request';
export const MSG_SNAPSHOT_MISSING_HASH = 'snapshot missing hash but --skip-hash-check=false';

export const errCompacted = () => new EtcdError('ErrCompacted', MSG_COMPACTED);
export const errFutureRev = () => new EtcdError('ErrFutureRev', MSG_FUTURE_REV);
export const errEmptyKey = () => new EtcdError('ErrEmptyKey', MSG_EMPTY_KEY);
export const errTooManyOps = () => new EtcdError('ErrTooManyOps', MSG_TOO_MANY_OPS);
export const errDuplicateKey = () => new EtcdError('ErrDuplicateKey', MSG_DUPLICATE_KEY);

/** isEtcdError tells whether e is an EtcdError, optionally of one code. */
export function isEtcdError(e: unknown, code?: ErrorCode): e is EtcdError {
  return e instanceof EtcdError && (code === undefined || e.code === code);
}
