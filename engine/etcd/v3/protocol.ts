/**
 * The v3 protocol of the simulated etcd: what a v3 client (client.ts) and a
 * member's v3 service (server.ts) say to each other on the cluster's network,
 * and the write commands members put in the Raft log.
 *
 * Unary calls (etcd's KV service) are one request and one reply, matched by
 * id. A watch (etcd's Watch service) is a stream: the member numbers the
 * responses it sends on one attempt of a stream (`seq` from 0), so the client
 * can tell a lost or reordered message from a quiet stream, and the client
 * starts a new attempt (on this member or another) whenever the stream may
 * have lost something, as a broken gRPC stream would be re-established.
 */
import type {
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  PutRequest,
  PutResponse,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  WatchRequest,
  WatchResponse,
} from '../mvcc/types';
import type { KvError, RangeCall } from './kv';

/** CompactionRequest is etcd's CompactionRequest; the store compacts synchronously, so `physical` changes nothing. */
export interface CompactionRequest {
  revision: number;
  physical?: boolean;
}

/** V3Write is a write as a member proposes it: one field of etcd's InternalRaftRequest. */
export type V3Write = { put: PutRequest } | { delete_range: DeleteRangeRequest } | { txn: TxnRequest } | { compaction: CompactionRequest };

/** V3Op is one unary call: a range, or a write that goes through the log. */
export type V3Op = { range: RangeCall } | V3Write;

/** V3Result is the response of a unary call. */
export type V3Result = RangeResponse | PutResponse | DeleteRangeResponse | TxnResponse | CompactionResponse;

/**
 * V3Request is a unary call. `session` names one incarnation of a client
 * (a restarted client starts a new session); `id` is "<session>/<seq>".
 * `floor` is the client's lowest seq still waiting for an answer: every call
 * below it is finished (answered or given up), so members may forget it.
 */
export interface V3Request {
  type: 'v3.kv';
  id: string;
  session: string;
  seq: number;
  floor: number;
  op: V3Op;
}

/**
 * V3Reply answers a V3Request with an error or a result. A member that
 * cannot serve the call because it does not lead answers NOT_LEADER with its
 * best guess of who does, so the client can retry there.
 */
export interface V3Reply {
  type: 'v3.reply';
  id: string;
  err?: KvError;
  res?: V3Result;
  leaderHint?: string;
}

/** WatchRef names one attempt of one client watch stream. */
export interface WatchRef {
  session: string;
  stream: number;
  attempt: number;
}

/** WatchCreate opens attempt `attempt` of stream `stream` on a member. */
export interface WatchCreate extends WatchRef {
  type: 'v3.watch.create';
  req: WatchRequest;
}

/** WatchCancel closes an attempt; the member sends nothing more for it. */
export interface WatchCancel extends WatchRef {
  type: 'v3.watch.cancel';
}

/** WatchProgress asks for a progress notification on an attempt (etcd's RequestProgress). */
export interface WatchProgress extends WatchRef {
  type: 'v3.watch.progress';
}

/** WatchKeepalive asks a member how far each of the client's attempts there has got (gRPC keepalive). */
export interface WatchKeepalive {
  type: 'v3.watch.keepalive';
  session: string;
  streams: Array<{ stream: number; attempt: number }>;
}

/** WatchData is the seq-th response a member sends on an attempt, counting from 0. */
export interface WatchData {
  type: 'v3.watch.response';
  stream: number;
  attempt: number;
  seq: number;
  res: WatchResponse;
}

/**
 * WatchAlive answers a keepalive: for each attempt asked about, how many
 * responses the member has sent on it, or -1 when it has no such attempt
 * (it restarted, or the attempt ended).
 */
export interface WatchAlive {
  type: 'v3.watch.alive';
  streams: Array<{ stream: number; attempt: number; sent: number }>;
}

/** WatchFailed ends an attempt with an error ("etcdserver: no leader"); the client tries again. */
export interface WatchFailed {
  type: 'v3.watch.failed';
  stream: number;
  attempt: number;
  err: KvError;
}

/** V3ClientMessage is what a v3 client sends members. */
export type V3ClientMessage = V3Request | WatchCreate | WatchCancel | WatchProgress | WatchKeepalive;

/** V3ServerMessage is what a member sends v3 clients. */
export type V3ServerMessage = V3Reply | WatchData | WatchAlive | WatchFailed;

export type V3Message = V3ClientMessage | V3ServerMessage;

/** isV3Message tells the v3 protocol apart from Raft's messages and the kv.* protocol. */
export function isV3Message(m: { type: string }): m is V3Message {
  return m.type.startsWith('v3.');
}

const CLIENT_TYPES: ReadonlySet<string> = new Set<V3ClientMessage['type']>(['v3.kv', 'v3.watch.create', 'v3.watch.cancel', 'v3.watch.progress', 'v3.watch.keepalive']);

/** isV3ClientMessage tells what clients send members from what members answer. */
export function isV3ClientMessage(m: V3Message): m is V3ClientMessage {
  return CLIENT_TYPES.has(m.type);
}

/** NOT_LEADER is etcd's ErrGRPCNotLeader. */
export const NOT_LEADER: KvError = { code: 'Unavailable', message: 'etcdserver: not leader' };
/** NO_LEADER is etcd's ErrGRPCNoLeader: a member without a leader ends watch streams with it. */
export const NO_LEADER: KvError = { code: 'Unavailable', message: 'etcdserver: no leader' };
/** REQUEST_TIMED_OUT is etcd's ErrGRPCTimeout, which a call gets when its deadline passes unanswered. */
export const REQUEST_TIMED_OUT: KvError = { code: 'Unavailable', message: 'etcdserver: request timed out' };

/** isNotLeader tells a NOT_LEADER reply, which the client retries elsewhere, from a final error. */
export function isNotLeader(err: KvError | undefined): boolean {
  return err?.code === NOT_LEADER.code && err.message === NOT_LEADER.message;
}

/**
 * V3Command is a write in the Raft log. Like the kv.put protocol's
 * KvCommand it carries the client's session and seq, so that every member
 * applies a retried write once (see SessionTable).
 */
export interface V3Command {
  op: 'v3';
  id: string;
  session: string;
  seq: number;
  floor: number;
  write: V3Write;
}

/** isV3Write tells the ops that go through the log from ranges. */
export function isV3Write(op: V3Op): op is V3Write {
  return !('range' in op);
}
