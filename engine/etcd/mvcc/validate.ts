/**
 * Request checks etcd's gRPC layer makes before a request reaches the store
 * (server/etcdserver/api/v3rpc/key.go): keys must be given, a txn may not be
 * too long, and no txn may write one key twice.
 */

import { errDuplicateKey, errEmptyKey, errTooManyOps } from './errors';
import { keyToBin } from './codec';
import type { DeleteRangeRequest, PutRequest, RangeRequest, RequestOp, TxnRequest } from './types';

/** DEFAULT_MAX_TXN_OPS is etcd's --max-txn-ops default. */
export const DEFAULT_MAX_TXN_OPS = 128;

export function checkRangeRequest(r: RangeRequest): void {
  if (!r.key) throw errEmptyKey();
}

export function checkPutRequest(r: PutRequest): void {
  if (!r.key) throw errEmptyKey();
}

export function checkDeleteRequest(r: DeleteRangeRequest): void {
  if (!r.key) throw errEmptyKey();
}

/**
 * checkTxnRequest checks a txn's size and keys, nested txns included (each
 * level may use what the levels above left of the op budget), then that no
 * branch writes a key twice.
 */
export function checkTxnRequest(r: TxnRequest, maxTxnOps = DEFAULT_MAX_TXN_OPS): void {
  checkTxnShape(r, maxTxnOps);
  checkIntervals(r.success ?? []);
  checkIntervals(r.failure ?? []);
}

function checkTxnShape(r: TxnRequest, maxTxnOps: number): void {
  const compare = r.compare ?? [];
  const success = r.success ?? [];
  const failure = r.failure ?? [];
  const opc = Math.max(compare.length, success.length, failure.length);
  if (opc > maxTxnOps) throw errTooManyOps();
  for (const c of compare) if (!c.key) throw errEmptyKey();
  for (const op of [...success, ...failure]) checkRequestOp(op, maxTxnOps - opc);
}

function checkRequestOp(op: RequestOp, maxTxnOps: number): void {
  if ('request_range' in op) checkRangeRequest(op.request_range);
  else if ('request_put' in op) checkPutRequest(op.request_put);
  else if ('request_delete_range' in op) checkDeleteRequest(op.request_delete_range);
  else if ('request_txn' in op) checkTxnShape(op.request_txn, maxTxnOps);
}

/**
 * Interval is a deleted range: a point when `end` is null, else [start, end)
 * with "" meaning unbounded. Like etcd, a delete's range_end is taken
 * literally here, so a "\0" (from-key) delete is the empty range ["key", "\0").
 */
interface Interval {
  start: string;
  end: string | null;
}

function intersects(dels: readonly Interval[], key: string): boolean {
  return dels.some((d) => (d.end === null ? d.start === key : d.start <= key && (d.end === '' || key < d.end)));
}

/**
 * checkIntervals rejects ops that write a key twice: two puts of one key,
 * or a put inside a deleted range. The two branches of a nested txn exclude
 * each other, so the same key may be put in both.
 */
function checkIntervals(reqs: readonly RequestOp[]): { puts: Set<string>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const op of reqs) {
    if (!('request_delete_range' in op)) continue;
    const d = op.request_delete_range;
    dels.push(d.range_end ? { start: keyToBin(d.key), end: keyToBin(d.range_end) } : { start: keyToBin(d.key), end: null });
  }

  const puts = new Set<string>();
  for (const op of reqs) {
    if (!('request_txn' in op)) continue;
    const then = checkIntervals(op.request_txn.success ?? []);
    const els = checkIntervals(op.request_txn.failure ?? []);
    for (const k of then.puts) {
      if (puts.has(k) || intersects(dels, k)) throw errDuplicateKey();
      puts.add(k);
    }
    for (const k of els.puts) {
      if (puts.has(k) && !then.puts.has(k)) throw errDuplicateKey();
      if (intersects(dels, k)) throw errDuplicateKey();
      puts.add(k);
    }
    dels.push(...then.dels, ...els.dels);
  }

  for (const op of reqs) {
    if (!('request_put' in op)) continue;
    const k = keyToBin(op.request_put.key);
    if (puts.has(k) || intersects(dels, k)) throw errDuplicateKey();
    puts.add(k);
  }
  return { puts, dels };
}
