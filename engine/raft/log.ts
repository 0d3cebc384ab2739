import type { Entry, PersistedState } from './types';

/**
 * RaftLog is a node's in-memory view of its replicated log, in the manner of
 * etcd-io/raft's raftLog (log.go + log_unstable.go) without snapshots: the log
 * always starts at index 1, so entry i lives at position i-1.
 *
 * Besides the entries it tracks five indexes, which always satisfy
 *
 *     applied <= applying <= committed <= lastIndex()
 *     stabled <= persisting <= lastIndex()
 *
 * "applying" and "persisting" describe the Ready the host is carrying out:
 * entries up to `persisting` have been handed out for stable storage and
 * entries up to `applying` for the state machine. advance() turns them into
 * `stabled` and `applied`. With no Ready outstanding, persisting == stabled and
 * applying == applied.
 */
export class RaftLog {
  /** entries is the whole log; entries[i].index === i + 1. */
  private readonly entries: Entry[];
  /** committedIndex is the highest index known to be stored on a quorum. It never decreases. */
  private committedIndex: number;
  /** appliedIndex is the highest index the host has applied (acknowledged by advance()). */
  private appliedIndex = 0;
  /** applyingIndex is the highest committed index handed out in the outstanding Ready. */
  private applyingIndex = 0;
  /** stabledIndex is the highest index known to be on the host's stable storage. */
  private stabledIndex: number;
  /** persistingIndex is the highest index handed out for persistence in the outstanding Ready. */
  private persistingIndex: number;

  private constructor(entries: Entry[], committed: number) {
    this.entries = entries;
    this.committedIndex = committed;
    this.stabledIndex = entries.length;
    this.persistingIndex = entries.length;
  }

  /**
   * restore rebuilds the log from what a node persisted. Everything stored is
   * stable; nothing is applied yet, so the host gets every committed entry
   * again and can rebuild its state machine. A corrupt store (gaps, terms going
   * down, a commit index past the end) throws: starting from it would silently
   * break safety.
   */
  static restore(persisted: PersistedState): RaftLog {
    const entries = persisted.entries.map(copyEntry);
    entries.forEach((e, i) => {
      if (e.index !== i + 1) {
        throw new Error(`raft log: stored entry #${i} has index ${e.index}, want ${i + 1} (the stored log must be contiguous from 1)`);
      }
      if (!Number.isInteger(e.term) || e.term < 1) {
        throw new Error(`raft log: stored entry ${e.index} has term ${e.term}; entries are created in terms >= 1`);
      }
      if (i > 0 && e.term < entries[i - 1]!.term) {
        throw new Error(`raft log: stored entry ${e.index} has term ${e.term}, below the previous entry's term ${entries[i - 1]!.term}`);
      }
    });
    const commit = persisted.hardState.commit;
    if (commit < 0 || commit > entries.length) {
      throw new Error(`raft log: stored commit ${commit} is out of range [0, ${entries.length}]; was the log truncated or lost?`);
    }
    return new RaftLog(entries, commit);
  }

  get committed(): number {
    return this.committedIndex;
  }

  get applied(): number {
    return this.appliedIndex;
  }

  /** stabled is the highest index known to be on stable storage. */
  get stabled(): number {
    return this.stabledIndex;
  }

  lastIndex(): number {
    return this.entries.length;
  }

  lastTerm(): number {
    return this.entries.length === 0 ? 0 : this.entries[this.entries.length - 1]!.term;
  }

  /**
   * term returns the term of the entry at `index`, 0 for index 0 (the empty
   * prefix every log shares), and undefined past the end of the log.
   */
  term(index: number): number | undefined {
    if (index === 0) return 0;
    return this.entries[index - 1]?.term;
  }

  /** matchTerm reports whether this log holds an entry at `index` with `term`. */
  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /**
   * isUpToDate reports whether a log ending at (lastIndex, lastTerm) is at
   * least as up-to-date as this one (Raft §5.4.1): the later last term wins,
   * and with equal last terms the longer log wins.
   */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  /**
   * slice returns copies of the entries in [lo, hi). Callers only ask for
   * ranges inside the log; anything else is a bug and throws.
   */
  slice(lo: number, hi: number): Entry[] {
    if (lo < 1 || hi < lo || hi > this.lastIndex() + 1) {
      throw new Error(`raft log: slice [${lo}, ${hi}) out of bounds [1, ${this.lastIndex() + 1})`);
    }
    return this.entries.slice(lo - 1, hi - 1).map(copyEntry);
  }

  /**
   * findConflict returns the index of the first of `entries` that this log
   * does not already hold (a different term at that index, or past the end),
   * or 0 when it holds them all. The entries must be contiguous.
   */
  findConflict(entries: readonly Entry[]): number {
    for (const e of entries) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * findConflictByTerm returns the largest index <= `index` whose term is <=
   * `term` (0 if none). A follower that rejects an append anchored at
   * (index, term) knows the leader's log has terms <= `term` up to there, so
   * none of its own entries with a larger term can be a match point: the
   * leader may skip straight past them instead of probing one by one.
   */
  findConflictByTerm(index: number, term: number): number {
    for (let i = Math.min(index, this.lastIndex()); i > 0; i--) {
      if (this.term(i)! <= term) return i;
    }
    return 0;
  }

  /**
   * maybeAppend is a follower's half of AppendEntries. If this log holds the
   * entry (prevIndex, prevTerm), it makes `entries` follow it, dropping any
   * conflicting suffix, raises the commit index to min(`commit`, last new
   * index) and returns that last new index. Otherwise it changes nothing and
   * returns undefined. Entries already present are left alone, so a delayed
   * or duplicated append never truncates entries a later append added.
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: readonly Entry[]): number | undefined {
    entries.forEach((e, i) => {
      if (e.index !== prevIndex + 1 + i) {
        throw new Error(`raft log: append after ${prevIndex} carries entry ${e.index} at position ${i}`);
      }
    });
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNew = prevIndex + entries.length;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      // append() refuses to rewrite committed entries: a leader asking for
      // that has broken the leader completeness property.
      this.append(entries.slice(conflict - (prevIndex + 1)));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /**
   * append writes `entries` (contiguous; none is a no-op) at their indexes,
   * dropping every entry at or after the first one. Rewriting a committed
   * entry is a safety violation and throws, as etcd panics. Returns the new
   * last index.
   */
  append(entries: readonly Entry[]): number {
    if (entries.length === 0) return this.lastIndex();
    const first = entries[0]!.index;
    if (first <= this.committedIndex) {
      throw new Error(`raft log: entry ${first} conflicts with committed entry (committed=${this.committedIndex})`);
    }
    if (first > this.lastIndex() + 1) {
      throw new Error(`raft log: appending at ${first} would leave a gap after last index ${this.lastIndex()}`);
    }
    entries.forEach((e, i) => {
      if (e.index !== first + i) throw new Error(`raft log: appended entries are not contiguous at index ${e.index}`);
    });
    this.entries.length = first - 1;
    // Dropped entries may have been handed out for persistence already. The
    // host rewrites from `first` when it persists the replacements, so only
    // the prefix before `first` may still count as (about to be) stable. etcd
    // reaches the same end by checking the term in stableTo.
    this.stabledIndex = Math.min(this.stabledIndex, first - 1);
    this.persistingIndex = Math.min(this.persistingIndex, first - 1);
    for (const e of entries) this.entries.push(copyEntry(e));
    return this.lastIndex();
  }

  /**
   * commitTo raises the commit index to `index`; it never lowers it. A commit
   * index past the end of the log means a leader (or the store) lied, and
   * throws.
   */
  commitTo(index: number): void {
    if (index <= this.committedIndex) return;
    if (index > this.lastIndex()) {
      throw new Error(`raft log: commit ${index} is out of range [last index ${this.lastIndex()}]; was the log truncated or lost?`);
    }
    this.committedIndex = index;
  }

  /**
   * maybeCommit is the leader's commit rule (Raft §5.4.2): it commits up to
   * `index`, the highest index stored on a quorum, only if that entry is from
   * the leader's current `term`. Counting replicas of an older term's entry
   * is not enough (Figure 8 of the paper); committing an entry of the current
   * term commits every earlier one with it. Returns whether commit advanced.
   */
  maybeCommit(index: number, term: number): boolean {
    if (index > this.committedIndex && this.term(index) === term) {
      this.commitTo(index);
      return true;
    }
    return false;
  }

  /** hasUnstable reports whether some entries still have to be handed out for persistence. */
  hasUnstable(): boolean {
    return this.lastIndex() > this.persistingIndex;
  }

  /** unstableEntries returns copies of the entries not yet handed out for persistence. */
  unstableEntries(): Entry[] {
    return this.slice(this.persistingIndex + 1, this.lastIndex() + 1);
  }

  /** hasEntriesToApply reports whether some committed entries still have to be handed out for application. */
  hasEntriesToApply(): boolean {
    return this.committedIndex > this.applyingIndex;
  }

  /** entriesToApply returns copies of the committed entries not yet handed out for application. */
  entriesToApply(): Entry[] {
    return this.slice(this.applyingIndex + 1, this.committedIndex + 1);
  }

  /**
   * acceptReady records that the current unstable and to-apply entries were
   * handed out in a Ready. Anything appended or committed afterwards belongs
   * to the next Ready.
   */
  acceptReady(): void {
    this.persistingIndex = this.lastIndex();
    this.applyingIndex = this.committedIndex;
  }

  /**
   * advance records that the host carried out the outstanding Ready: what it
   * was handed to persist is stable (minus anything since truncated, see
   * append) and what it was handed to apply is applied.
   */
  advance(): void {
    this.stabledIndex = this.persistingIndex;
    this.appliedIndex = this.applyingIndex;
  }
}

/** copyEntry copies an entry so that callers never share the log's objects. */
export function copyEntry(e: Entry): Entry {
  return { term: e.term, index: e.index, data: e.data };
}
