/**
 * observeKV wraps the EtcdKV the API server stores through: every call goes
 * to etcd unchanged, and its answer is recorded with the store's revision,
 * the keys read or written and, for a transaction, its compares and whether
 * they held. A watch records the revision it starts from and each batch of
 * changes etcd delivers on it.
 */
import { prefixRangeEnd } from '../../../engine/etcd/mvcc/store';
import type { Compare, RequestOp, ResponseOp } from '../../../engine/etcd/mvcc/types';
import type { EtcdKV, KvError, Reply } from '../../../engine/etcd/v3/kv';
import type { EtcdObservation, Recorder } from './observations';

/** compareText spells a txn compare as etcdctl's txn does: `mod(/registry/…) = 12`. */
export function compareText(c: Compare): string {
  const op = { EQUAL: '=', NOT_EQUAL: '!=', GREATER: '>', LESS: '<' }[c.result];
  const value = { CREATE: c.create_revision, MOD: c.mod_revision, VERSION: c.version, VALUE: JSON.stringify(c.value ?? '') }[c.target] ?? 0;
  return `${c.target.toLowerCase()}(${c.key}) ${op} ${value}`;
}

function isPrefix(key: string, rangeEnd: string | undefined): boolean {
  return rangeEnd !== undefined && key !== '' && rangeEnd === prefixRangeEnd(key);
}

function writesOf(ops: readonly RequestOp[] | undefined): { writes: string[]; deletes: string[] } {
  const writes: string[] = [];
  const deletes: string[] = [];
  for (const op of ops ?? []) {
    if ('request_put' in op) writes.push(op.request_put.key);
    else if ('request_delete_range' in op) deletes.push(op.request_delete_range.key);
  }
  return { writes, deletes };
}

function rangesOf(responses: readonly ResponseOp[]): { key: string; modRevision: number }[] {
  const out: { key: string; modRevision: number }[] = [];
  for (const r of responses) if ('response_range' in r) for (const kv of r.response_range.kvs) out.push({ key: kv.key, modRevision: kv.mod_revision });
  return out;
}

/** observeKV returns an EtcdKV that behaves as `kv` and records each call in `recorder`. */
export function observeKV(kv: EtcdKV, recorder: Recorder): EtcdKV {
  /** answered records the observation once etcd answered, then hands the answer on. */
  const answered = <T>(base: Omit<EtcdObservation, 'kind'>, reply: Reply<T>, fill: (res: T) => Partial<EtcdObservation>): Reply<T> => {
    const by = recorder.by;
    return (err: KvError | null, res?: T) => {
      recorder.record({ kind: 'etcd', ...base, ...(by ? { by } : {}), ...(err ? { error: err.message } : fill(res!)) });
      reply(err, res);
    };
  };
  return {
    range(req, reply) {
      const base = { call: 'range' as const, key: req.key, prefix: isPrefix(req.key, req.range_end), ...(req.count_only ? { countOnly: true } : {}) };
      kv.range(
        req,
        answered(base, reply, (res) => ({
          revision: res.header.revision,
          count: res.count,
          kvs: res.kvs.map((k) => ({ key: k.key, modRevision: k.mod_revision })),
        })),
      );
    },
    put(req, reply) {
      kv.put(req, answered({ call: 'put', key: req.key, prefix: false }, reply, (res) => ({ revision: res.header.revision, writes: [req.key] })));
    },
    deleteRange(req, reply) {
      kv.deleteRange(
        req,
        answered({ call: 'deleteRange', key: req.key, prefix: isPrefix(req.key, req.range_end) }, reply, (res) => ({ revision: res.header.revision, count: res.deleted })),
      );
    },
    txn(req, reply) {
      const key = req.compare?.[0]?.key ?? writesOf(req.success).writes[0] ?? '';
      kv.txn(
        req,
        answered({ call: 'txn', key, prefix: false, compare: (req.compare ?? []).map(compareText) }, reply, (res) => ({
          revision: res.header.revision,
          succeeded: res.succeeded,
          ...writesOf(res.succeeded ? req.success : req.failure),
          kvs: rangesOf(res.responses),
        })),
      );
    },
    compact(req, reply) {
      kv.compact(req, reply);
    },
    watch(req, onResponse) {
      const by = recorder.by;
      recorder.record({ kind: 'etcd', call: 'watch', key: req.key, prefix: isPrefix(req.key, req.range_end), startRevision: req.start_revision ?? 0, ...(by ? { by } : {}) });
      return kv.watch(req, (res) => {
        if (res.events.length > 0)
          recorder.record({ kind: 'etcd-event', events: res.events.map((e) => ({ type: e.type, key: e.kv.key, modRevision: e.kv.mod_revision })) });
        onResponse(res);
      });
    },
  };
}
