/**
 * DiagramModel turns a simulated etcd cluster's trace into the diagram's view
 * state (view.ts). It reads nothing but trace events, so it shows exactly
 * what happened, at any virtual time, and can be tested on hand-written
 * traces as well as real ones.
 *
 * The island feeds it every new trace event after each frame (ingest) and
 * asks for the frame at a virtual time (view). Events may be ingested ahead
 * of the time being shown: the island runs the simulation a little ahead, so
 * that a message's arrival (its net.deliver or net.drop) is usually known
 * while the message is still drawn in flight, and its progress along the link
 * is exact rather than guessed.
 */
import type { ClusterEvent } from '../../../engine/etcd/events';
import type { DropReason } from '../../../engine/sim/network';
import type { Stamped } from '../../../engine/sim/trace';
import { quorum, type Entry } from '../../../engine/raft/types';
import { describeMessage, type MessageInfo } from './messages';
import { appliedTo, crashed, newMemberState, persisted, shown, started, stated, type MemberState } from './members';
import { committed, crashedLine, entryLabel, HEALED_LINE, partitionLine, restartedLine, roleChange } from './narration';
import type { DiagramView, EntryView, LineKind, LinkView, MemberView, MessageView, NarrationLine } from './view';

/** DiagramModelOptions names the hosts to draw and bounds what the model keeps. */
export interface DiagramModelOptions {
  /** members are the etcd members, in drawing order. */
  members: readonly string[];
  /** clients are the client hosts (default none). */
  clients?: readonly string[];
  /** estimateMs is the latency assumed for a message whose arrival is not known yet (default 40). */
  estimateMs?: number;
  /** maxLines is how many narration lines are kept (default 50). */
  maxLines?: number;
}

/** ViewOptions tunes one frame. */
export interface ViewOptions {
  /** lingerMs is how long, in virtual ms, a dropped message stays visible (default 0: not at all). */
  lingerMs?: number;
}

type Event = Stamped<ClusterEvent>;

interface Flight extends MessageInfo {
  id: number;
  from: string;
  to: string;
  sentAt: number;
}

interface Dropped extends Flight {
  droppedAt: number;
  progress: number;
  reason: DropReason;
}

/**
 * DiagramModel folds trace events into view state. Events must be ingested in
 * trace order, each once; frames must be asked for in non-decreasing time.
 */
export class DiagramModel {
  private readonly memberIds: readonly string[];
  private readonly clientIds: readonly string[];
  private readonly estimateMs: number;
  private readonly maxLines: number;

  /** pending are ingested events not yet shown, in trace order, from index head. */
  private pending: Event[] = [];
  private head = 0;
  private time = 0;

  private readonly members = new Map<string, MemberState>();
  /** blocked holds "from\u0000to" for every cut direction, as the Network does. */
  private readonly blocked = new Set<string>();
  private readonly flights = new Map<number, Flight>();
  private dropped: Dropped[] = [];
  /** endsAt is when each message's first net.deliver or net.drop happens, learnt at ingest. */
  private readonly endsAt = new Map<number, number>();
  private lines: NarrationLine[] = [];
  /** highCommit is the highest commit index any member has reported. */
  private highCommit = 0;
  /** requests describes each client request id ("c1/3") as invoked, for its answer's line. */
  private readonly requests = new Map<string, string>();
  private readonly labels = new WeakMap<Entry, string>();

  constructor(options: DiagramModelOptions) {
    this.memberIds = [...options.members];
    this.clientIds = [...(options.clients ?? [])];
    this.estimateMs = options.estimateMs ?? 40;
    this.maxLines = options.maxLines ?? 50;
    for (const id of this.memberIds) this.members.set(id, newMemberState(id));
  }

  /** now is the virtual time of the last frame (or 0). */
  get now(): number {
    return this.time;
  }

  /**
   * ingest takes trace events in trace order, each exactly once. They may lie
   * ahead of the time shown; they take effect when view() reaches their time.
   */
  ingest(events: readonly Event[]): void {
    for (const e of events) {
      this.pending.push(e);
      if ((e.kind === 'net.deliver' || e.kind === 'net.drop') && !this.endsAt.has(e.id)) this.endsAt.set(e.id, e.t);
    }
  }

  /**
   * view returns the frame at virtual time `t`, first applying every ingested
   * event at or before `t`. Time never goes back: `t` below the last frame's
   * time throws.
   */
  view(t: number, options: ViewOptions = {}): DiagramView {
    if (t < this.time) throw new RangeError(`DiagramModel.view: ${t}ms is before the last frame (${this.time}ms)`);
    this.time = t;
    while (this.head < this.pending.length && this.pending[this.head].t <= t) this.apply(this.pending[this.head++]);
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    const linger = options.lingerMs ?? 0;
    this.dropped = this.dropped.filter((d) => t - d.droppedAt < linger);
    return {
      t,
      members: this.memberIds.map((id) => this.memberView(id)),
      clients: [...this.clientIds],
      links: this.linkViews(),
      messages: [...[...this.flights.values()].map((f) => this.flightView(f, t)), ...this.dropped.map((d) => this.droppedView(d))],
      lines: [...this.lines],
      leader: this.leader(),
      commit: this.highCommit,
    };
  }

  private apply(e: Event): void {
    switch (e.kind) {
      case 'host.start': {
        const m = this.members.get(e.host);
        if (!m) return;
        const next = started(m, e.incarnation);
        this.members.set(e.host, next);
        if (e.incarnation > 1) this.say(e.t, 'fault', restartedLine(e.host, next.disk.log.length, next.disk.hardState.term));
        return;
      }
      case 'host.crash': {
        const m = this.members.get(e.host);
        if (!m) return;
        this.members.set(e.host, crashed(m));
        this.say(e.t, 'fault', crashedLine(e.host));
        return;
      }
      case 'raft.state': {
        const m = this.members.get(e.node);
        if (!m) return;
        const next = stated(m, e);
        this.members.set(e.node, next);
        const change = roleChange(e.node, shown(m), shown(next));
        if (change) this.say(e.t, 'election', change);
        if (e.commit > this.highCommit) {
          this.say(e.t, 'commit', committed(this.highCommit, e.commit, next.disk.log));
          this.highCommit = e.commit;
        }
        return;
      }
      case 'raft.persist': {
        const m = this.members.get(e.node);
        if (m) this.members.set(e.node, persisted(m, e));
        return;
      }
      case 'raft.apply': {
        const m = this.members.get(e.node);
        if (m) this.members.set(e.node, appliedTo(m, e));
        return;
      }
      case 'net.send':
        this.flights.set(e.id, { ...describeMessage(e.msg), id: e.id, from: e.from, to: e.to, sentAt: e.t });
        return;
      case 'net.deliver':
        this.flights.delete(e.id);
        this.endsAt.delete(e.id);
        return;
      case 'net.drop': {
        const f = this.flights.get(e.id);
        this.flights.delete(e.id);
        this.endsAt.delete(e.id);
        // A drop when sending happens at sentAt (progress 0); one on arrival at the far end (progress 1).
        if (f) this.dropped.push({ ...f, droppedAt: e.t, progress: e.t > f.sentAt ? 1 : 0, reason: e.reason });
        return;
      }
      case 'net.partition':
        for (const a of e.groups) for (const b of e.groups) if (a !== b) for (const x of a) for (const y of b) this.blocked.add(pair(x, y));
        this.say(e.t, 'network', partitionLine(e.groups));
        return;
      case 'net.block':
        this.blocked.add(pair(e.from, e.to));
        return;
      case 'net.unblock':
        this.blocked.delete(pair(e.from, e.to));
        return;
      case 'net.heal': {
        this.blocked.clear();
        // Re-partitioning is a heal and a split at one instant: only the split is news.
        const next = this.pending[this.head];
        if (!(next && next.kind === 'net.partition' && next.t === e.t)) this.say(e.t, 'network', HEALED_LINE);
        return;
      }
      case 'client.invoke': {
        const what = e.op === 'put' ? `put ${e.key} = ${e.value ?? ''}` : `get ${e.key}`;
        this.requests.set(e.id, what);
        this.say(e.t, 'client', `${e.client} sends ${what}`);
        return;
      }
      case 'client.ok': {
        const what = this.requests.get(e.id) ?? e.id;
        this.requests.delete(e.id);
        this.say(e.t, 'client', `${e.client}: ${what} acknowledged at revision ${e.revision}`);
        return;
      }
      case 'client.timeout': {
        const what = this.requests.get(e.id) ?? e.id;
        this.requests.delete(e.id);
        this.say(e.t, 'client', `${e.client} gave up on ${what}: it may or may not have been applied`);
        return;
      }
      default:
        return;
    }
  }

  private say(t: number, kind: LineKind, text: string): void {
    this.lines.push({ t, kind, text });
    if (this.lines.length > this.maxLines) this.lines = this.lines.slice(-this.maxLines);
  }

  private memberView(id: string): MemberView {
    const m = this.members.get(id)!;
    const s = shown(m);
    const log: EntryView[] = m.disk.log.map((e) => ({ index: e.index, term: e.term, committed: e.index <= s.commit, label: this.label(e) }));
    const cutFrom = this.memberIds.filter((o) => o !== id && this.isCut(id, o));
    const cutOff = this.memberIds.length - cutFrom.length < quorum(this.memberIds.length);
    return { id, role: s.role, term: s.term, vote: s.vote, lead: s.lead, commit: s.commit, lastIndex: m.disk.log.length, applied: m.applied, log, cutFrom, cutOff };
  }

  private label(e: Entry): string {
    let l = this.labels.get(e);
    if (l === undefined) {
      l = entryLabel(e);
      this.labels.set(e, l);
    }
    return l;
  }

  private linkViews(): LinkView[] {
    const links: LinkView[] = [];
    const ids = this.memberIds;
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) links.push({ a: ids[i], b: ids[j], cut: this.isCut(ids[i], ids[j]) });
    for (const c of this.clientIds) for (const m of ids) links.push({ a: c, b: m, cut: this.isCut(c, m) });
    return links;
  }

  private isCut(a: string, b: string): boolean {
    return this.blocked.has(pair(a, b)) || this.blocked.has(pair(b, a));
  }

  private flightView(f: Flight, t: number): MessageView {
    const end = this.endsAt.get(f.id);
    const base = { id: f.id, from: f.from, to: f.to, kind: f.kind, label: f.label, entries: f.entries, rejected: f.rejected, sentAt: f.sentAt };
    if (end !== undefined) {
      const progress = end > f.sentAt ? clamp01((t - f.sentAt) / (end - f.sentAt)) : 1;
      return { ...base, progress, exact: true };
    }
    // Unknown arrival: move at the assumed speed but never reach the far end, which it has not.
    return { ...base, progress: Math.min(0.9, (t - f.sentAt) / this.estimateMs), exact: false };
  }

  private droppedView(d: Dropped): MessageView {
    return {
      id: d.id,
      from: d.from,
      to: d.to,
      kind: d.kind,
      label: d.label,
      entries: d.entries,
      rejected: d.rejected,
      sentAt: d.sentAt,
      progress: d.progress,
      exact: true,
      dropped: d.reason,
    };
  }

  private leader(): string | undefined {
    let best: { id: string; term: number } | undefined;
    for (const id of this.memberIds) {
      const s = shown(this.members.get(id)!);
      if (s.role === 'leader' && (!best || s.term > best.term)) best = { id, term: s.term };
    }
    return best?.id;
  }
}

function pair(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
