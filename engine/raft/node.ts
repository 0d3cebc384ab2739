import { RaftLog } from './log';
import { ProgressTracker, type VoteResult } from './progress';
import { ReadOnly } from './read_only';
import {
  None,
  quorum,
  type AppendMessage,
  type AppendResponse,
  type HardState,
  type HeartbeatMessage,
  type HeartbeatResponse,
  type Message,
  type MessageType,
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
} from './types';

/**
 * createRaftNode starts a Raft node from its configuration and what it
 * persisted before (emptyPersistedState() for a member that never ran). The
 * node always starts as a follower with no known leader.
 */
export const createRaftNode: RaftNodeFactory = (config, persisted) => new Raft(config, persisted);

/** messageTypes lists every MessageType, to reject anything else loudly. */
const messageTypes: ReadonlySet<string> = new Set<MessageType>([
  'MsgVote',
  'MsgVoteResp',
  'MsgApp',
  'MsgAppResp',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
]);

/** Envelope is the part every message shares. */
type Envelope = { from: NodeId; to: NodeId; term: number };

/**
 * Raft is the engine's Raft node, modelled on etcd-io/raft's raft.go
 * (without PreVote, CheckQuorum, leader transfer, learners, snapshots or
 * membership changes), behind the sans-I/O RaftNode contract of types.ts.
 * It is the reference the etcd-quorum lab grades against.
 *
 * Inputs change the state and queue outputs; ready() hands the outputs out
 * and advance() learns that the host carried them out. The node never reads
 * a clock or a random source of its own.
 */
export class Raft implements RaftNode {
  private readonly id: NodeId;
  private readonly peers: readonly NodeId[];
  private readonly electionTick: number;
  private readonly heartbeatTick: number;
  private readonly rng: RandomSource;

  // HardState: persisted (through Ready.hardState) before any message that
  // depends on it leaves.
  private term = 0;
  /** vote is whom this node voted for in `term`, or None. At most one per term, ever: it is persisted. */
  private vote: NodeId = None;
  private readonly log: RaftLog;

  // SoftState.
  private lead: NodeId = None;
  private state: StateType = 'StateFollower';

  /**
   * electionElapsed counts ticks since the last sign of a live leader or
   * candidate (a valid append, heartbeat or granted vote) when following or
   * campaigning, and is unused when leading.
   */
  private electionElapsed = 0;
  /** heartbeatElapsed counts a leader's ticks since its last heartbeat round. */
  private heartbeatElapsed = 0;
  /** randomizedElectionTimeout is in [electionTick, 2*electionTick), redrawn on every role change. */
  private randomizedElectionTimeout = 0;

  private readonly tracker: ProgressTracker;
  private readOnly = new ReadOnly();
  /** pendingReads holds reads a new leader received before committing an entry of its term. */
  private pendingReads: string[] = [];

  // Outputs not yet handed out in a Ready.
  private msgs: Message[] = [];
  private readStates: ReadState[] = [];
  /** prevSoftState and prevHardState are the states last handed out (or restored). */
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  /** readyOutstanding is true between ready() and advance(). */
  private readyOutstanding = false;

  constructor(config: RaftConfig, persisted: PersistedState) {
    validateConfig(config);
    this.id = config.id;
    this.peers = [...config.peers];
    this.electionTick = config.electionTick;
    this.heartbeatTick = config.heartbeatTick;
    this.rng = config.rng;

    this.log = RaftLog.restore(persisted);
    const hs = persisted.hardState;
    if (hs.term < this.log.lastTerm()) {
      throw new Error(`raft ${this.id}: stored term ${hs.term} is below the term ${this.log.lastTerm()} of the last stored entry`);
    }
    if (hs.vote !== None && !this.peers.includes(hs.vote)) {
      throw new Error(`raft ${this.id}: stored vote for ${JSON.stringify(hs.vote)}, who is not a member`);
    }
    this.term = hs.term;
    this.vote = hs.vote;
    this.tracker = new ProgressTracker(this.peers);
    this.becomeFollower(this.term, None);
    // What was restored is already on disk and what a fresh node starts with
    // is not news: the first Ready reports only changes from here.
    this.prevSoftState = this.softState();
    this.prevHardState = this.hardState();
  }

  // ---------------------------------------------------------------- inputs

  /** tick advances the node's logical clock by one tick. */
  tick(): void {
    if (this.state === 'StateLeader') this.tickHeartbeat();
    else this.tickElection();
  }

  /**
   * step handles a message from a peer. Terms come first: a higher term
   * makes this node a follower of that term before anything else, and a
   * lower term marks the message as stale.
   */
  step(m: Message): void {
    this.checkMessage(m);
    if (m.term > this.term) {
      // An append or heartbeat can only come from the leader of m.term; a
      // vote request says nothing about who leads.
      const lead = m.type === 'MsgApp' || m.type === 'MsgHeartbeat' ? m.from : None;
      this.becomeFollower(m.term, lead);
    } else if (m.term < this.term) {
      this.stepStale(m);
      return;
    }

    if (m.type === 'MsgVote') {
      this.handleVote(m);
      return;
    }
    switch (this.state) {
      case 'StateFollower':
        this.stepFollower(m);
        return;
      case 'StateCandidate':
        this.stepCandidate(m);
        return;
      case 'StateLeader':
        this.stepLeader(m);
        return;
    }
  }

  /**
   * propose appends `data` to the log and replicates it if this node leads;
   * otherwise it returns false (etcd's ErrProposalDropped). A true result
   * does not mean the entry will commit: a leader can lose its term first.
   */
  propose(data: string): boolean {
    if (this.state !== 'StateLeader') return false;
    this.appendEntries([data]);
    this.bcastAppend();
    return true;
  }

  /**
   * readIndex starts a linearizable read identified by `ctx` (non-empty, and
   * unique among the reads in flight), answered by a ReadState in a later
   * Ready. Non-leaders return false. A read still pending when this node
   * stops leading is dropped; the host sees the SoftState change and retries.
   */
  readIndex(ctx: string): boolean {
    if (ctx === '') throw new Error(`raft ${this.id}: readIndex needs a non-empty ctx ("" means "no read" on heartbeats)`);
    if (this.state !== 'StateLeader') return false;
    if (!this.committedEntryInCurrentTerm()) {
      // Until an entry of its own term commits, a new leader does not know
      // the full commit index (its predecessor may have committed more than
      // it has heard of), so it cannot say which index the read must see.
      this.pendingReads.push(ctx);
      return true;
    }
    this.startRead(ctx);
    return true;
  }

  // ---------------------------------------------------------------- outputs

  /** hasReady reports whether ready() has anything new to hand out. */
  hasReady(): boolean {
    return (
      !sameSoftState(this.softState(), this.prevSoftState) ||
      !sameHardState(this.hardState(), this.prevHardState) ||
      this.log.hasUnstable() ||
      this.log.hasEntriesToApply() ||
      this.msgs.length > 0 ||
      this.readStates.length > 0
    );
  }

  /**
   * ready hands out everything the host has to do, as plain data the node
   * keeps no reference to, and marks it in flight: anything the node does
   * before advance() goes into the next Ready. Calling it again before
   * advance() throws.
   */
  ready(): Ready {
    if (this.readyOutstanding) {
      throw new Error(`raft ${this.id}: ready() called again before advance(); carry out the last Ready, then call advance()`);
    }
    const rd: Ready = {
      entries: this.log.unstableEntries(),
      committedEntries: this.log.entriesToApply(),
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
    this.log.acceptReady();
    this.readyOutstanding = true;
    return rd;
  }

  /**
   * advance records that the host carried out the last Ready: its entries
   * are stable and its committed entries applied. A leader counts its own
   * log towards the quorum only from here, once it is on disk, as etcd's
   * self-addressed MsgAppResp does.
   */
  advance(): void {
    if (!this.readyOutstanding) {
      throw new Error(`raft ${this.id}: advance() called without an outstanding Ready; call ready() first`);
    }
    this.readyOutstanding = false;
    this.log.advance();
    if (this.state === 'StateLeader' && this.tracker.get(this.id).maybeUpdate(this.log.stabled)) {
      this.commitAndBroadcast();
    }
  }

  /** status is a snapshot of the node's state; changing it changes nothing. */
  status(): Status {
    return {
      id: this.id,
      term: this.term,
      vote: this.vote,
      lead: this.lead,
      raftState: this.state,
      commit: this.log.committed,
      applied: this.log.applied,
      lastIndex: this.log.lastIndex(),
    };
  }

  // ---------------------------------------------------------------- roles

  /**
   * reset starts `term` afresh: the vote is kept only if the term did not
   * change, and the leader, timers, replication progress and read requests
   * of the previous role are forgotten.
   */
  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }
    this.lead = None;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.tracker.reset(this.log.lastIndex(), this.id, this.log.stabled);
    this.readOnly = new ReadOnly();
    this.pendingReads = [];
  }

  /**
   * resetRandomizedElectionTimeout draws the next election timeout. The
   * spread makes it likely that one follower times out well before the
   * others and wins before they start competing elections.
   */
  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTick + this.rng.intn(this.electionTick);
  }

  /** becomeFollower follows `lead` (None if unknown yet) in `term`. */
  private becomeFollower(term: number, lead: NodeId): void {
    this.reset(term);
    this.lead = lead;
    this.state = 'StateFollower';
  }

  /** becomeCandidate moves to the next term and votes for itself; only campaign() calls it. */
  private becomeCandidate(): void {
    if (this.state === 'StateLeader') throw new Error(`raft ${this.id}: invalid transition leader -> candidate`);
    this.reset(this.term + 1);
    this.vote = this.id;
    this.state = 'StateCandidate';
  }

  /**
   * becomeLeader takes office and appends an empty entry of the new term.
   * Committing it commits everything before it (§5.4.2 forbids counting
   * replicas of older entries) and tells the leader its commit index, which
   * it needs before serving reads.
   */
  private becomeLeader(): void {
    if (this.state === 'StateFollower') throw new Error(`raft ${this.id}: invalid transition follower -> leader`);
    this.reset(this.term);
    this.lead = this.id;
    this.state = 'StateLeader';
    this.appendEntries(['']);
    this.bcastAppend();
  }

  /** tickElection is a follower's or candidate's tick: campaign once the randomized timeout passes. */
  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.campaign();
    }
  }

  /** tickHeartbeat is a leader's tick: heartbeat every heartbeatTick ticks. */
  private tickHeartbeat(): void {
    // etcd also counts electionElapsed here, for CheckQuorum, which this
    // node does not implement.
    this.heartbeatElapsed++;
    if (this.heartbeatElapsed >= this.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat(this.readOnly.lastPendingCtx());
    }
  }

  /** campaign starts an election for the next term, voting for itself first. */
  private campaign(): void {
    this.becomeCandidate();
    if (this.poll(this.id, true) === 'VoteWon') {
      // A single-member cluster: its own vote is a quorum.
      this.becomeLeader();
      return;
    }
    for (const to of this.peers) {
      if (to === this.id) continue;
      this.send<VoteMessage>({
        type: 'MsgVote',
        ...this.envelope(to),
        index: this.log.lastIndex(),
        logTerm: this.log.lastTerm(),
      });
    }
  }

  /** poll records `from`'s answer in the current election and returns the outcome so far. */
  private poll(from: NodeId, granted: boolean): VoteResult {
    this.tracker.recordVote(from, granted);
    return this.tracker.tallyVotes().result;
  }

  // ---------------------------------------------------------------- step

  /**
   * stepStale handles a message from an older term. Most are simply dropped:
   * the sender will learn the newer term from someone else, and acting on
   * them could only do harm. An append or heartbeat is answered, though,
   * with our term, so a deposed leader steps down at once instead of
   * waiting for the new leader to reach it. (etcd answers only with
   * CheckQuorum or PreVote enabled, where that is the only way the sender
   * can learn; the Raft paper always answers.) The answer is a heartbeat
   * response, which claims nothing about our log: should the sender have
   * become leader of our term meanwhile, it cannot mistake the answer for an
   * acknowledgement of entries.
   */
  private stepStale(m: Message): void {
    if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat') {
      this.send<HeartbeatResponse>({ type: 'MsgHeartbeatResp', ...this.envelope(m.from), context: '' });
    }
  }

  /**
   * handleVote decides a vote request of the current term. A node votes for
   * a candidate if it already voted for it in this term (the request was
   * repeated), or if it has not voted and knows no leader of this term, and
   * then only if the candidate's log is at least as up-to-date as its own:
   * the winner must hold every committed entry (§5.4.1).
   */
  private handleVote(m: VoteMessage): void {
    const canVote = this.vote === m.from || (this.vote === None && this.lead === None);
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      // A node that just granted a vote must not disrupt the election it
      // takes part in with one of its own.
      this.electionElapsed = 0;
      this.vote = m.from;
      this.send<VoteResponse>({ type: 'MsgVoteResp', ...this.envelope(m.from), reject: false });
    } else {
      this.send<VoteResponse>({ type: 'MsgVoteResp', ...this.envelope(m.from), reject: true });
    }
  }

  /** stepFollower handles a current-term message, other than a vote request, as a follower. */
  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'MsgApp':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return;
      case 'MsgHeartbeat':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      default:
        // Responses of this term reach a follower only late, after it lost
        // an election; there is nothing to do with them.
        return;
    }
  }

  /** stepCandidate handles a current-term message, other than a vote request, as a candidate. */
  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'MsgApp':
        // Someone else won this term.
        this.becomeFollower(m.term, m.from);
        this.handleAppendEntries(m);
        return;
      case 'MsgHeartbeat':
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case 'MsgVoteResp': {
        const result = this.poll(m.from, !m.reject);
        if (result === 'VoteWon') this.becomeLeader();
        else if (result === 'VoteLost') this.becomeFollower(this.term, None);
        return;
      }
      default:
        return;
    }
  }

  /** stepLeader handles a current-term message, other than a vote request, as the leader. */
  private stepLeader(m: Message): void {
    switch (m.type) {
      case 'MsgAppResp':
        this.handleAppendResponse(m);
        return;
      case 'MsgHeartbeatResp':
        this.handleHeartbeatResponse(m);
        return;
      default:
        // Late votes change nothing once elected. An append or heartbeat of
        // our own term would mean two leaders in one term, which votes make
        // impossible; like etcd, we cannot repair that here and ignore it.
        return;
    }
  }

  // ---------------------------------------------------------------- follower

  /**
   * handleAppendEntries is the follower's side of AppendEntries: accept and
   * acknowledge the entries if the log matches at (m.index, m.logTerm),
   * otherwise reject with a hint of where the logs may match.
   */
  private handleAppendEntries(m: AppendMessage): void {
    if (m.index < this.log.committed) {
      // A delayed or duplicated append from before our commit index: those
      // entries are committed and cannot conflict, so just tell the leader
      // how far we agree.
      this.send<AppendResponse>({
        type: 'MsgAppResp',
        ...this.envelope(m.from),
        index: this.log.committed,
        reject: false,
        rejectHint: 0,
      });
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send<AppendResponse>({ type: 'MsgAppResp', ...this.envelope(m.from), index: lastNew, reject: false, rejectHint: 0 });
      return;
    }
    this.send<AppendResponse>({
      type: 'MsgAppResp',
      ...this.envelope(m.from),
      index: m.index,
      reject: true,
      rejectHint: this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm),
    });
  }

  /**
   * handleHeartbeat learns the commit index. The leader sends at most what
   * it knows we hold (our match), so this never commits an entry we lack or
   * one that disagrees with the leader.
   */
  private handleHeartbeat(m: HeartbeatMessage): void {
    this.log.commitTo(m.commit);
    this.send<HeartbeatResponse>({ type: 'MsgHeartbeatResp', ...this.envelope(m.from), context: m.context });
  }

  // ---------------------------------------------------------------- leader

  /**
   * handleAppendResponse is the leader's side of AppendEntries. A rejection
   * moves the follower's `next` back (to the hint) and retries from there; an
   * acceptance records the follower's `match`, which may commit entries, and
   * sends on whatever the follower still lacks.
   */
  private handleAppendResponse(m: AppendResponse): void {
    const pr = this.tracker.get(m.from);
    if (m.reject) {
      if (pr.maybeDecrTo(m.index, m.rejectHint)) this.sendAppend(m.from, true);
      return;
    }
    // An acknowledgement of exactly `match` while probing still proves where
    // the logs agree, so it may start replication as well.
    if (!pr.maybeUpdate(m.index) && !(pr.state === 'StateProbe' && pr.match === m.index)) return;
    if (pr.state === 'StateProbe') pr.becomeReplicate();
    // A commit broadcast sends this follower everything it lacks too.
    if (this.commitAndBroadcast()) return;
    // Otherwise send whatever it still lacks, but no empty append: the
    // commit index reaches it with the next heartbeat anyway.
    this.sendAppend(m.from, false);
  }

  /**
   * handleHeartbeatResponse catches up a follower that lags and counts the
   * response towards confirming the read whose context it echoes.
   */
  private handleHeartbeatResponse(m: HeartbeatResponse): void {
    const pr = this.tracker.get(m.from);
    pr.resume();
    // The follower is reachable. If it lags, or appends to it were lost,
    // an append now (even an empty one) gets it back on track: an empty
    // append it cannot match is rejected and starts a probe.
    if (pr.match < this.log.lastIndex() || pr.state === 'StateProbe') this.sendAppend(m.from, true);
    if (m.context === '') return;
    if (this.readOnly.recvAck(m.from, m.context) < quorum(this.peers.length)) return;
    this.readStates.push(...this.readOnly.advance(m.context));
  }

  /**
   * commitAndBroadcast commits what a quorum has stored, if that is an entry
   * of this term, and tells the followers. It returns whether the commit
   * index moved.
   */
  private commitAndBroadcast(): boolean {
    if (!this.log.maybeCommit(this.tracker.committed(), this.term)) return false;
    this.releasePendingReads();
    this.bcastAppend();
    return true;
  }

  /** committedEntryInCurrentTerm reports whether this leader knows the cluster's full commit index yet. */
  private committedEntryInCurrentTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  /** releasePendingReads starts the reads that waited for the first commit of this term. */
  private releasePendingReads(): void {
    if (!this.committedEntryInCurrentTerm()) return;
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const ctx of reads) this.startRead(ctx);
  }

  /**
   * startRead records a read at the current commit index and asks a quorum
   * to confirm that this node still leads. Alone in its cluster, a leader
   * is its own quorum and answers at once.
   */
  private startRead(ctx: string): void {
    if (this.peers.length === 1) {
      this.readStates.push({ index: this.log.committed, requestCtx: ctx });
      return;
    }
    this.readOnly.addRequest(this.log.committed, ctx, this.id);
    this.bcastHeartbeat(ctx);
  }

  /** appendEntries appends one entry of the current term per command to the leader's log. */
  private appendEntries(data: readonly string[]): void {
    const last = this.log.lastIndex();
    this.log.append(data.map((d, i) => ({ term: this.term, index: last + 1 + i, data: d })));
  }

  /** bcastAppend sends every follower what it lacks, or an empty append carrying the commit index. */
  private bcastAppend(): void {
    for (const to of this.peers) if (to !== this.id) this.sendAppend(to, true);
  }

  /**
   * sendAppend sends `to` the entries from its `next` index on, anchored at
   * the entry just before. With nothing to send it sends an empty append
   * (which carries the commit index and tests the anchor) only if
   * `sendIfEmpty`. A paused probe sends nothing. Returns whether it sent.
   */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.tracker.get(to);
    if (pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.log.term(prevIndex);
    if (prevTerm === undefined) {
      throw new Error(`raft ${this.id}: next index ${pr.next} for ${to} is past the end of the log (${this.log.lastIndex()})`);
    }
    const entries = this.log.slice(pr.next, this.log.lastIndex() + 1);
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send<AppendMessage>({
      type: 'MsgApp',
      ...this.envelope(to),
      index: prevIndex,
      logTerm: prevTerm,
      entries,
      commit: this.log.committed,
    });
    pr.sentAppend(prevIndex + entries.length);
    return true;
  }

  /**
   * bcastHeartbeat sends every follower a heartbeat carrying `ctx` (the read
   * being confirmed, or ""). The commit index sent is capped at what the
   * follower is known to hold, so it never commits entries it lacks.
   */
  private bcastHeartbeat(ctx: string): void {
    for (const to of this.peers) {
      if (to === this.id) continue;
      const pr = this.tracker.get(to);
      this.send<HeartbeatMessage>({
        type: 'MsgHeartbeat',
        ...this.envelope(to),
        commit: Math.min(pr.match, this.log.committed),
        context: ctx,
      });
    }
  }

  // ---------------------------------------------------------------- helpers

  private envelope(to: NodeId): Envelope {
    return { from: this.id, to, term: this.term };
  }

  private send<M extends Message>(m: M): void {
    this.msgs.push(m);
  }

  private softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  /**
   * checkMessage rejects a message this node must never be handed: one
   * addressed elsewhere, from itself or a non-member, of an unknown type, or
   * malformed. Those are host bugs, and hiding them would hide lost safety.
   */
  private checkMessage(m: Message): void {
    if (!messageTypes.has(m.type)) {
      throw new Error(`raft ${this.id}: unknown message type ${JSON.stringify((m as { type: unknown }).type)}`);
    }
    if (m.to !== this.id) {
      throw new Error(`raft ${this.id}: stepped a ${m.type} addressed to ${JSON.stringify(m.to)}`);
    }
    if (m.from === this.id || !this.peers.includes(m.from)) {
      throw new Error(`raft ${this.id}: stepped a ${m.type} from ${JSON.stringify(m.from)}, which is not a peer`);
    }
    if (!Number.isInteger(m.term) || m.term < 1) {
      throw new Error(`raft ${this.id}: ${m.type} from ${m.from} has term ${m.term}; peers' messages carry a term >= 1`);
    }
    if (m.type === 'MsgApp') {
      m.entries.forEach((e, i) => {
        if (e.index !== m.index + 1 + i || e.term > m.term) {
          throw new Error(`raft ${this.id}: MsgApp from ${m.from} carries entry (index ${e.index}, term ${e.term}) at position ${i} after index ${m.index} in term ${m.term}`);
        }
      });
    }
  }
}

function validateConfig(c: RaftConfig): void {
  if (c.id === None) throw new Error('raft: config.id must not be empty (it means "none")');
  if (!c.peers.includes(c.id)) throw new Error(`raft ${c.id}: config.peers must include the node itself`);
  if (new Set(c.peers).size !== c.peers.length) throw new Error(`raft ${c.id}: config.peers has duplicates`);
  if (c.peers.includes(None)) throw new Error(`raft ${c.id}: config.peers must not contain the empty id`);
  if (!Number.isInteger(c.heartbeatTick) || c.heartbeatTick < 1) {
    throw new Error(`raft ${c.id}: heartbeatTick must be a positive integer, got ${c.heartbeatTick}`);
  }
  if (!Number.isInteger(c.electionTick) || c.electionTick <= c.heartbeatTick) {
    // Followers would time out between two heartbeats of a healthy leader.
    throw new Error(`raft ${c.id}: electionTick (${c.electionTick}) must be an integer greater than heartbeatTick (${c.heartbeatTick})`);
  }
  if (typeof c.rng?.intn !== 'function') throw new Error(`raft ${c.id}: config.rng is required`);
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.lead === b.lead && a.raftState === b.raftState;
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
