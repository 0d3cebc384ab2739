import { describe, expect, it } from 'vitest';
import { attemptsOf, courseProgress, labHistory, type LogEntry } from './history';
import { attemptMessage, saveMessage } from './message';

/** log builds a newest-first log from oldest-first commits, one second apart. */
function log(...messages: string[]): LogEntry[] {
  return messages.map((message, i) => ({ oid: `c${i}`, message, timestampS: 1_700_000_000 + i })).reverse();
}

const attempt = (lab: string, earned: number, total: number, seed = '7') => attemptMessage({ lab, seed, score: { earned, total }, passed: total > 0 && earned === total });

describe('labHistory', () => {
  it("lists the lab's attempts and saves, newest first, with their times", () => {
    const h = labHistory(log(attempt('a', 1, 3), saveMessage('a', 'saved before Reset to starter'), attempt('b', 3, 3), attempt('a', 2, 3)), 'a');
    expect(h.map((e) => [e.oid, e.kind])).toEqual([
      ['c3', 'attempt'],
      ['c1', 'save'],
      ['c0', 'attempt'],
    ]);
    expect(h[0].timeMs).toBe((1_700_000_000 + 3) * 1000);
    expect(attemptsOf(h).map((a) => a.earned)).toEqual([2, 1]);
  });

  it('skips commits made elsewhere', () => {
    expect(labHistory(log('Initial commit\n', attempt('a', 0, 1)), 'a')).toHaveLength(1);
  });
});

describe('courseProgress', () => {
  it('derives each status from the latest attempt, and counts attempts', () => {
    const p = courseProgress(log(attempt('a', 3, 3), attempt('a', 2, 3), attempt('b', 1, 3), attempt('b', 3, 3), saveMessage('c', 'saved for submission')), ['a', 'b', 'c']);
    expect(p.map((l) => [l.lab, l.status, l.attempts])).toEqual([
      ['a', 'attempted', 2],
      ['b', 'passed', 2],
      ['c', 'not-started', 0],
    ]);
    expect(p[1].latest?.oid).toBe('c3');
    expect(p[2].latest).toBeUndefined();
    expect(p[2].lastActivityMs).toBe((1_700_000_000 + 4) * 1000);
  });

  it('has every lab not started in an empty repository', () => {
    expect(courseProgress([], ['a']).map((l) => [l.status, l.attempts, l.lastActivityMs])).toEqual([['not-started', 0, undefined]]);
  });
});
