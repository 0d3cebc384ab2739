/**
 * The etcd v3 KV and Watch services as other components of the engine see
 * them: the API server's storage, etcdctl-like tools and tests talk to etcd
 * only through `EtcdKV`. Requests and responses are the MVCC store's
 * protobuf-shaped types (engine/etcd/mvcc/types.ts), so the same code runs
 * over one in-process store (`localKV`, for unit tests and benchmarks) and
 * over the replicated cluster (the v3 client in this folder).
 *
 * Results come back through callbacks, never Promises: the simulation runs
 * synchronously, and a reply is an event the kernel delivers later. A
 * callback is never called before the method that takes it returns.
 */
import type {
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  WatchRequest,
  WatchResponse,
} from '../mvcc/types';

/**
 * KvError is a failed request as etcd's gRPC API reports it: the status code
 * name and etcd's message ("etcdserver: mvcc: required revision has been
 * compacted", "etcdserver: request timed out", …).
 */
export interface KvError {
  code: 'OutOfRange' | 'InvalidArgument' | 'FailedPrecondition' | 'Unavailable' | 'DeadlineExceeded' | 'Internal';
  message: string;
}

/** Reply is the callback of one unary request: an error or the response. */
export type Reply<T> = (err: KvError | null, res?: T) => void;

/** RangeCall is a RangeRequest plus etcd's read consistency (linearizable unless serializable). */
export interface RangeCall extends RangeRequest {
  serializable?: boolean;
}

/**
 * WatchStream is one open watch. `onResponse` receives every WatchResponse of
 * the stream in order: created first, then events (in revision order, each
 * revision's events in one response), progress notifications (empty events)
 * and, last, a canceled response (compaction: compact_revision set).
 */
export interface WatchStream {
  /** cancel ends the watch; no response is delivered after it returns. */
  cancel(): void;
  /** requestProgress asks for a progress notification at the current revision (etcd's RequestProgress). */
  requestProgress(): void;
}

/** EtcdKV is etcd's KV and Watch services, asynchronous. */
export interface EtcdKV {
  range(req: RangeCall, reply: Reply<RangeResponse>): void;
  put(req: PutRequest, reply: Reply<PutResponse>): void;
  deleteRange(req: DeleteRangeRequest, reply: Reply<DeleteRangeResponse>): void;
  txn(req: TxnRequest, reply: Reply<TxnResponse>): void;
  compact(req: { revision: number; physical?: boolean }, reply: Reply<CompactionResponse>): void;
  watch(req: WatchRequest, onResponse: (res: WatchResponse) => void): WatchStream;
}
