import { quorum, type NodeId } from './types';

/**
 * ProgressState is how a leader replicates to one follower, after etcd's
 * tracker.StateType (without StateSnapshot: this log is never compacted).
 *
 *  - StateProbe: the leader does not know where the follower's log agrees
 *    with its own. It sends one append at a time and waits for the answer
 *    (or a heartbeat response) before the next, walking `next` back on
 *    rejections until an append is accepted.
 *  - StateReplicate: the follower's log is known to match up to `match`; the
 *    leader streams entries optimistically, moving `next` past what it sent
 *    without waiting for acknowledgements.
 */
export type ProgressState = 'StateProbe' | 'StateReplicate';

/**
 * Progress is the leader's view of one member's log.
 *
 * Invariant: 0 <= match < next. Entries up to `match` are known to be stored
 * by the member in agreement with the leader; `next` is the next index the
 * leader will send.
 */
export class Progress {
  match: number;
  next: number;
  state: ProgressState = 'StateProbe';
  /**
   * probeSent is true while a probe is unanswered in StateProbe; it pauses
   * further appends so that a lagging follower gets one probe per round
   * trip, not one per proposal (etcd's MsgAppFlowPaused).
   */
  probeSent = false;

  constructor(match: number, next: number) {
    this.match = match;
    this.next = next;
  }

  /** becomeProbe falls back to probing just after the last known match. */
  becomeProbe(): void {
    this.state = 'StateProbe';
    this.next = this.match + 1;
    this.probeSent = false;
  }

  /** becomeReplicate starts streaming just after the last known match. */
  becomeReplicate(): void {
    this.state = 'StateReplicate';
    this.next = this.match + 1;
    this.probeSent = false;
  }

  /**
   * maybeUpdate records an acknowledgement up to `index`. It returns false
   * for an acknowledgement that tells nothing new (a delayed or duplicated
   * response), so the caller can ignore it.
   */
  maybeUpdate(index: number): boolean {
    if (index <= this.match) return false;
    this.match = index;
    this.next = Math.max(this.next, index + 1);
    this.probeSent = false;
    return true;
  }

  /**
   * maybeDecrTo handles the rejection of an append anchored at `rejected`,
   * where the follower hinted that its log cannot match past `hint`. It
   * returns false for a stale rejection (one about an append the leader has
   * since moved beyond), which must not move `next` again.
   *
   * Replicating, the leader falls back to probing from match+1. Probing, it
   * jumps to min(rejected, hint+1) but never at or below match, where the
   * logs are known to agree.
   */
  maybeDecrTo(rejected: number, hint: number): boolean {
    if (this.state === 'StateReplicate') {
      if (rejected <= this.match) return false;
      this.becomeProbe();
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  /** isPaused reports whether the leader must hold back appends to this member. */
  isPaused(): boolean {
    return this.state === 'StateProbe' && this.probeSent;
  }

  /**
   * sentAppend records that an append ending at `lastIndex` was sent.
   * Replicating, the leader assumes it will arrive and moves on; probing, it
   * waits for the answer. Any append in StateProbe is a probe, empty or not.
   */
  sentAppend(lastIndex: number): void {
    if (this.state === 'StateReplicate') {
      this.next = Math.max(this.next, lastIndex + 1);
    } else {
      this.probeSent = true;
    }
  }

  /** resume lets a paused probe go again; a heartbeat response shows the member is reachable. */
  resume(): void {
    this.probeSent = false;
  }
}

/** VoteResult is the outcome of an election so far, spelled as etcd's quorum.VoteResult. */
export type VoteResult = 'VotePending' | 'VoteLost' | 'VoteWon';

/**
 * ProgressTracker holds a Progress for every member (this node included) and
 * the votes received in the current election.
 */
export class ProgressTracker {
  readonly voters: readonly NodeId[];
  private readonly progress = new Map<NodeId, Progress>();
  private readonly votes = new Map<NodeId, boolean>();

  constructor(voters: readonly NodeId[]) {
    this.voters = [...voters];
    for (const id of voters) this.progress.set(id, new Progress(0, 1));
  }

  /**
   * reset starts tracking afresh for a new term: nothing is known about the
   * members, so every one is probed from the end of this node's log, and no
   * vote has been received. `self`'s match is what this node has persisted.
   */
  reset(lastIndex: number, self: NodeId, selfMatch: number): void {
    for (const id of this.voters) {
      this.progress.set(id, new Progress(id === self ? selfMatch : 0, lastIndex + 1));
    }
    this.votes.clear();
  }

  /** get returns a member's Progress; asking for a non-member is a bug and throws. */
  get(id: NodeId): Progress {
    const pr = this.progress.get(id);
    if (!pr) throw new Error(`raft: no progress for ${JSON.stringify(id)}, which is not a member`);
    return pr;
  }

  /** committed returns the highest index stored on a quorum of members. */
  committed(): number {
    return quorumIndex(this.voters.map((id) => this.get(id).match));
  }

  /**
   * recordVote records `id`'s answer in this election. Only the first answer
   * from a member counts, so a duplicated response cannot be counted twice.
   */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** tallyVotes counts the answers so far and says whether the election is won, lost or open. */
  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const v of this.votes.values()) {
      if (v) granted++;
      else rejected++;
    }
    const q = quorum(this.voters.length);
    const result: VoteResult = granted >= q ? 'VoteWon' : rejected >= q ? 'VoteLost' : 'VotePending';
    return { granted, rejected, result };
  }
}

/**
 * quorumIndex returns the highest index that at least quorum(n) of the n
 * `matches` have reached: sorted in decreasing order, the quorum-th one.
 */
export function quorumIndex(matches: readonly number[]): number {
  if (matches.length === 0) throw new Error('raft: quorumIndex of an empty membership');
  const sorted = [...matches].sort((a, b) => b - a);
  return sorted[quorum(sorted.length) - 1]!;
}
