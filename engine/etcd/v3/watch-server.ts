/**
 * MemberWatches is a member's Watch service: each client watch attempt is a
 * watcher on the member's own MVCC store, and what the store queues for it
 * is sent to the client, numbered, as soon as it is queued (pump() runs after
 * every apply, so the client sees a write's events once this member applied
 * it).
 *
 * Watches require a leader, as the API server's watches do in etcd
 * (clientv3.WithRequireLeader): a new watch on a member without a leader is
 * refused with "etcdserver: no leader", and a member that has had no leader
 * for three election timeouts in a row ends its watches with that error
 * (etcd's v3rpc monitorLeader), so their clients move to a member that can
 * still see new writes. The engine's Raft node has no CheckQuorum, so a
 * leader cut off from its followers would go on believing it leads: here a
 * leader that heard from no quorum during the last election timeout counts
 * as having no leader, as it would after stepping down in etcd.
 */
import type { Timer } from '../../sim/kernel';
import type { MvccStore } from '../mvcc/store';
import { PROGRESS_WATCH_ID } from '../mvcc/watch';
import type { WatchResponse } from '../mvcc/types';
import { NO_LEADER, type WatchCancel, type WatchCreate, type WatchKeepalive, type WatchProgress } from './protocol';
import type { V3Host } from './server';

/** MAX_NO_LEADER_COUNT is how many election timeouts without a leader end the watches (etcd's maxNoLeaderCnt). */
export const MAX_NO_LEADER_COUNT = 3;

/**
 * IDLE_ELECTION_TIMEOUTS is how many election timeouts an attempt may go
 * without its client asking after it before the member drops it: the client
 * crashed or moved on, as a gRPC server's keepalive would find out.
 */
export const IDLE_ELECTION_TIMEOUTS = 10;

interface Registration {
  /** client is the host the attempt's responses go to. */
  client: string;
  session: string;
  stream: number;
  attempt: number;
  /** watchId is the store's watcher id. */
  watchId: number;
  /** sent counts the responses sent on this attempt: the next one's seq. */
  sent: number;
  /** seenAt is when the client last asked after this attempt (create, progress or keepalive). */
  seenAt: number;
}

export class MemberWatches {
  private readonly byWatchId = new Map<number, Registration>();
  private readonly byStream = new Map<string, Registration>();
  private monitor: Timer | undefined;
  private noLeaderCount = 0;
  /** lastHeard is when each peer last sent this member a Raft message. */
  private readonly lastHeard = new Map<string, number>();

  constructor(
    private readonly host: V3Host,
    private readonly store: MvccStore,
  ) {}

  /** count is the number of open watch attempts on this member. */
  get count(): number {
    return this.byWatchId.size;
  }

  receive(from: string, msg: WatchCreate | WatchCancel | WatchProgress | WatchKeepalive): void {
    switch (msg.type) {
      case 'v3.watch.create':
        return this.create(from, msg);
      case 'v3.watch.cancel': {
        const reg = this.byStream.get(streamKey(msg.session, msg.stream));
        if (reg && reg.attempt === msg.attempt) this.end(reg);
        return;
      }
      case 'v3.watch.progress': {
        const reg = this.byStream.get(streamKey(msg.session, msg.stream));
        if (!reg || reg.attempt !== msg.attempt) return;
        reg.seenAt = this.host.now;
        // pump() runs after every apply, so every watcher here has been sent everything up to the current revision.
        this.send(reg, progressAt(this.store.currentRevision()));
        return;
      }
      case 'v3.watch.keepalive': {
        const streams = msg.streams.map(({ stream, attempt }) => {
          const reg = this.byStream.get(streamKey(msg.session, stream));
          if (!reg || reg.attempt !== attempt) return { stream, attempt, sent: -1 };
          reg.seenAt = this.host.now;
          return { stream, attempt, sent: reg.sent };
        });
        this.host.send(from, { type: 'v3.watch.alive', streams });
        return;
      }
    }
  }

  /** pump sends every response the store has queued to the attempt it belongs to. */
  pump(): void {
    if (this.byWatchId.size === 0) return;
    for (const res of this.store.takeWatchResponses()) {
      const reg = this.byWatchId.get(res.watch_id);
      if (!reg) continue;
      this.send(reg, res);
      if (res.canceled) this.forget(reg);
    }
  }

  /** heard notes a Raft message from a peer. */
  heard(from: string): void {
    this.lastHeard.set(from, this.host.now);
  }

  /**
   * hasLeader is whether this member knows a leader: its Raft status names
   * one, and if that is itself, it heard from a quorum within the last
   * election timeout (what CheckQuorum would make it step down for).
   */
  hasLeader(): boolean {
    const s = this.host.status();
    if (!s?.lead) return false;
    if (s.raftState !== 'StateLeader') return true;
    let active = 1;
    for (const at of this.lastHeard.values()) if (this.host.now - at <= this.host.electionTimeoutMs) active++;
    return active >= this.host.quorum;
  }

  private create(from: string, msg: WatchCreate): void {
    const key = streamKey(msg.session, msg.stream);
    const old = this.byStream.get(key);
    // A duplicate of the create, or a late one for an attempt already replaced: nothing to do.
    if (old && old.attempt >= msg.attempt) return;
    if (old) this.end(old);
    if (!this.hasLeader()) {
      this.host.send(from, { type: 'v3.watch.failed', stream: msg.stream, attempt: msg.attempt, err: NO_LEADER });
      return;
    }
    // Everything queued so far belongs to other watchers: send it first, so that what
    // watch() queues (created, then any history) is all this attempt's.
    this.pump();
    const watchId = this.store.watch(msg.req);
    const reg: Registration = { client: from, session: msg.session, stream: msg.stream, attempt: msg.attempt, watchId, sent: 0, seenAt: this.host.now };
    let open = true;
    for (const res of this.store.takeWatchResponses()) {
      this.send(reg, res);
      if (res.canceled) open = false;
    }
    if (!open) return;
    this.byWatchId.set(watchId, reg);
    this.byStream.set(key, reg);
    this.startMonitor();
  }

  /** end cancels an attempt's watcher without telling its client, who asked for it or has moved on. */
  private end(reg: Registration): void {
    this.pump();
    this.forget(reg);
    this.store.cancelWatch(reg.watchId);
    this.store.takeWatchResponses();
  }

  private forget(reg: Registration): void {
    this.byWatchId.delete(reg.watchId);
    this.byStream.delete(streamKey(reg.session, reg.stream));
  }

  private send(reg: Registration, res: WatchResponse): void {
    this.host.send(reg.client, { type: 'v3.watch.response', stream: reg.stream, attempt: reg.attempt, seq: reg.sent++, res });
  }

  private startMonitor(): void {
    if (this.monitor) return;
    this.noLeaderCount = 0;
    this.monitor = this.host.after(this.host.electionTimeoutMs, () => this.checkLeader());
  }

  /**
   * checkLeader is one round of etcd's monitorLeader, run every election
   * timeout while watches are open; it also drops attempts no client asks
   * after any more.
   */
  private checkLeader(): void {
    this.monitor = undefined;
    const idleBefore = this.host.now - IDLE_ELECTION_TIMEOUTS * this.host.electionTimeoutMs;
    for (const reg of [...this.byWatchId.values()]) if (reg.seenAt < idleBefore) this.end(reg);
    if (this.byWatchId.size === 0) return;
    this.noLeaderCount = this.hasLeader() ? 0 : this.noLeaderCount + 1;
    if (this.noLeaderCount >= MAX_NO_LEADER_COUNT) {
      for (const reg of [...this.byWatchId.values()]) {
        this.end(reg);
        this.host.send(reg.client, { type: 'v3.watch.failed', stream: reg.stream, attempt: reg.attempt, err: NO_LEADER });
      }
      return;
    }
    this.monitor = this.host.after(this.host.electionTimeoutMs, () => this.checkLeader());
  }
}

function streamKey(session: string, stream: number): string {
  return `${session}/${stream}`;
}

/** progressAt is a progress notification: no events, at `revision`, for every watcher of the stream (watch_id -1). */
function progressAt(revision: number): WatchResponse {
  return { header: { revision }, watch_id: PROGRESS_WATCH_ID, created: false, canceled: false, compact_revision: 0, cancel_reason: '', events: [] };
}
