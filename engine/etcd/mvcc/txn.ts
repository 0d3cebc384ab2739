/**
 * The request layer in front of the store (server/etcdserver/txn/txn.go):
 * turns RangeRequest / PutRequest / DeleteRangeRequest / TxnRequest into
 * store transactions and builds etcd's responses.
 *
 * A txn first evaluates every compare it will need (its own and those of
 * nested txns on the chosen branches) against the state before the txn,
 * then checks the chosen ranges' revisions, and only then writes: a txn that
 * fails a check changes nothing. Ops run in order and see earlier ops' writes.
 */

import { compareBytes, keyToBin, utf8, type StoredKeyValue } from './codec';
import { keyText, valueText } from './kv_cache';
import { errCompacted, errFutureRev } from './errors';
import type { MvccStore, WriteTxn } from './store';
import { rangeEndToBin } from './store';
import type {
  Compare,
  DeleteRangeRequest,
  DeleteRangeResponse,
  KeyValue,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResponse,
} from './types';
import { checkDeleteRequest, checkPutRequest, checkRangeRequest, checkTxnRequest } from './validate';

/** toKeyValue is a stored KeyValue as the API returns it. */
export function toKeyValue(kv: StoredKeyValue, keysOnly = false): KeyValue {
  return {
    key: keyText(kv),
    create_revision: kv.create_revision,
    mod_revision: kv.mod_revision,
    version: kv.version,
    value: keysOnly ? '' : valueText(kv),
  };
}

/** executeRange is etcd's executeRange: one extra kv is fetched to tell whether there are `more`. */
function executeRange(txn: WriteTxn, r: RangeRequest): RangeResponse {
  const want = r.limit ?? 0;
  const rr = txn.range(keyToBin(r.key), rangeEndToBin(r.range_end), {
    rev: r.revision ?? 0,
    limit: want > 0 ? want + 1 : 0,
    count: r.count_only ?? false,
  });
  let kvs = rr.kvs;
  let more = false;
  if (want > 0 && kvs.length > want) {
    kvs = kvs.slice(0, want);
    more = true;
  }
  return { header: { revision: rr.rev }, kvs: kvs.map((kv) => toKeyValue(kv, r.keys_only)), more, count: rr.count };
}

function executePut(txn: WriteTxn, p: PutRequest): PutResponse {
  const key = keyToBin(p.key);
  const resp: PutResponse = { header: { revision: 0 } };
  if (p.prev_kv) {
    const prev = txn.range(key, null).kvs[0];
    if (prev !== undefined) resp.prev_kv = toKeyValue(prev);
  }
  resp.header.revision = txn.put(key, utf8(p.value), { key: p.key, value: p.value });
  return resp;
}

function executeDeleteRange(txn: WriteTxn, d: DeleteRangeRequest): DeleteRangeResponse {
  const key = keyToBin(d.key);
  const end = rangeEndToBin(d.range_end);
  const resp: DeleteRangeResponse = { header: { revision: 0 }, deleted: 0 };
  if (d.prev_kv) resp.prev_kvs = txn.range(key, end).kvs.map((kv) => toKeyValue(kv));
  resp.deleted = txn.deleteRange(key, end);
  resp.header.revision = resp.deleted !== 0 || txn.changes.length > 0 ? txn.beginRev + 1 : txn.beginRev;
  return resp;
}

/** applyRange serves a RangeRequest at the current revision. */
export function applyRange(store: MvccStore, r: RangeRequest): RangeResponse {
  checkRangeRequest(r);
  const txn = store.beginWrite();
  try {
    return executeRange(txn, r);
  } finally {
    txn.end();
  }
}

/** applyPut runs a PutRequest as its own write transaction. */
export function applyPut(store: MvccStore, p: PutRequest): PutResponse {
  checkPutRequest(p);
  const txn = store.beginWrite();
  try {
    return executePut(txn, p);
  } finally {
    txn.end();
  }
}

/** applyDeleteRange runs a DeleteRangeRequest as its own write transaction. */
export function applyDeleteRange(store: MvccStore, d: DeleteRangeRequest): DeleteRangeResponse {
  checkDeleteRequest(d);
  const txn = store.beginWrite();
  try {
    return executeDeleteRange(txn, d);
  } finally {
    txn.end();
  }
}

/** applyTxn runs a TxnRequest: compares, checks, then the chosen branch as one revision. */
export function applyTxn(store: MvccStore, rt: TxnRequest): TxnResponse {
  checkTxnRequest(rt, store.maxTxnOps);
  const txn = store.beginWrite();
  try {
    const path = compareToPath(txn, rt);
    checkTxn(store, txn, rt, path.slice());
    const resp = executeTxn(txn, rt, path);
    resp.header.revision = txn.changes.length > 0 ? txn.beginRev + 1 : txn.beginRev;
    return resp;
  } finally {
    txn.end();
  }
}

function branch(rt: TxnRequest, succeeded: boolean): RequestOp[] {
  return (succeeded ? rt.success : rt.failure) ?? [];
}

/**
 * compareToPath decides every txn on the way down before anything is
 * written: the outer txn's outcome, then each nested txn's on the chosen
 * branch, depth first.
 */
function compareToPath(txn: WriteTxn, rt: TxnRequest): boolean[] {
  const ok = (rt.compare ?? []).every((c) => applyCompare(txn, c));
  const path = [ok];
  for (const op of branch(rt, ok)) {
    if ('request_txn' in op) path.push(...compareToPath(txn, op.request_txn));
  }
  return path;
}

function applyCompare(txn: WriteTxn, c: Compare): boolean {
  let kvs: StoredKeyValue[];
  try {
    kvs = txn.range(keyToBin(c.key), rangeEndToBin(c.range_end)).kvs;
  } catch {
    return false;
  }
  if (kvs.length === 0) {
    // A missing key has no value to compare; nil and "" cannot be told apart.
    if (c.target === 'VALUE') return false;
    return compareKV(c, undefined);
  }
  return kvs.every((kv) => compareKV(c, kv));
}

function compareKV(c: Compare, kv: StoredKeyValue | undefined): boolean {
  let result: number;
  switch (c.target) {
    case 'VALUE':
      result = compareBytes(kv?.value ?? new Uint8Array(0), utf8(c.value ?? ''));
      break;
    case 'CREATE':
      result = Math.sign((kv?.create_revision ?? 0) - (c.create_revision ?? 0));
      break;
    case 'MOD':
      result = Math.sign((kv?.mod_revision ?? 0) - (c.mod_revision ?? 0));
      break;
    case 'VERSION':
      result = Math.sign((kv?.version ?? 0) - (c.version ?? 0));
      break;
    default:
      throw new Error(`txn: unknown compare target ${JSON.stringify((c as Compare).target)}`);
  }
  switch (c.result) {
    case 'EQUAL':
      return result === 0;
    case 'NOT_EQUAL':
      return result !== 0;
    case 'GREATER':
      return result > 0;
    case 'LESS':
      return result < 0;
    default:
      throw new Error(`txn: unknown compare result ${JSON.stringify((c as Compare).result)}`);
  }
}

/** checkTxn refuses, before any write, ranges on the chosen path that ask for a future or compacted revision. */
function checkTxn(store: MvccStore, txn: WriteTxn, rt: TxnRequest, path: boolean[]): void {
  const ok = path.shift()!;
  for (const op of branch(rt, ok)) {
    if ('request_range' in op) {
      const rev = op.request_range.revision ?? 0;
      if (rev === 0) continue;
      if (rev > txn.rev()) throw errFutureRev();
      if (rev < store.compactMainRev) throw errCompacted();
    } else if ('request_txn' in op) {
      checkTxn(store, txn, op.request_txn, path);
    }
  }
}

/** executeTxn runs the chosen branch; nested txn responses keep a zero header revision, as etcd leaves them. */
function executeTxn(txn: WriteTxn, rt: TxnRequest, path: boolean[]): TxnResponse {
  const succeeded = path.shift()!;
  const responses: ResponseOp[] = [];
  for (const op of branch(rt, succeeded)) {
    if ('request_range' in op) responses.push({ response_range: executeRange(txn, op.request_range) });
    else if ('request_put' in op) responses.push({ response_put: executePut(txn, op.request_put) });
    else if ('request_delete_range' in op) {
      responses.push({ response_delete_range: executeDeleteRange(txn, op.request_delete_range) });
    } else if ('request_txn' in op) responses.push({ response_txn: executeTxn(txn, op.request_txn, path) });
  }
  return { header: { revision: 0 }, succeeded, responses };
}
