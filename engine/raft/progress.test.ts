import { describe, expect, it } from 'vitest';
import { Progress, ProgressTracker, quorumIndex } from './progress';
import { seededRandom } from './testing';

/** naiveQuorumIndex is the definition itself: the largest index that a majority has reached. */
function naiveQuorumIndex(matches: number[]): number {
  const majority = Math.floor(matches.length / 2) + 1;
  let best = 0;
  for (const candidate of matches) {
    if (matches.filter((m) => m >= candidate).length >= majority) best = Math.max(best, candidate);
  }
  return best;
}

describe('quorumIndex', () => {
  it.each([
    [[5], 5],
    [[5, 1], 1],
    [[5, 3, 1], 3],
    [[1, 5, 3], 3],
    [[0, 0, 7, 7, 7], 7],
    [[9, 9, 1, 1, 0], 1],
    [[4, 4, 4, 2], 4],
    [[4, 4, 2, 2], 2],
  ])('of %j is %i', (matches, want) => {
    expect(quorumIndex(matches)).toBe(want);
  });

  it('agrees with the naive definition on random memberships', () => {
    const rng = seededRandom(42);
    for (let run = 0; run < 2000; run++) {
      const matches = Array.from({ length: 1 + rng.intn(7) }, () => rng.intn(10));
      expect(quorumIndex(matches), JSON.stringify(matches)).toBe(naiveQuorumIndex(matches));
    }
  });

  it('does not reorder its argument', () => {
    const matches = [1, 3, 2];
    quorumIndex(matches);
    expect(matches).toEqual([1, 3, 2]);
  });
});

describe('Progress', () => {
  it('ignores acknowledgements at or below match', () => {
    const pr = new Progress(5, 6);
    expect(pr.maybeUpdate(4)).toBe(false);
    expect(pr.maybeUpdate(5)).toBe(false);
    expect(pr.maybeUpdate(7)).toBe(true);
    expect([pr.match, pr.next]).toEqual([7, 8]);
  });

  it('keeps next when an acknowledgement trails what was already sent', () => {
    const pr = new Progress(2, 3);
    pr.becomeReplicate();
    pr.sentAppend(9);
    pr.maybeUpdate(4);
    expect([pr.match, pr.next]).toEqual([4, 10]);
  });

  it('sends one probe at a time, resumed by an answer or a heartbeat response', () => {
    const pr = new Progress(0, 5);
    expect(pr.isPaused()).toBe(false);
    pr.sentAppend(4);
    expect(pr.isPaused()).toBe(true);
    pr.resume();
    expect(pr.isPaused()).toBe(false);
    pr.sentAppend(4);
    pr.maybeDecrTo(4, 1);
    expect(pr.isPaused()).toBe(false);
  });

  it('streams without pausing when replicating', () => {
    const pr = new Progress(3, 4);
    pr.becomeReplicate();
    pr.sentAppend(6);
    pr.sentAppend(8);
    expect(pr.isPaused()).toBe(false);
    expect(pr.next).toBe(9);
  });

  describe('maybeDecrTo while probing', () => {
    it('jumps to the hint', () => {
      const pr = new Progress(0, 10);
      expect(pr.maybeDecrTo(9, 3)).toBe(true);
      expect(pr.next).toBe(4);
    });

    it('never goes past the rejected index, whatever the hint', () => {
      const pr = new Progress(0, 10);
      expect(pr.maybeDecrTo(9, 20)).toBe(true);
      expect(pr.next).toBe(9);
    });

    it('never goes at or below match', () => {
      const pr = new Progress(5, 10);
      expect(pr.maybeDecrTo(9, 1)).toBe(true);
      expect(pr.next).toBe(6);
    });

    it('ignores a rejection of a probe it has moved on from', () => {
      const pr = new Progress(0, 10);
      expect(pr.maybeDecrTo(7, 1)).toBe(false);
      expect(pr.next).toBe(10);
    });
  });

  describe('maybeDecrTo while replicating', () => {
    it('falls back to probing after match', () => {
      const pr = new Progress(5, 6);
      pr.becomeReplicate();
      pr.sentAppend(10);
      expect(pr.maybeDecrTo(8, 6)).toBe(true);
      expect(pr.state).toBe('StateProbe');
      expect(pr.next).toBe(6);
    });

    it('ignores a rejection at or below match (a stale one)', () => {
      const pr = new Progress(5, 6);
      pr.becomeReplicate();
      expect(pr.maybeDecrTo(5, 0)).toBe(false);
      expect(pr.state).toBe('StateReplicate');
    });
  });
});

describe('ProgressTracker', () => {
  it('commits at the index a quorum has stored', () => {
    const t = new ProgressTracker(['a', 'b', 'c', 'd', 'e']);
    t.reset(10, 'a', 10);
    t.get('b').maybeUpdate(8);
    expect(t.committed()).toBe(0);
    t.get('c').maybeUpdate(6);
    expect(t.committed()).toBe(6);
  });

  it('starts every peer probing after the last index, and self at what it persisted', () => {
    const t = new ProgressTracker(['a', 'b']);
    t.reset(7, 'a', 5);
    expect([t.get('a').match, t.get('b').match, t.get('b').next, t.get('b').state]).toEqual([5, 0, 8, 'StateProbe']);
  });

  it('wins at a quorum of grants, loses at a quorum of rejections', () => {
    const t = new ProgressTracker(['a', 'b', 'c', 'd', 'e']);
    t.recordVote('a', true);
    t.recordVote('b', false);
    t.recordVote('c', false);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 2, result: 'VotePending' });
    t.recordVote('d', true);
    t.recordVote('e', true);
    expect(t.tallyVotes().result).toBe('VoteWon');
    t.reset(0, 'a', 0);
    for (const id of ['b', 'c', 'd']) t.recordVote(id, false);
    expect(t.tallyVotes().result).toBe('VoteLost');
  });

  it('counts only the first answer of each member', () => {
    const t = new ProgressTracker(['a', 'b', 'c']);
    t.recordVote('a', true);
    t.recordVote('b', false);
    t.recordVote('b', true);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 1, result: 'VotePending' });
  });

  it('throws when asked about a non-member', () => {
    expect(() => new ProgressTracker(['a']).get('z')).toThrow(/not a member/);
  });
});
