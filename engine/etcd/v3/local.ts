/**
 * localKV serves EtcdKV from one in-process MVCC store, with no Raft and no
 * network: what unit tests and the in-process benchmarks run the API server
 * on. Replies and watch responses go through `defer`, so a callback never
 * runs inside the call that asked for it (in a simulation, defer is
 * `fn => sim.after(0, fn)`; `deferQueue` below drains by hand).
 */
import { EtcdError, isEtcdError, type ErrorCode } from '../mvcc/errors';
import type { MvccStore } from '../mvcc/store';
import type { WatchResponse } from '../mvcc/types';
import { PROGRESS_WATCH_ID } from '../mvcc/watch';
import type { EtcdKV, KvError, Reply, WatchStream } from './kv';

/** GRPC_CODES are the gRPC status codes etcd's v3rpc layer gives the store's errors. */
const GRPC_CODES: Partial<Record<ErrorCode, KvError['code']>> = {
  ErrCompacted: 'OutOfRange',
  ErrFutureRev: 'OutOfRange',
  ErrEmptyKey: 'InvalidArgument',
  ErrTooManyOps: 'InvalidArgument',
  ErrDuplicateKey: 'InvalidArgument',
};

/**
 * toKvError maps what the store threw to the error a v3 client sees. etcd's
 * rpctypes prefix the store's own texts with "etcdserver: ".
 */
export function toKvError(e: unknown): KvError {
  if (isEtcdError(e)) {
    const code = GRPC_CODES[(e as EtcdError).code] ?? 'Internal';
    const message = e.message.startsWith('etcdserver: ') ? e.message : `etcdserver: ${e.message}`;
    return { code, message };
  }
  throw e;
}

/** localKV wraps store as an EtcdKV whose callbacks run through defer. */
export function localKV(store: MvccStore, defer: (fn: () => void) => void): EtcdKV {
  const streams = new Map<number, (res: WatchResponse) => void>();

  /**
   * pump delivers the store's queued watch responses to their streams; a
   * progress notification (watch_id -1) goes to the stream that asked for it,
   * as etcd answers RequestProgress on the requesting gRPC stream.
   */
  const pump = (progressTo?: (res: WatchResponse) => void) => {
    for (const res of store.takeWatchResponses()) {
      const progress = res.watch_id === PROGRESS_WATCH_ID && !res.created && !res.canceled;
      const deliver = progress ? progressTo : streams.get(res.watch_id);
      if (!deliver) continue;
      if (res.canceled) streams.delete(res.watch_id);
      defer(() => deliver(res));
    }
  };

  function call<T>(run: () => T, reply: Reply<T>): void {
    let res: T;
    try {
      res = run();
    } catch (e) {
      const err = toKvError(e);
      defer(() => reply(err));
      return;
    }
    pump();
    defer(() => reply(null, res));
  }

  return {
    range: (req, reply) => {
      const { key, range_end, serializable: _s, ...opts } = req;
      call(() => store.range(key, range_end, opts), reply);
    },
    put: (req, reply) => call(() => store.put(req.key, req.value, { prev_kv: req.prev_kv }), reply),
    deleteRange: (req, reply) => call(() => store.deleteRange(req.key, req.range_end, { prev_kv: req.prev_kv }), reply),
    txn: (req, reply) => call(() => store.txn(req), reply),
    compact: (req, reply) => call(() => store.compact(req.revision), reply),
    watch(req, onResponse): WatchStream {
      let open = true;
      const deliver = (res: WatchResponse) => {
        if (open) onResponse(res);
      };
      // An empty range is answered created+canceled under id -1, which pump delivers and forgets.
      const id = store.watch(req);
      streams.set(id, deliver);
      pump();
      return {
        cancel() {
          if (!open) return;
          open = false;
          streams.delete(id);
          store.cancelWatch(id);
        },
        requestProgress() {
          if (!open) return;
          store.requestProgress();
          pump(deliver);
        },
      };
    },
  };
}

/**
 * deferQueue is a hand-driven defer for code outside a simulation (tests,
 * benchmarks): `defer` queues, `drain` runs everything queued, including
 * what the callbacks queue in turn, and returns how many ran.
 */
export function deferQueue(): { defer: (fn: () => void) => void; drain: () => number } {
  const queue: Array<() => void> = [];
  return {
    defer: (fn) => void queue.push(fn),
    drain() {
      let n = 0;
      for (; n < queue.length; n++) queue[n]();
      queue.length = 0;
      return n;
    },
  };
}
