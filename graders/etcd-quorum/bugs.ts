/**
 * The etcd-quorum bug corpus: plausible wrong solutions, each the mistake a
 * learner really makes, written as a mutation of the reference node. The
 * grader's own tests play every one and require that it fails with one of
 * the properties in `expect`, on every seed they try: a bug the grader lets
 * through is a grader bug.
 */
import type { Mutation, Patch } from '../core/mutations';
import { applyPatches, mutationPatches } from '../core/mutations';

/** RaftBug is one wrong solution of this lab's corpus (see graders/core/mutations.ts). */
export type RaftBug = Mutation;

/** BUGS is the corpus. */
export const BUGS: readonly RaftBug[] = [
  {
    id: 'quorum-off-by-one',
    description: 'the leader commits an index once floor(n/2) members store it (itself included), one short of a majority',
    file: 'engine/raft/progress.ts',
    find: 'return sorted[quorum(sorted.length) - 1]!;',
    replace: 'return sorted[Math.floor(sorted.length / 2) - 1]!;',
    expect: ['no commit in a minority', 'state machine safety', 'leader completeness', 'linearizability'],
  },
  {
    id: 'double-vote',
    description: 'a member grants any up-to-date candidate its vote without checking whether it already voted in this term',
    file: 'engine/raft/node.ts',
    find: 'if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {',
    replace: 'if (this.log.isUpToDate(m.index, m.logTerm)) {',
    expect: ['one vote per term', 'election safety'],
  },
  {
    id: 'vote-not-persisted',
    description: 'Ready.hardState never carries the vote, so it is not on disk when the vote is sent and a restarted member has forgotten it',
    file: 'engine/raft/node.ts',
    find: 'return { term: this.term, vote: this.vote, commit: this.log.committed };',
    replace: 'return { term: this.term, vote: None, commit: this.log.committed };',
    expect: ['one vote per term', 'election safety'],
  },
  {
    id: 'commit-old-term',
    description:
      'the leader commits an entry of an earlier term as soon as a majority stores it (no current-term check), and appends no empty entry when elected (Raft §5.4.2, Figure 8)',
    file: 'engine/raft/log.ts',
    find: 'if (index > this.committedIndex && this.term(index) === term) {',
    replace: 'if (index > this.committedIndex) {',
    also: [{ file: 'engine/raft/node.ts', find: "this.appendEntries(['']);", replace: '' }],
    expect: ['commit only current-term entries', 'state machine safety', 'leader completeness', 'linearizability', 'progress after heal'],
  },
  {
    id: 'no-truncate',
    description: 'a follower keeps the entries it already has at an index, even when their term differs from the leader’s, and appends only past its end',
    file: 'engine/raft/log.ts',
    find: 'if (!this.matchTerm(e.index, e.term)) return e.index;',
    replace: 'if (e.index > this.lastIndex()) return e.index;',
    expect: ['log matching', 'state machine safety', 'leader completeness', 'no commit in a minority', 'linearizability'],
  },
  {
    id: 'stale-read',
    description: 'the leader answers a read from its commit index at once, without a heartbeat round in which a quorum confirms it still leads',
    file: 'engine/raft/node.ts',
    find: 'if (this.peers.length === 1) {',
    replace: 'if (this.peers.length >= 1) {',
    expect: ['linearizability'],
  },
  {
    id: 'no-up-to-date-check',
    description: 'a member grants its vote without checking that the candidate’s log is at least as up-to-date as its own (Raft §5.4.1)',
    file: 'engine/raft/node.ts',
    find: 'if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {',
    replace: 'if (canVote) {',
    expect: ['leader completeness', 'state machine safety', 'log matching', 'leader append-only', 'no commit in a minority', 'linearizability'],
  },
  // The textbook form of this mistake, a follower committing min(leaderCommit,
  // its last index) on a MsgApp instead of min(leaderCommit, last new index),
  // cannot be observed against the reference leader: every MsgApp it sends
  // runs to the end of its log, so its commit index never exceeds the last
  // new index (no scenario failed over 20 seeds). The heartbeat is where a
  // leader does send a commit index without entries, so the mistake is made
  // there, on both sides.
  {
    id: 'heartbeat-commit-unbounded',
    description:
      'heartbeats carry the leader’s whole commit index, and a follower commits up to min(that, its last index), entries it holds but has not been shown to match the leader’s',
    file: 'engine/raft/node.ts',
    find: 'this.log.commitTo(m.commit);',
    replace: 'this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));',
    also: [{ file: 'engine/raft/node.ts', find: 'commit: Math.min(pr.match, this.log.committed),', replace: 'commit: this.log.committed,' }],
    expect: ['state machine safety', 'no commit in a minority', 'linearizability'],
  },
  {
    id: 'leader-ignores-higher-term',
    description: 'a leader goes on leading when a message shows it a higher term, instead of stepping down to follow that term',
    file: 'engine/raft/node.ts',
    find: 'if (m.term > this.term) {',
    replace: "if (m.term > this.term && this.state !== 'StateLeader') {",
    expect: ['progress after heal', 'bounded'],
  },
  {
    id: 'no-next-backoff',
    description: 'after a follower rejects an append, the leader retries from the same next index instead of moving it back to find where the logs agree',
    file: 'engine/raft/node.ts',
    find: 'if (pr.maybeDecrTo(m.index, m.rejectHint)) this.sendAppend(m.from, true);',
    replace: 'this.sendAppend(m.from, true);',
    expect: ['progress after heal', 'bounded'],
  },
  {
    id: 'apply-uncommitted',
    description: 'Ready.committedEntries hands out entries as soon as they are appended, before a majority stores them',
    file: 'engine/raft/node.ts',
    find: 'committedEntries: this.log.entriesToApply(),',
    replace: 'committedEntries: this.log.unstableEntries(),',
    expect: ['no commit in a minority', 'state machine safety', 'linearizability'],
  },
  {
    id: 'no-consistency-check',
    description: 'a follower accepts an append if it has some entry at prevLogIndex, without checking that the entry’s term is prevLogTerm',
    file: 'engine/raft/log.ts',
    find: 'if (!this.matchTerm(prevIndex, prevTerm)) return undefined;',
    replace: 'if (prevIndex > this.lastIndex()) return undefined;',
    expect: ['log matching', 'state machine safety', 'leader completeness', 'no commit in a minority', 'linearizability'],
  },
];

export { applyPatches, mutationPatches as bugPatches, type Patch };
