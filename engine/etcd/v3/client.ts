/**
 * V3Client is etcd's v3 client (clientv3) as a process on a simulated host:
 * an `EtcdKV` whose calls travel the cluster's network to the members.
 *
 * Unary calls may run concurrently. Each goes to the member the client
 * believes leads; a "not leader" answer sends it, after a short jittered
 * backoff, to the member that answer names (or the next one), and an attempt
 * left unanswered for the attempt timeout goes to the next member. A call
 * still unanswered at its deadline fails with etcd's "etcdserver: request
 * timed out" (gRPC Unavailable); it may or may not have taken effect. Every
 * retry of a write carries the same (session, seq), so members apply it once
 * (see SessionTable for how that differs from etcd). Watches are streams
 * that move between members (ClientWatches).
 *
 * Callbacks run when the answer arrives, an event of the simulation: never
 * inside the call. Results are the caller's own copies.
 */
import type { Timer } from '../../sim/kernel';
import type { Rng } from '../../sim/rng';
import type { CompactionResponse, DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse, WatchRequest, WatchResponse } from '../mvcc/types';
import type { EtcdKV, KvError, RangeCall, Reply, WatchStream } from './kv';
import { isNotLeader, isV3Message, REQUEST_TIMED_OUT, type V3ClientMessage, type V3Message, type V3Op, type V3Reply, type V3Result } from './protocol';
import { cloneJson } from './clone';
import { ClientWatches } from './watch-client';

/** V3ClientContext is what the client needs from its host (a HostContext provides it). */
export interface V3ClientContext {
  readonly id: string;
  /** incarnation tells a restarted client's session from the previous one's. */
  readonly incarnation: number;
  readonly now: number;
  readonly rng: Rng;
  send(to: string, msg: V3ClientMessage): void;
  after(delayMs: number, fn: () => void): Timer;
}

/** V3ClientConfig configures a V3Client. */
export interface V3ClientConfig {
  members: string[];
  /** attemptTimeoutMs is how long one attempt waits for an answer before trying the next member. */
  attemptTimeoutMs: number;
  /** requestTimeoutMs is a call's deadline (etcd's own request timeout is 5 s plus two election timeouts). */
  requestTimeoutMs: number;
  /** retryDelayMs is the pause before retrying a refused call, give or take 10 % (clientv3's linear backoff with jitter). */
  retryDelayMs: number;
  /** keepaliveMs is how often a watching client checks on the members its streams run on. */
  keepaliveMs: number;
  /** keepaliveTimeoutMs is how long such a member may stay silent before the streams move. */
  keepaliveTimeoutMs: number;
}

export const DEFAULT_V3_CLIENT: Omit<V3ClientConfig, 'members'> = {
  attemptTimeoutMs: 500,
  requestTimeoutMs: 7_000,
  retryDelayMs: 25,
  keepaliveMs: 500,
  keepaliveTimeoutMs: 1_500,
};

/** JITTER is clientv3's backoff jitter fraction. */
const JITTER = 0.1;

interface Call {
  id: string;
  seq: number;
  op: V3Op;
  reply: Reply<V3Result>;
  deadline: number;
  /** target is the index of the member the current attempt goes to. */
  target: number;
  timer?: Timer;
}

export class V3Client implements EtcdKV {
  readonly id: string;
  /** session names this incarnation of the client in its requests. */
  readonly session: string;
  private readonly calls = new Map<string, Call>();
  private seq = 0;
  /** leader is the index of the member the client believes leads. */
  private leader: number;
  private readonly watches: ClientWatches;

  constructor(
    private readonly ctx: V3ClientContext,
    private readonly config: V3ClientConfig,
  ) {
    if (config.members.length === 0) throw new Error('V3Client: no members to talk to');
    // A call must not be answered inside the method that made it.
    if (!(config.requestTimeoutMs > 0)) throw new Error(`V3Client: requestTimeoutMs must be positive, got ${config.requestTimeoutMs}`);
    this.id = ctx.id;
    this.session = `${ctx.id}#${ctx.incarnation}`;
    this.leader = ctx.rng.intn(config.members.length);
    this.watches = new ClientWatches(ctx, this.session, { ...config, backoff: () => this.backoff() });
  }

  /** inFlight is the number of unary calls waiting for an answer. */
  get inFlight(): number {
    return this.calls.size;
  }

  /** watching is the number of open watch streams. */
  get watching(): number {
    return this.watches.count;
  }

  range(req: RangeCall, reply: Reply<RangeResponse>): void {
    this.call({ range: req }, reply as Reply<V3Result>);
  }

  put(req: Parameters<EtcdKV['put']>[0], reply: Reply<PutResponse>): void {
    this.call({ put: req }, reply as Reply<V3Result>);
  }

  deleteRange(req: Parameters<EtcdKV['deleteRange']>[0], reply: Reply<DeleteRangeResponse>): void {
    this.call({ delete_range: req }, reply as Reply<V3Result>);
  }

  txn(req: Parameters<EtcdKV['txn']>[0], reply: Reply<TxnResponse>): void {
    this.call({ txn: req }, reply as Reply<V3Result>);
  }

  compact(req: { revision: number; physical?: boolean }, reply: Reply<CompactionResponse>): void {
    this.call({ compaction: req }, reply as Reply<V3Result>);
  }

  watch(req: WatchRequest, onResponse: (res: WatchResponse) => void): WatchStream {
    return this.watches.open(req, onResponse, this.leader);
  }

  receive(from: string, msg: { type: string }): void {
    if (!isV3Message(msg)) return;
    const m = msg as V3Message;
    if (m.type === 'v3.reply') {
      this.watches.heard(from);
      this.answer(from, m);
    } else if (m.type === 'v3.watch.response' || m.type === 'v3.watch.alive' || m.type === 'v3.watch.failed') {
      this.watches.receive(from, m);
    }
  }

  private call(op: V3Op, reply: Reply<V3Result>): void {
    const seq = ++this.seq;
    // The request is the caller's object: a copy keeps later changes to it off the wire.
    const call: Call = { id: `${this.session}/${seq}`, seq, op: cloneJson(op), reply, deadline: this.ctx.now + this.config.requestTimeoutMs, target: this.leader };
    this.calls.set(call.id, call);
    this.attempt(call);
  }

  private attempt(call: Call): void {
    const left = call.deadline - this.ctx.now;
    if (left <= 0) return this.finish(call, REQUEST_TIMED_OUT);
    // Calls are kept in seq order, so the first is the lowest still waiting.
    const floor = this.calls.values().next().value?.seq ?? call.seq;
    this.ctx.send(this.config.members[call.target], { type: 'v3.kv', id: call.id, session: this.session, seq: call.seq, floor, op: call.op });
    call.timer = this.ctx.after(Math.min(this.config.attemptTimeoutMs, left), () => {
      // A silent member is down or cut off: later calls should not start there either.
      if (this.leader === call.target) this.leader = (call.target + 1) % this.config.members.length;
      call.target = (call.target + 1) % this.config.members.length;
      this.attempt(call);
    });
  }

  private answer(from: string, msg: V3Reply): void {
    const call = this.calls.get(msg.id);
    if (!call) return;
    call.timer?.cancel();
    if (isNotLeader(msg.err)) {
      const hinted = this.config.members.indexOf(msg.leaderHint ?? '');
      call.target = hinted >= 0 && hinted !== call.target ? hinted : (call.target + 1) % this.config.members.length;
      this.leader = call.target;
      call.timer = this.ctx.after(this.backoff(), () => this.attempt(call));
      return;
    }
    const served = this.config.members.indexOf(from);
    if (served >= 0 && !('range' in call.op && call.op.range.serializable)) this.leader = served;
    if (msg.err) this.finish(call, msg.err);
    else this.finish(call, null, msg.res);
  }

  private finish(call: Call, err: KvError | null, res?: V3Result): void {
    call.timer?.cancel();
    this.calls.delete(call.id);
    if (err) call.reply({ ...err });
    else call.reply(null, cloneJson(res));
  }

  /** backoff is clientv3's wait between retries: retryDelayMs, give or take JITTER. */
  private backoff(): number {
    const d = this.config.retryDelayMs;
    return Math.round(d * (1 - JITTER) + this.ctx.rng.next() * 2 * JITTER * d);
  }
}
