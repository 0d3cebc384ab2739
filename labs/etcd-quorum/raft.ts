/**
 * etcd-quorum: the Raft node inside an etcd member.
 *
 * This node is sans-I/O: it never sends, persists or reads a clock itself.
 * The member feeds it inputs (tick, step, propose, readIndex), then takes its
 * outputs as a Ready, carries them out in the order written on Ready in
 * engine/raft/types.ts, and calls advance(). The Ready plumbing below is
 * done; the protocol is yours: every method marked TODO.
 *
 * Read the statement (labs/etcd-quorum/README.md) first. Run the grader with
 *
 *   npm run grade -- etcd-quorum
 */
import {
  None,
  quorum,
  type AppendMessage,
  type AppendResponse,
  type Entry,
  type HardState,
  type HeartbeatMessage,
  type HeartbeatResponse,
  type Message,
  type NodeId,
  type PersistedState,
  type RaftConfig,
  type RaftNode,
  type RaftNodeFactory,
  type RandomSource,
  type ReadState,
  type Ready,
  type SoftState,
  type StateType,
  type Status,
  type VoteMessage,
  type VoteResponse,
} from '../../engine/raft/types';

/** createRaftNode starts a node, fresh (empty PersistedState) or from what it persisted before a crash. */
export const createRaftNode = ((config, persisted) => new Raft(config, persisted)) satisfies RaftNodeFactory;

/**
 * Progress is a leader's view of one member's log. Entries up to `match`
 * are known to be stored there in agreement with the leader; `next` is the
 * index of the next entry to send it. Always 0 <= match < next.
 */
interface Progress {
  match: number;
  next: number;
}

/**
 * PendingRead is a readIndex request a leader is confirming: the commit index
 * when it arrived, and the members (the leader included) that have answered a
 * heartbeat carrying its context since.
 */
interface PendingRead {
  index: number;
  acks: Set<NodeId>;
}

class Raft implements RaftNode {
  private readonly id: NodeId;
  /** peers lists every member, this node included. */
  private readonly peers: readonly NodeId[];
  private readonly electionTick: number;
  private readonly heartbeatTick: number;
  /** rng is the only randomness allowed: Math.random and Date throw in lab code. */
  private readonly rng: RandomSource;

  // ---- Hard state: handed out in Ready.hardState whenever it changes, so
  // the member persists it before sending anything that depends on it.
  private term = 0;
  /** vote is whom this node voted for in `term`, or None. */
  private vote: NodeId = None;
  /** log is the whole log: log[i] has index i + 1. */
  private log: Entry[];
  /** commit is the highest index known to be committed. It never goes down. */
  private commit: number;

  // ---- Soft state: handed out in Ready.softState whenever it changes.
  private lead: NodeId = None;
  private state: StateType = 'StateFollower';

  // ---- Timers, in ticks.
  /** electionElapsed counts ticks since this node last heard from a leader (or granted a vote). */
  private electionElapsed = 0;
  /** heartbeatElapsed counts a leader's ticks since its last heartbeat round. */
  private heartbeatElapsed = 0;
  /** randomizedElectionTimeout is drawn in [electionTick, 2 * electionTick) from rng. */
  private randomizedElectionTimeout: number;

  // ---- Candidate and leader bookkeeping, reset on every role change.
  /** votes holds the answers to this node's vote requests in the current election (its own included). */
  private votes = new Map<NodeId, boolean>();
  /** progress holds a Progress for every member while this node leads (its own `match` is what it has persisted). */
  private progress = new Map<NodeId, Progress>();
  /** pendingReads holds the reads being confirmed, by context, in arrival order. */
  private pendingReads = new Map<string, PendingRead>();
  /** heldReads holds the contexts of reads a new leader got before committing an entry of its term. */
  private heldReads: string[] = [];

  // ---- Outputs waiting for the next Ready.
  private msgs: Message[] = [];
  private readStates: ReadState[] = [];
  /** persisted is the highest log index handed out for stable storage; entries after it go in the next Ready. */
  private persisted: number;
  /** applied is the highest index handed out for applying; committed entries after it go in the next Ready. */
  private applied = 0;
  /** applying is the `commit` handed out in the outstanding Ready; advance() makes it `applied`. */
  private applying = 0;
  private prevHardState: HardState;
  private prevSoftState: SoftState;
  /** readyOutstanding is true between ready() and advance(). */
  private readyOutstanding = false;

  constructor(config: RaftConfig, stored: PersistedState) {
    this.id = config.id;
    this.peers = [...config.peers];
    this.electionTick = config.electionTick;
    this.heartbeatTick = config.heartbeatTick;
    this.rng = config.rng;
    // Whatever was stored is stable already; nothing is applied yet, so the
    // member is handed every committed entry again and rebuilds its store.
    this.term = stored.hardState.term;
    this.vote = stored.hardState.vote;
    this.commit = stored.hardState.commit;
    this.log = stored.entries.map((e) => ({ ...e }));
    this.persisted = this.log.length;
    this.randomizedElectionTimeout = this.electionTick;
    this.resetElectionTimeout();
    this.prevHardState = this.hardState();
    this.prevSoftState = this.softState();
  }

  // =================================================================== inputs

  /**
   * tick advances the logical clock by one tick. A follower or candidate that
   * has heard nothing from a leader for randomizedElectionTimeout ticks
   * campaigns; a leader sends a heartbeat round every heartbeatTick ticks
   * (carrying the newest pending read's context, or "").
   */
  tick(): void {
    // TODO: count electionElapsed (not leading) or heartbeatElapsed (leading), and campaign or heartbeat when due.
  }

  /**
   * step handles a message from a peer. Terms come first: a message with a
   * higher term makes this node a follower of that term before anything else
   * (its leader is m.from for a MsgApp or MsgHeartbeat, unknown otherwise);
   * a message with a lower term is stale and changes nothing (answering a
   * stale MsgApp or MsgHeartbeat with your term lets a deposed leader learn
   * it has been replaced). Then the message is handled by type.
   */
  step(m: Message): void {
    // TODO: apply the term rules above before dispatching.
    switch (m.type) {
      case 'MsgVote':
        return this.handleVote(m);
      case 'MsgVoteResp':
        return this.handleVoteResponse(m);
      case 'MsgApp':
        return this.handleAppend(m);
      case 'MsgAppResp':
        return this.handleAppendResponse(m);
      case 'MsgHeartbeat':
        return this.handleHeartbeat(m);
      case 'MsgHeartbeatResp':
        return this.handleHeartbeatResponse(m);
    }
  }

  /**
   * propose appends `data` as an entry of the current term and sends it to the
   * followers, if this node leads, and returns true; otherwise it returns
   * false and the client looks for the leader elsewhere. True does not
   * promise the entry will commit: a leader can lose its term first.
   */
  propose(_data: string): boolean {
    // TODO: a leader appends and replicates; anyone else refuses.
    return false;
  }

  /**
   * readIndex starts a linearizable read identified by `ctx` (non-empty and
   * unique). Only a leader accepts (returns true); it answers later with a
   * ReadState { index, requestCtx: ctx } in a Ready, once
   *   1. it has committed an entry of its own term (before that its commit
   *      index may lag what earlier leaders committed; hold the read until
   *      then), and
   *   2. a quorum, itself included, has answered a heartbeat carrying ctx,
   *      sent after the read arrived: only then is it sure no newer leader
   *      could have committed writes it has not seen.
   * `index` is the commit index when the read arrived (or, if held, when
   * the hold ended). A read still pending when this node stops leading is
   * dropped. Anyone but the leader returns false.
   */
  readIndex(_ctx: string): boolean {
    // TODO: register the read and start a heartbeat round carrying ctx.
    return false;
  }

  // ================================================================== outputs
  // The Ready plumbing is done: you should not need to change it.

  /** hasReady reports whether ready() has anything new to hand out. */
  hasReady(): boolean {
    return (
      !sameSoftState(this.softState(), this.prevSoftState) ||
      !sameHardState(this.hardState(), this.prevHardState) ||
      this.lastIndex() > this.persisted ||
      this.commit > this.applied ||
      this.msgs.length > 0 ||
      this.readStates.length > 0
    );
  }

  /**
   * ready hands out the pending work: hard state and new entries to persist,
   * messages to send, committed entries to apply, reads to serve. The host
   * carries it out in that order, then calls advance().
   */
  ready(): Ready {
    if (this.readyOutstanding) throw new Error(`raft ${this.id}: ready() called again before advance()`);
    const rd: Ready = {
      entries: this.entries(this.persisted + 1, this.lastIndex() + 1),
      committedEntries: this.entries(this.applied + 1, this.commit + 1),
      messages: this.msgs,
      readStates: this.readStates,
    };
    const soft = this.softState();
    if (!sameSoftState(soft, this.prevSoftState)) {
      rd.softState = soft;
      this.prevSoftState = { ...soft };
    }
    const hard = this.hardState();
    if (!sameHardState(hard, this.prevHardState)) {
      rd.hardState = hard;
      this.prevHardState = { ...hard };
    }
    this.msgs = [];
    this.readStates = [];
    this.persisted = this.lastIndex();
    this.applying = this.commit;
    this.readyOutstanding = true;
    return rd;
  }

  /**
   * advance learns that the last Ready was carried out: its entries are on
   * disk and its committed entries applied. Only now may a leader count its
   * own log towards a quorum.
   */
  advance(): void {
    if (!this.readyOutstanding) throw new Error(`raft ${this.id}: advance() called without an outstanding Ready`);
    this.readyOutstanding = false;
    this.applied = this.applying;
    const self = this.progress.get(this.id);
    if (this.state === 'StateLeader' && self && self.match < this.persisted) {
      self.match = this.persisted;
      this.maybeCommit();
    }
  }

  /** status is a read-only snapshot of the node. */
  status(): Status {
    return {
      id: this.id,
      term: this.term,
      vote: this.vote,
      lead: this.lead,
      raftState: this.state,
      commit: this.commit,
      applied: this.applied,
      lastIndex: this.lastIndex(),
    };
  }

  // ==================================================================== roles

  /**
   * resetElectionTimeout restarts the election timer with a fresh random
   * timeout in [electionTick, 2 * electionTick), drawn from this.rng, so that
   * usually one member times out well before the others.
   */
  private resetElectionTimeout(): void {
    this.electionElapsed = 0;
    // TODO: draw randomizedElectionTimeout from this.rng (never Math.random).
  }

  /**
   * becomeFollower follows `lead` (None if not known yet) in `term`. Moving to
   * a new term forgets the vote; staying in the same term keeps it. The
   * election timer restarts, and votes, progress, pending and held reads of
   * the previous role are dropped.
   */
  private becomeFollower(_term: number, _lead: NodeId): void {
    // TODO: reset for `term` (forgetting the vote only if the term changes), then follow `lead`.
  }

  /**
   * becomeCandidate moves to term + 1, votes for itself and forgets any
   * leader. A leader never becomes a candidate.
   */
  private becomeCandidate(): void {
    // TODO: move to the next term, vote for yourself, forget the leader, restart the election timer.
  }

  /**
   * becomeLeader takes office in the current term: every member's progress
   * starts at match 0, next = lastIndex() + 1 (its own match is what it has
   * persisted), and it appends an empty entry (data "") of its term and sends
   * it. Committing that entry commits everything before it, which a leader
   * may not do by counting replicas of older entries (Raft §5.4.2), and tells
   * it the cluster's commit index, which it needs to serve reads.
   */
  private becomeLeader(): void {
    // TODO: set up progress for every member, take office, append the empty entry and send it.
  }

  /**
   * campaign starts an election: become a candidate, count its own vote, and
   * send every other member a MsgVote carrying the index and term of its last
   * entry. (Alone in its cluster, its own vote is a quorum: it leads at once.)
   */
  private campaign(): void {
    // TODO: become a candidate, record your own vote, then win at once or ask every peer.
  }

  // =================================================================== voting

  /**
   * handleVote answers a MsgVote of the current term (the term rules in step
   * have run). Grant (reject: false) only if this node has not voted in this
   * term or already voted for this candidate, knows no leader of this term,
   * and the candidate's log is at least as up-to-date as its own: a later
   * last term wins, and with equal last terms the longer log (Raft §5.4.1).
   * Record the vote before answering: it goes out in Ready.hardState, ahead
   * of the message. Granting restarts the election timer.
   */
  private handleVote(_m: VoteMessage): void {
    // TODO: decide the vote, record it, answer with a MsgVoteResp.
  }

  /**
   * handleVoteResponse counts a candidate's answers, each member once: with a
   * quorum of grants it becomes leader; with a quorum of refusals it lost and
   * becomes a follower of the same term. Anyone but a candidate ignores it.
   */
  private handleVoteResponse(_m: VoteResponse): void {
    // TODO: record the answer once per member, then tally: won, lost or still open.
  }

  // ============================================================== replication

  /**
   * sendAppend sends `to` a MsgApp with the entries from its `next` index to
   * the end of the log, anchored at the entry just before (index next - 1
   * and its term), with the leader's commit index.
   */
  private sendAppend(_to: NodeId): void {
    // TODO: build the MsgApp from progress.get(to).next.
  }

  /**
   * handleAppend is a follower's side of AppendEntries (a candidate that gets
   * one learns that someone won its term: it becomes a follower first).
   * Restart the election timer and note the leader. Then the consistency
   * check: if the log has no entry at m.index with term m.logTerm, reject
   * (reject: true, index: m.index, rejectHint: this node's last index).
   * Otherwise accept: an entry that conflicts with a new one (same index,
   * different term) is deleted with everything after it; new entries are
   * appended; entries already present are left alone (a late duplicate must
   * not cut off what a newer append added). Then commit up to
   * min(m.commit, index of the last new entry) and acknowledge with index =
   * that last new index. Never rewrite a committed entry.
   */
  private handleAppend(_m: AppendMessage): void {
    // TODO: the consistency check, truncation of conflicts, the commit rule, the answer.
  }

  /**
   * handleAppendResponse is the leader's side. A rejection moves the
   * follower's `next` back (to rejectHint + 1, or by one, never at or below
   * `match`) and retries. An acceptance raises `match` (and `next` past it),
   * may commit, and sends whatever the follower still lacks. Stale or
   * duplicated responses must not move `next` or `match` backwards.
   */
  private handleAppendResponse(_m: AppendResponse): void {
    // TODO: move next back on a rejection; on an acceptance raise match, try to commit, send the rest.
  }

  /**
   * maybeCommit is the leader's commit rule: commit the highest index N
   * stored on a quorum of members (by `match`, its own included) if N is
   * above `commit` AND entry N has the current term. Older entries commit
   * with it, never by counting their own replicas (Raft §5.4.2, Figure 8).
   * When the commit index moves, tell the followers (and start any reads
   * held for the first commit of this term).
   */
  private maybeCommit(): void {
    // TODO: find the quorum index of the matches; commit it only if it is above commit and of this term.
  }

  // =============================================================== heartbeats

  /**
   * broadcastHeartbeat sends every follower a MsgHeartbeat carrying `ctx`
   * (the read being confirmed, or "") and commit = min(its match, the
   * leader's commit): a follower must never commit past what it is known to
   * hold in agreement with the leader.
   */
  private broadcastHeartbeat(_ctx: string): void {
    // TODO: one MsgHeartbeat per follower, commit capped at its match.
  }

  /**
   * handleHeartbeat: a follower (or a candidate, which becomes one) restarts
   * its election timer, notes the leader, commits up to m.commit and answers
   * with a MsgHeartbeatResp echoing m.context.
   */
  private handleHeartbeat(_m: HeartbeatMessage): void {
    // TODO: follow the leader, commit up to m.commit, answer with the context.
  }

  /**
   * handleHeartbeatResponse: the follower is alive, so a leader sends it an
   * append if it lags. A non-empty context counts the follower's
   * acknowledgement of that read; once a quorum (the leader included) has
   * acknowledged it, that read and every read queued before it become
   * ReadStates.
   */
  private handleHeartbeatResponse(_m: HeartbeatResponse): void {
    // TODO: catch a lagging follower up; count read acknowledgements and release confirmed reads.
  }

  // ================================================================== helpers

  /** lastIndex is the index of the last entry (0 for an empty log). */
  private lastIndex(): number {
    return this.log.length;
  }

  /** lastTerm is the term of the last entry (0 for an empty log). */
  private lastTerm(): number {
    return this.termAt(this.lastIndex()) ?? 0;
  }

  /** termAt is the term of the entry at `index`: 0 at index 0, undefined past the end. */
  private termAt(index: number): number | undefined {
    if (index === 0) return 0;
    return this.log[index - 1]?.term;
  }

  /** entries returns copies of the entries in [lo, hi). */
  private entries(lo: number, hi: number): Entry[] {
    return this.log.slice(lo - 1, hi - 1).map((e) => ({ ...e }));
  }

  /**
   * writeEntries stores `entries` (contiguous) at their indexes, dropping
   * every entry at or after the first one, and makes sure the next Ready
   * hands them out for persistence. Deciding what to drop is the caller's job.
   */
  private writeEntries(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = entries[0].index;
    if (first <= this.commit) throw new Error(`raft ${this.id}: refusing to overwrite committed entry ${first} (commit ${this.commit})`);
    if (first > this.lastIndex() + 1) throw new Error(`raft ${this.id}: entry ${first} would leave a gap after ${this.lastIndex()}`);
    this.log = [...this.log.slice(0, first - 1), ...entries.map((e) => ({ ...e }))];
    this.persisted = Math.min(this.persisted, first - 1);
  }

  /**
   * envelope addresses a message from this node, in its current term, to `to`:
   * this.send({ type: 'MsgVoteResp', ...this.envelope(m.from), reject: false }).
   */
  private envelope(to: NodeId): { from: NodeId; to: NodeId; term: number } {
    return { from: this.id, to, term: this.term };
  }

  /** send queues a message; it leaves with the next Ready, after that Ready's hard state and entries are on disk. */
  private send(m: Message): void {
    this.msgs.push(m);
  }

  /** readState queues the answer to a confirmed read; it goes out with the next Ready. */
  private readState(index: number, ctx: string): void {
    this.readStates.push({ index, requestCtx: ctx });
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.commit };
  }

  private softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.lead === b.lead && a.raftState === b.raftState;
}
