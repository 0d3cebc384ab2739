/**
 * V3Server is a member's v3 service: etcd's KV service (v3rpc/key.go in
 * front of etcdserver's apply) and, through MemberWatches, its Watch service.
 *
 * Writes are validated as v3rpc does, then proposed as V3Commands; the
 * member applies committed commands through apply(), which runs them on the
 * MVCC store at most once per (session, seq) and answers the client if this
 * member proposed them. Ranges are linearizable by default: they wait for a
 * ReadIndex round and for the read index to be applied. A serializable range
 * is served at once from this member's store, however stale.
 */
import type { Timer } from '../../sim/kernel';
import type { Status } from '../../raft/types';
import type { MvccStore } from '../mvcc/store';
import { checkDeleteRequest, checkPutRequest, checkRangeRequest, checkTxnRequest } from '../mvcc/validate';
import type { KvError } from './kv';
import { toKvError } from './local';
import {
  isV3Write,
  NOT_LEADER,
  type V3ClientMessage,
  type V3Command,
  type V3Op,
  type V3Request,
  type V3Result,
  type V3ServerMessage,
  type V3Write,
} from './protocol';
import { SessionTable } from './sessions';
import { MemberWatches } from './watch-server';

/** V3Host is what the v3 service needs from its member. */
export interface V3Host {
  readonly id: string;
  readonly now: number;
  /** quorum is the number of members, this one included, a leader must hear from. */
  readonly quorum: number;
  /** electionTimeoutMs is the member's election timeout in wall time (ticks × tick length). */
  readonly electionTimeoutMs: number;
  send(to: string, msg: V3ServerMessage): void;
  after(delayMs: number, fn: () => void): Timer;
  /** propose hands data to Raft; false when this member does not lead. */
  propose(data: string): boolean;
  /** read runs serve once a ReadIndex round confirms leadership and the read index is applied; false when this member does not lead. */
  read(id: string, serve: () => void): boolean;
  /** status is the member's last Raft status. */
  status(): Status | undefined;
}

/** Outcome is what applying a write produced: the result, or the error the store raised. */
type Outcome = { res: V3Result } | { err: KvError };

/** NO_STORE answers v3 calls on a member whose state machine is not an MVCC store. */
const NO_STORE: KvError = { code: 'Internal', message: 'etcdserver: this member has no MVCC store to serve the v3 API' };

export class V3Server {
  /** sessions is replicated state: which writes have been applied, and what they answered. */
  private readonly sessions = new SessionTable<Outcome>();
  /** pending maps the id of a write this member proposed to the client waiting for it. */
  private readonly pending = new Map<string, string>();
  readonly watches: MemberWatches | undefined;

  constructor(
    private readonly host: V3Host,
    private readonly store: MvccStore | undefined,
  ) {
    this.watches = store ? new MemberWatches(host, store) : undefined;
  }

  receive(from: string, msg: V3ClientMessage): void {
    if (msg.type === 'v3.kv') {
      this.serve(from, msg);
      return;
    }
    if (!this.watches) {
      if (msg.type === 'v3.watch.create') this.host.send(from, { type: 'v3.watch.failed', stream: msg.stream, attempt: msg.attempt, err: NO_STORE });
      return;
    }
    this.watches.receive(from, msg);
  }

  /** apply runs a committed write, once per (session, seq), and answers the client waiting here for it. */
  apply(cmd: V3Command): void {
    const store = this.store;
    if (!store) return;
    const outcome = this.sessions.apply(cmd.session, cmd.seq, cmd.floor, () => runWrite(store, cmd.write));
    this.watches?.pump();
    const client = this.pending.get(cmd.id);
    if (client === undefined) return;
    this.pending.delete(cmd.id);
    if (outcome) this.host.send(client, { type: 'v3.reply', id: cmd.id, ...outcome });
  }

  /** storeChanged delivers watch responses after the member changed the store by other means (a kv.put). */
  storeChanged(): void {
    this.watches?.pump();
  }

  /** heard notes a Raft message from a peer, which tells a leader it still has a quorum. */
  heard(from: string): void {
    this.watches?.heard(from);
  }

  private serve(from: string, req: V3Request): void {
    const store = this.store;
    if (!store) return this.reply(from, req.id, { err: NO_STORE });
    const op = req.op;
    try {
      checkRequest(store, op);
    } catch (e) {
      return this.reply(from, req.id, { err: toKvError(e) });
    }
    if (isV3Write(op)) {
      const cmd: V3Command = { op: 'v3', id: req.id, session: req.session, seq: req.seq, floor: req.floor, write: op };
      if (this.host.propose(JSON.stringify(cmd))) this.pending.set(req.id, from);
      else this.notLeader(from, req.id);
      return;
    }
    const serveRange = () => {
      const { key, range_end, serializable: _s, ...opts } = op.range;
      try {
        this.reply(from, req.id, { res: store.range(key, range_end, opts) });
      } catch (e) {
        this.reply(from, req.id, { err: toKvError(e) });
      }
    };
    if (op.range.serializable) serveRange();
    else if (!this.host.read(req.id, serveRange)) this.notLeader(from, req.id);
  }

  private reply(to: string, id: string, outcome: Outcome): void {
    this.host.send(to, { type: 'v3.reply', id, ...outcome });
  }

  private notLeader(to: string, id: string): void {
    this.host.send(to, { type: 'v3.reply', id, err: NOT_LEADER, leaderHint: this.host.status()?.lead ?? '' });
  }
}

/** checkRequest makes the checks etcd's v3rpc layer makes before a request reaches the server. */
function checkRequest(store: MvccStore, op: V3Op): void {
  if ('range' in op) checkRangeRequest(op.range);
  else if ('put' in op) checkPutRequest(op.put);
  else if ('delete_range' in op) checkDeleteRequest(op.delete_range);
  else if ('txn' in op) checkTxnRequest(op.txn, store.maxTxnOps);
}

/** runWrite applies one write to the store; the store's errors become the outcome, anything else is a bug and propagates. */
function runWrite(store: MvccStore, w: V3Write): Outcome {
  try {
    if ('put' in w) return { res: store.put(w.put.key, w.put.value, { prev_kv: w.put.prev_kv }) };
    if ('delete_range' in w) return { res: store.deleteRange(w.delete_range.key, w.delete_range.range_end, { prev_kv: w.delete_range.prev_kv }) };
    if ('txn' in w) return { res: store.txn(w.txn) };
    return { res: store.compact(w.compaction.revision) };
  } catch (e) {
    return { err: toKvError(e) };
  }
}
