import type { NodeId, ReadState } from './types';

/**
 * ReadOnly queues the linearizable reads a leader is confirming, after
 * etcd's readOnly with ReadOnlySafe.
 *
 * A read is registered with the commit index at the moment it arrived. The
 * leader then sends a heartbeat round carrying the read's context; once a
 * quorum has answered it, no other leader can have been elected before the
 * read arrived, so every write acknowledged by then is at or below the
 * recorded index. A read confirmed this way also confirms every read queued
 * before it: the heartbeat that confirmed it left after they had arrived.
 */
export class ReadOnly {
  /** pending maps a read's context to its index and the members that acknowledged it. */
  private readonly pending = new Map<string, { index: number; acks: Set<NodeId> }>();
  /** queue holds the pending contexts in arrival order. */
  private queue: string[] = [];

  /**
   * addRequest registers a read of `index` identified by `ctx`, acknowledged
   * by the leader `self` already. A context that is already pending is not
   * queued twice: the one ReadState it gets answers both requests.
   */
  addRequest(index: number, ctx: string, self: NodeId): void {
    if (this.pending.has(ctx)) return;
    this.pending.set(ctx, { index, acks: new Set([self]) });
    this.queue.push(ctx);
  }

  /**
   * recvAck records that `from` answered a heartbeat carrying `ctx` and
   * returns how many members have acknowledged it (0 for a context that is
   * not pending, such as one from an earlier term).
   */
  recvAck(from: NodeId, ctx: string): number {
    const req = this.pending.get(ctx);
    if (!req) return 0;
    req.acks.add(from);
    return req.acks.size;
  }

  /** advance removes and returns, oldest first, every pending read up to and including `ctx`. */
  advance(ctx: string): ReadState[] {
    const at = this.queue.indexOf(ctx);
    if (at < 0) return [];
    const done = this.queue.slice(0, at + 1);
    this.queue = this.queue.slice(at + 1);
    return done.map((c) => {
      const req = this.pending.get(c)!;
      this.pending.delete(c);
      return { index: req.index, requestCtx: c };
    });
  }

  /** lastPendingCtx is the newest pending context, which every heartbeat carries, or "". */
  lastPendingCtx(): string {
    return this.queue.length === 0 ? '' : this.queue[this.queue.length - 1]!;
  }
}
