import { describe, expect, it } from 'vitest';
import type { LabProgress } from './history';
import { progressCells, summaryLine } from './course-view';

const passed: LabProgress = {
  lab: 'a',
  status: 'passed',
  attempts: 3,
  latest: { kind: 'attempt', lab: 'a', oid: 'c', seed: '42', earned: 5, total: 5, passed: true, timeMs: 9 },
  lastActivityMs: 10,
};
const fresh: LabProgress = { lab: 'b', status: 'not-started', attempts: 0 };

describe('progressCells', () => {
  it('shows the status, the number of attempts, the latest score with its seed, and the last activity', () => {
    expect(progressCells(passed, (ms) => `t${ms}`)).toEqual({ status: 'passed', attempts: '3', latest: '5/5 (seed 42)', lastActivity: 't10' });
  });

  it('shows dashes for a lab never graded', () => {
    expect(progressCells(fresh, () => 'never called')).toEqual({ status: 'not started', attempts: '0', latest: '–', lastActivity: '–' });
  });
});

describe('summaryLine', () => {
  it('counts the labs by status', () => {
    expect(summaryLine([passed, fresh])).toBe('1 passed, 0 attempted, 1 not started, of 2 labs.');
  });
});
