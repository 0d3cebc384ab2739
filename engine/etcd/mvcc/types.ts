/**
 * The store's requests and responses: plain, JSON-friendly data shaped like
 * etcd's protobuf messages (api/etcdserverpb/rpc.proto, api/mvccpb/kv.proto).
 *
 * Field names are etcd's, in snake_case as protobuf and `etcdctl -w json`
 * print them (create_revision, mod_revision, prev_kv, header.revision …).
 * Two status shapes keep the camelCase spelling etcd itself uses in JSON:
 * StatusResponse's dbSize / dbSizeInUse and etcdutl's snapshot status
 * totalKey / totalSize.
 *
 * Keys and values are strings and are stored as their UTF-8 bytes; ranges
 * compare those bytes, as etcd does (code-point order).
 */

/** ResponseHeader carries the store revision the response was served at. */
export interface ResponseHeader {
  revision: number;
}

/** KeyValue is one version of a key (mvccpb.KeyValue, without lease). */
export interface KeyValue {
  key: string;
  /** create_revision is the revision of the put that created this generation of the key. */
  create_revision: number;
  /** mod_revision is the revision of the last put (or, in a DELETE event, of the delete). */
  mod_revision: number;
  /** version counts puts since the key was (re)created: 1 after creation, 0 in a DELETE event. */
  version: number;
  value: string;
}

/**
 * RangeOptions are a RangeRequest's fields other than key and range_end.
 * `revision` 0 or absent means the current revision.
 */
export interface RangeOptions {
  revision?: number;
  /** limit caps the number of kvs returned; 0 or absent means no limit. `count` still counts all. */
  limit?: number;
  keys_only?: boolean;
  count_only?: boolean;
}

/**
 * RangeRequest names a key or a range. range_end absent or "" means the single
 * key; "\0" means every key >= key; otherwise the half-open range [key, range_end).
 */
export interface RangeRequest extends RangeOptions {
  key: string;
  range_end?: string;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  /** more is true when limit cut kvs short. */
  more: boolean;
  /** count is the number of keys in the range at the revision, regardless of limit. */
  count: number;
}

export interface PutRequest {
  key: string;
  value: string;
  prev_kv?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  /** prev_kv is the key's value before the put, present only when asked for and the key existed. */
  prev_kv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: string;
  range_end?: string;
  prev_kv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  /** prev_kvs are the deleted key-values, present only when asked for. */
  prev_kvs?: KeyValue[];
}

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';

/**
 * Compare is one txn guard: the key's (or, with range_end, every key's)
 * `target` compared with the matching field here. A missing key compares as
 * version 0, create_revision 0, mod_revision 0; a VALUE compare on a missing
 * key is always false.
 */
export interface Compare {
  key: string;
  range_end?: string;
  target: CompareTarget;
  result: CompareResult;
  version?: number;
  create_revision?: number;
  mod_revision?: number;
  value?: string;
}

export type RequestOp =
  | { request_range: RangeRequest }
  | { request_put: PutRequest }
  | { request_delete_range: DeleteRangeRequest }
  | { request_txn: TxnRequest };

export type ResponseOp =
  | { response_range: RangeResponse }
  | { response_put: PutResponse }
  | { response_delete_range: DeleteRangeResponse }
  | { response_txn: TxnResponse };

export interface TxnRequest {
  compare?: Compare[];
  success?: RequestOp[];
  failure?: RequestOp[];
}

export interface TxnResponse {
  /** header.revision is the txn's revision; in a nested txn's response it is 0, as in etcd. */
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionResponse {
  header: ResponseHeader;
}

export type EventType = 'PUT' | 'DELETE';

/**
 * Event is one change seen by a watcher. A DELETE event's kv has only key and
 * mod_revision (the delete's revision), as etcd sends it.
 */
export interface Event {
  type: EventType;
  kv: KeyValue;
  /** prev_kv is the key before this change, when the watch asked for it and it is still readable. */
  prev_kv?: KeyValue;
}

export type WatchFilter = 'NOPUT' | 'NODELETE';

export interface WatchRequest {
  key: string;
  range_end?: string;
  /**
   * start_revision absent or 0 watches changes after the current revision.
   * At or below the current revision, history is replayed first; above it,
   * the watch waits for that revision.
   */
  start_revision?: number;
  prev_kv?: boolean;
  filters?: WatchFilter[];
}

/**
 * WatchResponse is one message of the watch stream, with every field present
 * (protobuf defaults where unset). A watch canceled by compaction has
 * canceled = true and compact_revision = the compacted revision.
 */
export interface WatchResponse {
  header: ResponseHeader;
  watch_id: number;
  created: boolean;
  canceled: boolean;
  compact_revision: number;
  cancel_reason: string;
  events: Event[];
}

/**
 * EndpointStatus is what `etcdctl endpoint status` shows of the store:
 * dbSize and dbSizeInUse keep StatusResponse's JSON names.
 */
export interface EndpointStatus {
  header: ResponseHeader;
  /** dbSize is the db file size in bytes: whole pages, never shrinking except by defrag. */
  dbSize: number;
  /** dbSizeInUse is dbSize less the free pages. */
  dbSizeInUse: number;
  /** compact_revision is the last compaction's revision, 0 when never compacted. */
  compact_revision: number;
}

/** SnapshotStatus is `etcdutl snapshot status -w json`, field for field. */
export interface SnapshotStatus {
  /** hash is the CRC-32C of every bucket name, key and value, in file order. */
  hash: number;
  /** revision is the main revision of the last entry of the key bucket. */
  revision: number;
  /** totalKey counts the entries of every bucket. */
  totalKey: number;
  /** totalSize is the db size in bytes (its page count times the page size). */
  totalSize: number;
}
