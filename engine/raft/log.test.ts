import { describe, expect, it } from 'vitest';
import { RaftLog } from './log';
import type { Entry } from './types';

/** ents builds entries with the given terms at indexes from..from+terms.length-1. */
function ents(terms: number[], from = 1): Entry[] {
  return terms.map((term, i) => ({ term, index: from + i, data: `e${from + i}@${term}` }));
}

function logOf(terms: number[], commit = 0): RaftLog {
  return RaftLog.restore({ hardState: { term: Math.max(0, ...terms), vote: '', commit }, entries: ents(terms) });
}

function termsOf(log: RaftLog): number[] {
  return log.slice(1, log.lastIndex() + 1).map((e) => e.term);
}

describe('RaftLog.restore', () => {
  it('rebuilds the log with everything stable and nothing applied', () => {
    const log = logOf([1, 1, 2], 2);
    expect(log.lastIndex()).toBe(3);
    expect(log.lastTerm()).toBe(2);
    expect(log.committed).toBe(2);
    expect(log.applied).toBe(0);
    expect(log.stabled).toBe(3);
    expect(log.hasUnstable()).toBe(false);
    expect(log.entriesToApply().map((e) => e.index)).toEqual([1, 2]);
  });

  it.each([
    ['a gap in the entries', { hardState: { term: 1, vote: '', commit: 0 }, entries: [{ term: 1, index: 2, data: '' }] }, /contiguous/],
    ['terms going down', { hardState: { term: 2, vote: '', commit: 0 }, entries: ents([2, 1]) }, /below the previous/],
    ['a commit past the end', { hardState: { term: 1, vote: '', commit: 3 }, entries: ents([1, 1]) }, /out of range/],
    ['an entry of term 0', { hardState: { term: 1, vote: '', commit: 0 }, entries: ents([0]) }, /terms >= 1/],
  ])('refuses a store with %s', (_name, persisted, error) => {
    expect(() => RaftLog.restore(persisted)).toThrow(error);
  });

  it('does not share entries with the store it was restored from', () => {
    const entries = ents([1]);
    const log = RaftLog.restore({ hardState: { term: 1, vote: '', commit: 0 }, entries });
    entries[0]!.term = 9;
    expect(log.term(1)).toBe(1);
  });
});

describe('RaftLog terms', () => {
  it('gives 0 at index 0, the term of each entry, and undefined past the end', () => {
    const log = logOf([1, 2]);
    expect([log.term(0), log.term(1), log.term(2), log.term(3)]).toEqual([0, 1, 2, undefined]);
    expect(log.matchTerm(0, 0)).toBe(true);
    expect(log.matchTerm(2, 2)).toBe(true);
    expect(log.matchTerm(2, 1)).toBe(false);
    expect(log.matchTerm(3, 2)).toBe(false);
  });

  it('reports an empty log as ending at (0, 0)', () => {
    const log = logOf([]);
    expect([log.lastIndex(), log.lastTerm()]).toEqual([0, 0]);
  });
});

describe('RaftLog.isUpToDate', () => {
  // Our log ends at index 3, term 2.
  it.each([
    [3, 3, true, 'a later last term, same length'],
    [1, 3, true, 'a later last term, shorter log'],
    [4, 2, true, 'the same last term, longer log'],
    [3, 2, true, 'the same last entry'],
    [2, 2, false, 'the same last term, shorter log'],
    [9, 1, false, 'an earlier last term, however long'],
  ])('a log ending at index %i, term %i is up to date: %s (%s)', (index, term, want) => {
    expect(logOf([1, 1, 2]).isUpToDate(index, term)).toBe(want);
  });
});

describe('RaftLog.findConflict', () => {
  // Our log: terms 1 2 3 at indexes 1 2 3.
  it.each([
    [[], 0, 'no entries'],
    [ents([1, 2, 3]), 0, 'all present'],
    [ents([2, 3], 2), 0, 'a present suffix'],
    [ents([1, 2, 3, 4]), 4, 'new entries past the end'],
    [ents([3, 4], 3), 4, 'present, then new'],
    [ents([1, 4]), 2, 'a different term at index 2'],
    [ents([4, 4], 3), 3, 'a different term at the last index'],
  ])('returns %j -> %i for %s', (entries, want) => {
    expect(logOf([1, 2, 3]).findConflict(entries)).toBe(want);
  });
});

describe('RaftLog.findConflictByTerm', () => {
  // Our log: terms 1 3 3 4 4 5 5 5 6 (the follower in etcd's example).
  const log = logOf([1, 3, 3, 4, 4, 5, 5, 5, 6]);
  it.each([
    [8, 3, 3, 'skips every entry with a term above the leader\'s'],
    [9, 6, 9, 'stops at once when the term is not above'],
    [9, 2, 1, 'falls back to the first entry'],
    [9, 0, 0, 'can fall back to the empty prefix'],
    [20, 5, 8, 'starts from the last index when asked past it'],
  ])('findConflictByTerm(%i, %i) = %i: %s', (index, term, want) => {
    expect(log.findConflictByTerm(index, term)).toBe(want);
  });
});

describe('RaftLog.maybeAppend', () => {
  it('appends after a matching entry and returns the last new index', () => {
    const log = logOf([1, 2]);
    expect(log.maybeAppend(2, 2, 0, ents([2, 3], 3))).toBe(4);
    expect(termsOf(log)).toEqual([1, 2, 2, 3]);
  });

  it('refuses, changing nothing, when the log does not hold the anchor entry', () => {
    const log = logOf([1, 2]);
    expect(log.maybeAppend(2, 1, 2, ents([3], 3))).toBeUndefined();
    expect(log.maybeAppend(3, 2, 2, ents([3], 4))).toBeUndefined();
    expect(termsOf(log)).toEqual([1, 2]);
    expect(log.committed).toBe(0);
  });

  it('truncates a conflicting suffix and appends the rest', () => {
    const log = logOf([1, 1, 1, 1]);
    expect(log.maybeAppend(1, 1, 0, ents([1, 2], 2))).toBe(3);
    expect(termsOf(log)).toEqual([1, 1, 2]);
  });

  it('keeps entries past the append when they do not conflict (a delayed append must not undo a later one)', () => {
    const log = logOf([1, 1, 1, 1]);
    expect(log.maybeAppend(1, 1, 0, ents([1], 2))).toBe(2);
    expect(termsOf(log)).toEqual([1, 1, 1, 1]);
  });

  it('commits up to the leader commit, but never past the last new entry', () => {
    const log = logOf([1, 1, 1, 1]);
    log.maybeAppend(1, 1, 9, ents([1], 2));
    expect(log.committed).toBe(2);
    log.maybeAppend(2, 1, 3, []);
    expect(log.committed).toBe(2);
    log.maybeAppend(3, 1, 3, []);
    expect(log.committed).toBe(3);
  });

  it('never lowers the commit index', () => {
    const log = logOf([1, 1, 1], 3);
    log.maybeAppend(1, 1, 1, []);
    expect(log.committed).toBe(3);
  });

  it('throws rather than truncate a committed entry', () => {
    const log = logOf([1, 1, 1], 2);
    expect(() => log.maybeAppend(1, 1, 0, ents([2], 2))).toThrow(/conflicts with committed entry/);
  });

  it('throws when the entries do not follow the anchor', () => {
    const log = logOf([1]);
    expect(() => log.maybeAppend(1, 1, 0, ents([1], 3))).toThrow(/carries entry 3/);
  });
});

describe('RaftLog.maybeCommit', () => {
  it('commits an index only if its entry is of the given term', () => {
    const log = logOf([1, 1, 2]);
    expect(log.maybeCommit(2, 2)).toBe(false);
    expect(log.committed).toBe(0);
    expect(log.maybeCommit(3, 2)).toBe(true);
    expect(log.committed).toBe(3);
    expect(log.maybeCommit(3, 2)).toBe(false);
  });

  it('throws when told to commit past the end of the log', () => {
    expect(() => logOf([1]).commitTo(2)).toThrow(/out of range/);
  });
});

describe('RaftLog unstable entries and application', () => {
  it('hands out new entries once, and counts them stable only after advance', () => {
    const log = logOf([1]);
    log.append(ents([1, 1], 2));
    expect(log.unstableEntries().map((e) => e.index)).toEqual([2, 3]);
    log.acceptReady();
    expect(log.hasUnstable()).toBe(false);
    expect(log.stabled).toBe(1);
    log.append(ents([1], 4));
    expect(log.unstableEntries().map((e) => e.index)).toEqual([4]);
    log.advance();
    expect(log.stabled).toBe(3);
  });

  it('hands out again what a truncation replaced, even while it was being persisted', () => {
    const log = logOf([1]);
    log.append(ents([1, 1, 1], 2));
    log.acceptReady(); // 2..4 go to the disk
    log.maybeAppend(2, 1, 0, ents([2, 2], 3)); // a new leader replaces 3..4
    log.advance();
    expect(log.stabled).toBe(2);
    expect(log.unstableEntries()).toEqual([
      { term: 2, index: 3, data: 'e3@2' },
      { term: 2, index: 4, data: 'e4@2' },
    ]);
  });

  it('hands committed entries out for application once, applied after advance', () => {
    const log = logOf([1, 1, 1], 2);
    expect(log.entriesToApply().map((e) => e.index)).toEqual([1, 2]);
    log.acceptReady();
    expect(log.hasEntriesToApply()).toBe(false);
    log.commitTo(3);
    expect(log.entriesToApply().map((e) => e.index)).toEqual([3]);
    expect(log.applied).toBe(0);
    log.advance();
    expect(log.applied).toBe(2);
  });

  it('returns copies, never its own entries', () => {
    const log = logOf([1], 1);
    log.slice(1, 2)[0]!.data = 'changed';
    log.entriesToApply()[0]!.data = 'changed';
    expect(log.slice(1, 2)[0]!.data).toBe('e1@1');
  });
});
