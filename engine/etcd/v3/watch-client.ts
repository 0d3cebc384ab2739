/**
 * ClientWatches is a v3 client's Watch service: each watch the caller opens
 * is one stream that may run on several members in turn, as clientv3's
 * watcher re-establishes a broken gRPC stream.
 *
 * A stream runs as a series of attempts. An attempt ends, and the next one
 * starts, when the member refuses it or ends it ("etcdserver: no leader"),
 * when it does not confirm creation within the attempt timeout, when the
 * member falls silent for the keepalive timeout (a crash or a partition),
 * when the member no longer knows it (a restart), or when a response goes
 * missing (the member numbers them). The next attempt asks for the revision
 * after the last one delivered, so the caller sees every event once and in
 * order; if that revision has been compacted meanwhile, the caller gets the
 * canceled response with compact_revision, and the stream ends.
 *
 * The caller sees one created response, first, whichever attempt it came
 * from; every response carries the stream's own watch_id (progress
 * notifications and a refused empty range keep etcd's -1).
 */
import type { Timer } from '../../sim/kernel';
import type { Rng } from '../../sim/rng';
import type { WatchRequest, WatchResponse } from '../mvcc/types';
import { PROGRESS_WATCH_ID } from '../mvcc/watch';
import { cloneJson } from './clone';
import type { WatchStream } from './kv';
import type { V3ClientMessage, WatchAlive, WatchData, WatchFailed } from './protocol';

/** WatchClientContext is what the watch streams need from the client's host. */
export interface WatchClientContext {
  readonly now: number;
  readonly rng: Rng;
  send(to: string, msg: V3ClientMessage): void;
  after(delayMs: number, fn: () => void): Timer;
}

/** WatchTiming configures how streams notice a broken attempt. */
export interface WatchTiming {
  members: string[];
  /** attemptTimeoutMs is how long an attempt may wait for its created response. */
  attemptTimeoutMs: number;
  /** keepaliveMs is how often the client asks each member it watches on whether it is alive and how far it got. */
  keepaliveMs: number;
  /** keepaliveTimeoutMs is how long a member may stay silent before its streams move elsewhere. */
  keepaliveTimeoutMs: number;
  /** backoff is the pause before the next attempt. */
  backoff: () => number;
}

/** MAX_EARLY bounds the responses a stream holds while waiting for one that overtook them. */
const MAX_EARLY = 64;

interface Stream {
  /** id is the watch_id the caller sees. */
  readonly id: number;
  readonly req: WatchRequest;
  readonly onResponse: (res: WatchResponse) => void;
  /** nextRev is the first revision the caller has not been sent; 0 until known (a watch "from now" before its first created). */
  nextRev: number;
  /** attempt numbers the stream's attempts; messages of other attempts are ignored. */
  attempt: number;
  /** member is the index of the member the attempt runs on. */
  member: number;
  /** established is true once the attempt's created response arrived. */
  established: boolean;
  /** createdSent is true once the caller got its created response. */
  createdSent: boolean;
  /** received counts the attempt's responses taken in order: the seq expected next. */
  received: number;
  /** early holds responses that overtook one still on the way, by seq. */
  early: Map<number, WatchResponse>;
  /** failures counts attempts in a row that ended before being established; the backoff grows with it. */
  failures: number;
  /** suspect is what a keepalive answer said had been sent, while the stream had received less. */
  suspect?: number;
  wantProgress: boolean;
  timer?: Timer;
}

export class ClientWatches {
  private readonly streams = new Map<number, Stream>();
  private readonly lastHeard = new Map<string, number>();
  private nextId = 0;
  private keepalive: Timer | undefined;

  constructor(
    private readonly ctx: WatchClientContext,
    private readonly session: string,
    private readonly timing: WatchTiming,
  ) {}

  /** count is the number of open streams. */
  get count(): number {
    return this.streams.size;
  }

  /** open starts a stream on member `first` (an index into members). */
  open(req: WatchRequest, onResponse: (res: WatchResponse) => void, first: number): WatchStream {
    const s: Stream = {
      id: this.nextId++,
      req: { ...req },
      onResponse,
      nextRev: req.start_revision && req.start_revision > 0 ? req.start_revision : 0,
      attempt: 0,
      member: first,
      established: false,
      createdSent: false,
      received: 0,
      early: new Map(),
      failures: 0,
      wantProgress: false,
    };
    this.streams.set(s.id, s);
    this.create(s);
    if (!this.keepalive) this.keepalive = this.ctx.after(this.timing.keepaliveMs, () => this.check());
    return {
      cancel: () => {
        if (this.streams.get(s.id) !== s) return;
        this.close(s);
        this.ctx.send(this.timing.members[s.member], { type: 'v3.watch.cancel', ...this.ref(s) });
      },
      requestProgress: () => {
        if (this.streams.get(s.id) !== s) return;
        if (s.established) this.ctx.send(this.timing.members[s.member], { type: 'v3.watch.progress', ...this.ref(s) });
        else s.wantProgress = true;
      },
    };
  }

  /** heard notes that a member answered something: it is alive. */
  heard(from: string): void {
    this.lastHeard.set(from, this.ctx.now);
  }

  receive(from: string, msg: WatchData | WatchAlive | WatchFailed): void {
    this.heard(from);
    if (msg.type === 'v3.watch.alive') return this.alive(msg);
    const s = this.streams.get(msg.stream);
    if (!s || s.attempt !== msg.attempt || this.timing.members[s.member] !== from) {
      // An attempt the client is done with (its cancel may have been lost): tell the member again.
      if (msg.type === 'v3.watch.response') this.ctx.send(from, { type: 'v3.watch.cancel', session: this.session, stream: msg.stream, attempt: msg.attempt });
      return;
    }
    if (msg.type === 'v3.watch.failed') return this.retry(s, true);
    if (msg.seq < s.received) return;
    if (msg.seq > s.received) {
      // Messages overtake each other; a response that is really lost shows in the keepalive answers.
      if (s.early.size >= MAX_EARLY) return this.retry(s, false);
      s.early.set(msg.seq, msg.res);
      return;
    }
    const attempt = s.attempt;
    this.take(s, msg.res);
    s.received++;
    for (let next = s.early.get(s.received); next && s.attempt === attempt && this.streams.get(s.id) === s; next = s.early.get(s.received)) {
      s.early.delete(s.received);
      this.take(s, next);
      s.received++;
    }
  }

  private ref(s: Stream): { session: string; stream: number; attempt: number } {
    return { session: this.session, stream: s.id, attempt: s.attempt };
  }

  private create(s: Stream): void {
    const req = s.nextRev > 0 ? { ...s.req, start_revision: s.nextRev } : s.req;
    this.ctx.send(this.timing.members[s.member], { type: 'v3.watch.create', ...this.ref(s), req });
    s.timer = this.ctx.after(this.timing.attemptTimeoutMs, () => {
      if (!s.established) this.retry(s, true);
    });
  }

  /** retry ends the current attempt and starts the next one after a backoff, on the next member if `rotate`. */
  private retry(s: Stream, rotate: boolean): void {
    this.ctx.send(this.timing.members[s.member], { type: 'v3.watch.cancel', ...this.ref(s) });
    s.timer?.cancel();
    s.attempt++;
    s.established = false;
    s.received = 0;
    s.early.clear();
    s.suspect = undefined;
    if (rotate) s.member = (s.member + 1) % this.timing.members.length;
    // Members that keep refusing (no leader anywhere yet) are asked less and less often.
    const delay = Math.min(this.timing.backoff() * 2 ** s.failures, this.timing.attemptTimeoutMs);
    s.failures++;
    s.timer = this.ctx.after(delay, () => this.create(s));
  }

  /** take handles the attempt's next response, in order. */
  private take(s: Stream, res: WatchResponse): void {
    if (res.created) {
      s.established = true;
      s.failures = 0;
      s.timer?.cancel();
      if (s.nextRev === 0) s.nextRev = res.header.revision + 1;
      if (!s.createdSent || res.canceled) this.deliver(s, res);
      s.createdSent = true;
      if (res.canceled) return this.close(s);
      if (s.wantProgress) {
        s.wantProgress = false;
        this.ctx.send(this.timing.members[s.member], { type: 'v3.watch.progress', ...this.ref(s) });
      }
      return;
    }
    if (res.canceled) {
      this.deliver(s, res);
      return this.close(s);
    }
    if (res.events.length === 0) {
      // A progress notification: everything up to its revision has been sent. A member
      // behind the one the stream ran on before may report less than was delivered already.
      const revision = Math.max(res.header.revision, s.nextRev - 1);
      s.nextRev = revision + 1;
      this.deliver(s, { ...res, header: { revision } });
      return;
    }
    // Events the caller already has (a resumed attempt overlapping the last one) are dropped.
    const events = res.events.filter((e) => e.kv.mod_revision >= s.nextRev);
    if (events.length === 0) return;
    s.nextRev = events[events.length - 1].kv.mod_revision + 1;
    this.deliver(s, events.length === res.events.length ? res : { ...res, events });
  }

  private deliver(s: Stream, res: WatchResponse): void {
    const copy = cloneJson(res);
    if (copy.watch_id !== PROGRESS_WATCH_ID) copy.watch_id = s.id;
    s.onResponse(copy);
  }

  private close(s: Stream): void {
    s.timer?.cancel();
    this.streams.delete(s.id);
  }

  /** alive compares what a member says it sent with what arrived: a shortfall seen twice in a row is a lost response. */
  private alive(msg: WatchAlive): void {
    for (const { stream, attempt, sent } of msg.streams) {
      const s = this.streams.get(stream);
      if (!s || s.attempt !== attempt || !s.established) continue;
      if (sent < 0) {
        this.retry(s, false);
      } else if (sent > s.received) {
        if (s.suspect !== undefined && s.received < s.suspect) this.retry(s, false);
        else s.suspect = sent;
      } else {
        s.suspect = undefined;
      }
    }
  }

  /** check runs every keepaliveMs while streams are open: it moves streams off silent members and pings the others. */
  private check(): void {
    this.keepalive = undefined;
    if (this.streams.size === 0) return;
    const byMember = new Map<number, Stream[]>();
    for (const s of this.streams.values()) {
      if (!s.established) continue;
      const silentFor = this.ctx.now - (this.lastHeard.get(this.timing.members[s.member]) ?? 0);
      if (silentFor > this.timing.keepaliveTimeoutMs) {
        this.retry(s, true);
        continue;
      }
      const list = byMember.get(s.member) ?? [];
      list.push(s);
      byMember.set(s.member, list);
    }
    for (const [member, list] of byMember) {
      this.ctx.send(this.timing.members[member], {
        type: 'v3.watch.keepalive',
        session: this.session,
        streams: list.map((s) => ({ stream: s.id, attempt: s.attempt })),
      });
    }
    this.keepalive = this.ctx.after(this.timing.keepaliveMs, () => this.check());
  }
}
